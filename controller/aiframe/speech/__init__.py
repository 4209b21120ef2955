# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Local speech engines (VAD, end of turn, ASR, TTS) and the model manifest.

Importing this package is cheap: the engines pull in ONNX Runtime, sherpa-onnx
and CTranslate2 only when their own modules are imported.
"""

from __future__ import annotations

__all__: list[str] = []
