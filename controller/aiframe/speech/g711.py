# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""G.711 mu-law, the phone codec: what a SIP caller's RTP carries."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["mulaw_decode", "mulaw_encode"]


def mulaw_encode(pcm: npt.NDArray[np.int16]) -> bytes:
    """G.711 mu-law (the reference algorithm, on 14-bit magnitudes)."""
    x14 = pcm.astype(np.int32) >> 2
    negative = x14 < 0
    mag = np.minimum(np.where(negative, -x14, x14) + 0x21, 0x1FFF)
    seg = np.clip(np.floor(np.log2(mag)).astype(np.int32) - 5, 0, 7)
    value = (seg << 4) | ((mag >> (seg + 1)) & 0x0F)
    byte = value ^ np.where(negative, 0x7F, 0xFF)
    return bytes(byte.astype(np.uint8).tobytes())


def mulaw_decode(data: bytes) -> npt.NDArray[np.int16]:
    """G.711 mu-law bytes back to 16-bit samples."""
    u = ~np.frombuffer(data, dtype=np.uint8).astype(np.int32) & 0xFF
    sign, exponent, mantissa = u & 0x80, (u >> 4) & 0x07, u & 0x0F
    magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84
    out: npt.NDArray[np.int16] = np.where(sign != 0, -magnitude, magnitude).astype(np.int16)
    return out
