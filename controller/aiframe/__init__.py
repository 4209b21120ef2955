# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""aiframe: voice-AI infrastructure inside and beside FreeSWITCH."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("aiframe")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"

__all__ = ["__version__"]
