# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Turning a Piper voice (``voice.onnx`` + ``voice.onnx.json``) into what
sherpa-onnx's VITS engine loads: the same network with sherpa's metadata, and a
``tokens.txt`` made from the voice's phoneme-id map.

The metadata is added without the onnx package and without parsing 60 MB of
protobuf: an ONNX file is a serialized ``ModelProto``, and protobuf merges
repeated fields that appear later in the stream, so appending
``metadata_props`` entries (field 14) to a copy of the file is a valid model
with those entries added. The prepared copy lives next to the voice, in
``.sherpa/``, and is rebuilt when missing or older than the voice.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from aiframe.speech.errors import EngineError

_METADATA_PROPS = 14  # ModelProto.metadata_props
_KEY, _VALUE = 1, 2  # StringStringEntryProto.key / .value


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b, n = n & 0x7F, n >> 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _field(number: int, payload: bytes) -> bytes:
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def metadata_blob(meta: dict[str, str]) -> bytes:
    """Serialized ``metadata_props`` entries to append to an ONNX model file."""
    return b"".join(
        _field(_METADATA_PROPS, _field(_KEY, k.encode()) + _field(_VALUE, v.encode()))
        for k, v in meta.items()
    )


@dataclass(frozen=True, slots=True)
class PiperVoice:
    """A Piper voice ready for sherpa-onnx."""

    model: Path
    tokens: Path
    sample_rate: int
    espeak_voice: str
    num_speakers: int
    noise_scale: float = 0.667
    noise_scale_w: float = 0.8
    length_scale: float = 1.0


def prepare_piper(voice_dir: Path) -> PiperVoice:
    """Prepare (once) the sherpa-onnx form of the Piper voice in ``voice_dir``."""
    onnx = sorted(voice_dir.glob("*.onnx"))
    if len(onnx) != 1:
        raise EngineError(f"{voice_dir}: expected one Piper .onnx file, found {len(onnx)}")
    model = onnx[0]
    cfg_path = model.with_name(model.name + ".json")
    try:
        cfg = json.loads(cfg_path.read_text(encoding="utf-8"))
        rate = int(cfg["audio"]["sample_rate"])
        espeak_voice = str(cfg.get("espeak", {}).get("voice", "en-us"))
        speakers = int(cfg.get("num_speakers", 1))
        id_map: dict[str, list[int]] = cfg["phoneme_id_map"]
        inference = cfg.get("inference", {})
        scales = (
            float(inference.get("noise_scale", 0.667)),
            float(inference.get("noise_w", 0.8)),
            float(inference.get("length_scale", 1.0)),
        )
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise EngineError(f"{cfg_path}: not a readable Piper voice config ({e})") from None
    if cfg.get("phoneme_type", "espeak") != "espeak":
        raise EngineError(f"{cfg_path}: phoneme_type {cfg['phoneme_type']!r}; need espeak")
    out_dir = voice_dir / ".sherpa"
    out_model, out_tokens = out_dir / "model.onnx", out_dir / "tokens.txt"
    voice = PiperVoice(out_model, out_tokens, rate, espeak_voice, speakers, *scales)
    fresh = (
        out_model.exists()
        and out_tokens.exists()
        and out_model.stat().st_mtime >= model.stat().st_mtime
        and out_model.stat().st_size > model.stat().st_size
    )
    if fresh:
        return voice
    meta = {
        "model_type": "vits",
        "comment": "piper",
        "language": str(cfg.get("language", {}).get("name_english", "English")),
        "voice": espeak_voice,
        "has_espeak": "1",
        "n_speakers": str(speakers),
        "sample_rate": str(rate),
    }
    tokens = "".join(f"{ph} {ids[0]}\n" for ph, ids in id_map.items() if ph != "\n" and ids)
    try:
        out_dir.mkdir(exist_ok=True)
        tmp = out_dir / f"model.onnx.{os.getpid()}.tmp"
        shutil.copyfile(model, tmp)
        with tmp.open("ab") as f:
            f.write(metadata_blob(meta))
        tmp.replace(out_model)
        out_tokens.write_text(tokens, encoding="utf-8")
    except OSError as e:
        raise EngineError(f"cannot prepare the Piper voice in {out_dir}: {e.strerror}") from None
    return voice


__all__ = ["PiperVoice", "metadata_blob", "prepare_piper"]
