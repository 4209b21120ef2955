# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""One call's owner actor on the embedded host, from the leg's start to its hang-up.

The demo and the soak play their calls this way: the actor is the production one, its
call control goes to the embedded switch, and the call lasts as long as the scripted
caller does.
"""

from __future__ import annotations

import gevent

from aiframe.conversation.settings import ConversationSettings
from aiframe.demo.host import LiveHost
from aiframe.demo.switch import EmbeddedSwitch
from aiframe.media.arena import Attachment
from aiframe.runtime.actor import CallActor
from aiframe.runtime.callcontrol import CallControl
from aiframe.runtime.handler import CallHandler, CallInfo
from aiframe.runtime.messages import Hangup
from aiframe.runtime.pump import MediaPump

__all__ = ["embedded_actor", "play_until_hangup"]


def embedded_actor(
    info: CallInfo,
    handler: CallHandler,
    *,
    attachment: Attachment,
    pump: MediaPump,
    switch: EmbeddedSwitch,
    conv: ConversationSettings,
    downlink_lead_ms: int,
) -> CallActor:
    return CallActor(
        info,
        handler,
        attachment=attachment,
        pump=pump,
        control=CallControl(switch, timeout=2.0),
        downlink_lead_ms=downlink_lead_ms,
        # Above the loop's own deadline, so the loop judges every barge-in.
        barge_in_decide_ms=conv.barge_in.decide_ms + 500,
    )


def play_until_hangup(host: LiveHost, actor: CallActor, pump: MediaPump) -> bool:
    """Start ``actor`` on ``pump`` and wait for the caller to hang up (or the actor to
    fail, which ends the caller); then hang up the actor if it is still running.
    False when it did not end within 5 s of that hang-up."""
    assert actor.route is not None
    pump.add(actor.route)
    actor.start()
    while host.running:
        gevent.sleep(0.05)
        if actor.ended and actor.error is not None:
            host.stop()
    host.join(5)
    if actor.ended:
        return True
    actor.deliver(Hangup("NORMAL_CLEARING"))
    return actor.join(5)
