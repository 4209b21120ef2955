# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""espeak-ng grapheme-to-phoneme, through ctypes on the library and data that
the ``espeakng-loader`` wheel ships (no system espeak needed).

sherpa-onnx 2.x no longer phonemizes; it takes IPA codepoints. Piper voices were
trained on espeak-ng IPA with the clause punctuation kept (``, . ? ! ; :``),
and that punctuation shapes the prosody, so the text is split at punctuation
here, each clause phonemized, and the punctuation put back. espeak-ng keeps
global state and is not thread-safe: one lock serialises it (it takes ~0.1 ms
per clause, far below the synthesis it feeds).
"""

from __future__ import annotations

import ctypes
import re
import threading
import unicodedata

from aiframe.speech.errors import EngineError

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_CHARS_UTF8 = 1
_PHONEMES_IPA = 0x02
_PUNCT = re.compile(r"\s*([,.;:!?]+)\s*")
_lock = threading.Lock()
_lib: ctypes.CDLL | None = None
_voice: str | None = None


def _load() -> ctypes.CDLL:
    global _lib
    if _lib is not None:
        return _lib
    try:
        import espeakng_loader
    except ImportError:
        raise EngineError("espeak-ng is missing: pip install espeakng-loader") from None
    try:
        lib = ctypes.CDLL(espeakng_loader.get_library_path())
    except OSError as e:
        raise EngineError(f"cannot load espeak-ng from espeakng-loader: {e}") from None
    lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
    lib.espeak_Initialize.restype = ctypes.c_int
    lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
    lib.espeak_SetVoiceByName.restype = ctypes.c_int
    lib.espeak_TextToPhonemes.argtypes = [
        ctypes.POINTER(ctypes.c_char_p),
        ctypes.c_int,
        ctypes.c_int,
    ]
    lib.espeak_TextToPhonemes.restype = ctypes.c_char_p
    data = espeakng_loader.get_data_path().encode()
    if lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, data, 0) <= 0:
        raise EngineError(f"espeak-ng failed to initialise with data at {data.decode()}")
    _lib = lib
    return lib


def _clause(lib: ctypes.CDLL, text: str) -> str:
    buf = ctypes.c_char_p(text.encode("utf-8"))
    ptr = ctypes.pointer(buf)
    parts = []
    # espeak-ng returns one clause per call and advances the pointer to the
    # rest; NULL means the text is used up.
    while ptr.contents.value:
        out = lib.espeak_TextToPhonemes(ptr, _CHARS_UTF8, _PHONEMES_IPA)
        if out:
            parts.append(out.decode("utf-8").strip())
    return " ".join(p for p in parts if p)


def phonemize(text: str, voice: str = "en-us") -> str:
    """IPA for ``text`` with its clause punctuation kept, NFD-normalised as Piper expects."""
    global _voice
    pieces = _PUNCT.split(text.strip())
    with _lock:
        lib = _load()
        if voice != _voice:
            if lib.espeak_SetVoiceByName(voice.encode()) != 0:
                raise EngineError(f"espeak-ng has no voice {voice!r}")
            _voice = voice
        out: list[str] = []
        for i, piece in enumerate(pieces):
            if i % 2:  # punctuation
                out.append(piece[0] if piece[0] != "." or len(piece) == 1 else ".")
                out.append(" ")
            elif piece.strip():
                out.append(_clause(lib, piece))
    return unicodedata.normalize("NFD", "".join(out).strip())


__all__ = ["phonemize"]
