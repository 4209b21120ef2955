# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The exceptions the speech layer raises on purpose.

AiframeError
└── SpeechError            anything in aiframe.speech
    ├── ModelError         the model manifest and cache
    │   ├── UnknownModelError    a name the manifest does not list
    │   ├── ModelNotPulledError  listed, but not (fully) in the cache
    │   ├── ManifestError        the manifest file itself is malformed
    │   ├── FetchError           a source could not be fetched (404, pip failure)
    │   │   └── OfflineError     the host could not be reached at all
    │   ├── ChecksumError        a file's sha256 or size is not the manifest's
    │   └── DiskFullError        not enough room in the cache directory
    ├── AudioError         audio the engines cannot take (rate, format, file)
    └── EngineError        an engine failed to load or to run
"""

from __future__ import annotations

from aiframe.errors import AiframeError


class SpeechError(AiframeError):
    """Base of the speech layer's errors."""


class ModelError(SpeechError):
    """The model manifest or cache."""


class UnknownModelError(ModelError):
    """A model name the manifest does not list."""


class ModelNotPulledError(ModelError):
    """A listed model that is missing from the cache, or only partly there."""


class ManifestError(ModelError):
    """The manifest data file is malformed."""


class FetchError(ModelError):
    """A source could not be fetched."""


class OfflineError(FetchError):
    """The source's host could not be reached at all."""


class ChecksumError(ModelError):
    """A fetched file does not have the manifest's sha256 or size."""


class DiskFullError(ModelError):
    """Not enough free space where the cache lives."""


class AudioError(SpeechError):
    """Audio that the engines cannot take."""


class EngineError(SpeechError):
    """An engine that failed to load or to run."""


__all__ = [
    "AudioError",
    "ChecksumError",
    "DiskFullError",
    "EngineError",
    "FetchError",
    "ManifestError",
    "ModelError",
    "ModelNotPulledError",
    "OfflineError",
    "SpeechError",
    "UnknownModelError",
]
