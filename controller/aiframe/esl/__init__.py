# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The FreeSWITCH event socket (ESL).

``wire`` is the format: frame envelopes, ``text/event-plain`` bodies and the one
:class:`EslEvent` both clients hand out. ``client.EslConnection`` is the
controller's long-lived gevent client; ``sync.SyncEsl`` is a one-thread client for
code that drives a switch step by step (the doctor, ``aiframe call``, the lab).
Errors are the ``EslError`` family of :mod:`aiframe.errors`. Importing this
package does not import gevent.
"""

from __future__ import annotations

from aiframe.esl.wire import EslEvent, EslFrame, parse_event_plain

__all__ = ["EslEvent", "EslFrame", "parse_event_plain"]
