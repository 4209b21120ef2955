# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import pytest

from aiframe.errors import CommandError
from aiframe.runtime.callcontrol import CallControl

U = "6f0f3a52-3c1d-4d84-9d1e-6a2f1b3c4d5e"


@pytest.fixture
def ctl(commands) -> CallControl:
    return CallControl(commands, timeout=1.0, sip_profile="external", context="agents")


def test_each_operation_is_the_freeswitch_command(ctl, commands) -> None:
    ctl.transfer(U, "1001")
    ctl.transfer(U, "sip:alice@pbx.example.com:5070")
    ctl.bridge(U, "7c9e6679-7425-40de-944b-e07fc1f90ae7")
    ctl.hangup(U, "USER_BUSY")
    ctl.send_dtmf(U, "12#", duration_ms=100)
    ctl.playback(U, "/var/lib/aiframe/prompts/hold.wav")
    ctl.set_var(U, "aiframe_conversation_id", "conv 7")
    ctl.record_start(U, "/tmp/rec-1.wav", limit_s=600)
    ctl.record_stop(U, "/tmp/rec-1.wav")
    assert commands.sent == [
        f"uuid_transfer {U} 1001 XML agents",
        f"uuid_transfer {U} 'bridge:sofia/external/alice@pbx.example.com:5070' inline",
        f"uuid_bridge {U} 7c9e6679-7425-40de-944b-e07fc1f90ae7",
        f"uuid_kill {U} USER_BUSY",
        f"uuid_send_dtmf {U} 12#@100",
        f"uuid_broadcast {U} /var/lib/aiframe/prompts/hold.wav aleg",
        f"uuid_setvar {U} aiframe_conversation_id conv 7",
        f"uuid_record {U} start /tmp/rec-1.wav 600",
        f"uuid_record {U} stop /tmp/rec-1.wav",
    ]


def test_get_var_returns_none_for_an_unset_variable(ctl, commands) -> None:
    commands.replies["uuid_getvar"] = "_undef_"
    assert ctl.get_var(U, "x") is None
    commands.replies["uuid_getvar"] = "conv-1"
    assert ctl.get_var(U, "x") == "conv-1"


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        ("-ERR No such channel!\n", "hangup: FreeSWITCH said -ERR No such channel!"),
        ("-USAGE: <uuid> [cause]\n", "said -USAGE"),
        ("", "said \\(an empty reply\\)"),
    ],
)
def test_failures_are_errors_with_freeswitchs_words(ctl, commands, reply, message) -> None:
    commands.replies["uuid_kill"] = reply
    with pytest.raises(CommandError, match=message):
        ctl.hangup(U)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c: c.transfer(U, "1001\napi shutdown"), "transfer destination"),
        (lambda c: c.transfer(U, "sip:bob@host;transport=tcp"), "SIP URI"),
        (lambda c: c.transfer("bad uuid", "1001"), "call uuid 'bad uuid'"),
        (lambda c: c.hangup(U, "normal"), "hangup cause 'normal'"),
        (lambda c: c.send_dtmf(U, "12x"), "DTMF digits '12x'"),
        (lambda c: c.send_dtmf(U, "1", duration_ms=5), "outside 40..5000"),
        (lambda c: c.playback(U, "/tmp/a b.wav"), "no spaces"),
        (lambda c: c.playback(U, "/tmp/a.wav", leg="left"), "aleg, bleg or both"),
        (lambda c: c.set_var(U, "x-y", "1"), "variable name"),
        (lambda c: c.set_var(U, "x", "a\nb"), "one line"),
        (lambda c: c.record_start(U, "/tmp/r.wav", limit_s=0), "outside 1..86400"),
    ],
)
def test_bad_arguments_are_refused_before_anything_is_sent(ctl, commands, call, message) -> None:
    with pytest.raises(CommandError, match=message):
        call(ctl)
    assert commands.sent == []
