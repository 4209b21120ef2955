# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""atheris: any file is a caller script or a ScriptError naming where it is wrong."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from aiframe.demo.script import ScriptError, load_script

_FILE = Path(tempfile.mkdtemp(prefix="aiframe-fuzz-")) / "script.yaml"


def one(data: bytes) -> None:
    _FILE.write_bytes(data)
    try:
        load_script(_FILE)
    except ScriptError as e:
        if not str(e):  # an error must say what is wrong
            raise AssertionError("an empty error message") from e


if __name__ == "__main__":
    atheris.Setup(sys.argv, one)
    atheris.Fuzz()
