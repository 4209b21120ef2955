# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""atheris: any bytes on the event socket are an event or an EslProtocolError, and any
event is routed or refused with an EslProtocolError; nothing else escapes."""

from __future__ import annotations

import contextlib
import sys

import atheris

with atheris.instrument_imports():
    from aiframe.errors import EslProtocolError
    from aiframe.esl.wire import parse_event_plain
    from aiframe.runtime import events as ev_


def one(data: bytes) -> None:
    try:
        ev = parse_event_plain(data)
    except EslProtocolError:
        return
    for parse in (ev_.parse_start, ev_.parse_stop, ev_.parse_command, ev_.channel_message):
        with contextlib.suppress(EslProtocolError):
            parse(ev)  # type: ignore[operator]


if __name__ == "__main__":
    atheris.Setup(sys.argv, one)
    atheris.Fuzz()
