# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The one name for audio as the media plane and the speech engines share it: signed
16-bit linear PCM, mono, at the call's rate."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

PCM = npt.NDArray[np.int16]

__all__ = ["PCM"]
