# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The ``[speech]`` section of the configuration: cache, engines, thresholds."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/aiframe/models``, or ``~/.cache/aiframe/models``."""
    base = os.environ.get("XDG_CACHE_HOME") or ""
    root = Path(base) if base.strip() else Path.home() / ".cache"
    return root / "aiframe" / "models"


_configured_cache: list[Path] = []


def use_cache_dir(path: Path) -> None:
    """The model cache of this process, as the loaded configuration names it; models
    loaded outside the speech engines (the policy gate's encoder) are looked for there."""
    _configured_cache[:] = [Path(path)]


def process_cache_dir() -> Path:
    """The configured model cache, or :func:`default_cache_dir` before any is loaded."""
    return _configured_cache[0] if _configured_cache else default_cache_dir()


class VadSettings(BaseModel):
    """Voice activity detection (silero)."""

    model_config = ConfigDict(extra="forbid")

    model: str = "silero-vad"
    # The same silero model either way. onnxruntime shares one session and batches every
    # call's windows into one inference (1 KB of state a call); sherpa-onnx keeps a model
    # object per call (~8 MB, ~100 ms to create) and cannot batch.
    backend: Literal["sherpa-onnx", "onnxruntime"] = "onnxruntime"
    threshold: float = Field(default=0.5, gt=0.0, lt=1.0)
    min_speech_ms: int = Field(default=250, ge=0, le=5000)
    min_silence_ms: int = Field(default=300, ge=32, le=10000)
    # onnxruntime backend: once the line has been quieter than this for half a second
    # (RMS, 16-bit units; 50 is about -56 dBFS, under any speech a phone line carries)
    # and no speech is in progress, its windows skip the model: probability 0, the
    # model's state kept. Saves most of the VAD's cost on quiet lines; 0 runs every window.
    gate_rms: float = Field(default=50.0, ge=0.0, le=1000.0)


class TurnSettings(BaseModel):
    """End-of-turn detection (smart-turn)."""

    model_config = ConfigDict(extra="forbid")

    model: str = "smart-turn-v3.2"
    threshold: float = Field(default=0.5, gt=0.0, lt=1.0)


class AsrSettings(BaseModel):
    """Speech recognition."""

    model_config = ConfigDict(extra="forbid")

    model: str = "whisper-tiny.en"
    beam_size: int = Field(default=1, ge=1, le=8)
    window: Literal["fit", "30s"] = Field(
        default="fit",
        description="fit: encode max(min_window_s, utterance + 1 s); 30s: stock Whisper pad",
    )
    min_window_s: int = Field(
        default=15,
        ge=1,
        le=30,
        description="shortest encoder window; below ~15 s Whisper starts repeating itself",
    )


class TtsSettings(BaseModel):
    """Speech synthesis."""

    model_config = ConfigDict(extra="forbid")

    model: str = "piper-en_US-joe-medium"
    speed: float = Field(default=1.0, gt=0.25, le=4.0)
    speaker: int = Field(default=0, ge=0)
    noise_scale: float | None = Field(
        default=None, ge=0.0, le=2.0, description="VITS voice variation; None: the voice's own"
    )
    noise_scale_w: float | None = Field(
        default=None, ge=0.0, le=2.0, description="VITS timing variation; None: the voice's own"
    )


class SpeechSettings(BaseModel):
    """Local speech models: where they are cached and which engines run them."""

    model_config = ConfigDict(extra="forbid")

    cache_dir: Path = Field(default_factory=default_cache_dir)
    workers: int = Field(default=0, ge=0, le=256, description="inference threads; 0 = cores")
    pip_index_url: str | None = None
    pip_find_links: str | None = None
    vad: VadSettings = VadSettings()
    turn: TurnSettings = TurnSettings()
    asr: AsrSettings = AsrSettings()
    tts: TtsSettings = TtsSettings()


__all__ = [
    "AsrSettings",
    "SpeechSettings",
    "TtsSettings",
    "TurnSettings",
    "VadSettings",
    "default_cache_dir",
    "process_cache_dir",
    "use_cache_dir",
]
