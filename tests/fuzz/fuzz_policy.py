# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""atheris: any text is a policy pack or a PolicyLoadError naming where it is wrong."""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from aiframe.policy.errors import PolicyLoadError
    from aiframe.policy.loader import load_pack_text


def one(data: bytes) -> None:
    text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data))
    try:
        load_pack_text(text, "fuzz.yaml")
    except PolicyLoadError as e:
        if not str(e):  # an error must say what is wrong
            raise AssertionError("an empty error message") from e


if __name__ == "__main__":
    atheris.Setup(sys.argv, one)
    atheris.Fuzz()
