# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The owner actor of one call: a greenlet, a bounded mailbox, a lifecycle.

Only the actor's greenlet mutates the call: it takes one message at a time,
in the order they were posted, and runs the handler's hooks. Whatever the
handler starts that takes time (call control, timers) runs in a child
greenlet that posts its result back, so the actor never waits on the network.

Failure is loud. A handler that raises, an illegal lifecycle step or a full
mailbox fails the call: the error is logged with its traceback, the slot's
status says ``failed: ...``, and the channel is hung up with the configured
cause. A call that fails is never left half-alive.
"""

from __future__ import annotations

import contextlib
import itertools
import time
from collections import deque
from collections.abc import Callable

import gevent
import gevent.event
import gevent.pool

from aiframe.errors import CallError, CommandError, MailboxFullError, StaleSlotError
from aiframe.logs import get_logger
from aiframe.media.arena import PCM, Attachment, Counters
from aiframe.runtime.callcontrol import CallControl
from aiframe.runtime.downlink import Speaker
from aiframe.runtime.handler import CallHandler, CallInfo, listening_of
from aiframe.runtime.lifecycle import CallPhase, Lifecycle
from aiframe.runtime.mailbox import Mailbox
from aiframe.runtime.messages import (
    BargeIn,
    CallMessage,
    ControlResult,
    Hangup,
    MediaReady,
    MediaStopped,
    SpeakingFinished,
    TimerFired,
)
from aiframe.runtime.pump import MediaPump, MediaRoute

log = get_logger("actor")

_BARGE_TIMER = "aiframe.barge_in_decide"
_STATUS_MAX = 95


class CallActor:
    """One call's owner. ``start()`` it; post to it with ``deliver``."""

    def __init__(
        self,
        info: CallInfo,
        handler: CallHandler,
        *,
        attachment: Attachment | None = None,
        pump: MediaPump | None = None,
        control: CallControl | None = None,
        mailbox_size: int = 512,
        downlink_lead_ms: int = 100,
        barge_in_decide_ms: int = 600,
        failure_cause: str = "NORMAL_TEMPORARY_FAILURE",
        on_done: Callable[[CallActor], None] | None = None,
        on_handoff: Callable[[CallActor, str], None] | None = None,
    ) -> None:
        self._info = info
        self.lifecycle = Lifecycle(info.uuid)
        self.mailbox = Mailbox(info.uuid, mailbox_size)
        self._handler = handler
        self._att = attachment
        self._pump = pump
        self._control = control
        self._barge_decide_s = barge_in_decide_ms / 1000
        self._failure_cause = failure_cause
        self._on_done = on_done
        self.on_handoff = on_handoff  # told just before the transfer is sent
        self.speaker = (
            Speaker(attachment, info.rate, downlink_lead_ms) if attachment is not None else None
        )
        self.route = (
            MediaRoute(
                attachment,
                self.media_ready,
                info.rate,
                listening=listening_of(handler, info),
                post=self.deliver,
            )
            if attachment is not None
            else None
        )
        self._inline: deque[CallMessage] = deque()
        self._children = gevent.pool.Group()
        self._timers: dict[int, gevent.Greenlet] = {}
        self._ids = itertools.count(1)
        self._marks = itertools.count(1)
        self._media_pending = False
        self._failing = False
        self._early_failure: BaseException | None = None
        self._running = False
        self._transfer_rid: int | None = None
        self._transfer_to = ""
        self._greenlet: gevent.Greenlet | None = None
        self._done = gevent.event.Event()
        self.end_reason = ""
        self.error: BaseException | None = None
        self.handled = 0
        self.status_text = ""
        self.last_tick_ns = 0
        self.log = log.bind(uuid=info.uuid, conversation_id=info.conversation_id)

    @property
    def handler(self) -> CallHandler:
        return self._handler

    # ---- the Call a handler sees -------------------------------------------------

    @property
    def info(self) -> CallInfo:
        return self._info

    @property
    def state(self) -> CallPhase:
        return self.lifecycle.state

    def enter(self, state: CallPhase, why: str) -> None:
        if self.lifecycle.to(state, why):
            self.log.debug("state", state=str(state), why=why)

    def say(self, pcm: PCM, mark_id: int | None = None) -> int:
        if self.speaker is None:
            raise CallError(f"call {self._info.uuid}: no media slot attached; cannot speak")
        self.enter(CallPhase.SPEAKING, "say")
        mid = next(self._marks) if mark_id is None else mark_id
        self.speaker.say(pcm, mid)
        route = self.route
        if route is not None and not route.speaking and self._pump is not None:
            self._pump.speaking(route)
        return mid

    def stop_speaking(self) -> None:
        if self.speaker is not None:
            self._inline.extend(self.speaker.cancel())
        if self.state is CallPhase.SPEAKING:
            self.enter(CallPhase.LISTENING, "stopped speaking")

    def confirm_barge_in(self) -> None:
        self.stop_speaking()

    def resume_speaking(self) -> None:
        if self.speaker is not None and self.speaker.held:
            self.speaker.resume()

    def set_status(self, text: str) -> None:
        self.status_text = text[:_STATUS_MAX]
        if self._att is not None:
            # A gone slot means the end of the call is already on its way.
            with contextlib.suppress(StaleSlotError):
                self._att.set_status(self.status_text)

    def start_timer(self, name: str, seconds: float) -> int:
        token = next(self._ids)
        g = gevent.spawn_later(seconds, self._post_internal, TimerFired(name, token))
        self._children.add(g)
        self._timers[token] = g
        return token

    def cancel_timer(self, token: int) -> None:
        g = self._timers.pop(token, None)
        if g is not None:
            g.kill(block=False)

    def transfer(self, destination: str) -> int:
        """Blind transfer to an extension or a SIP URI.

        mod_aiframe keeps its media bug through a transfer and refuses a second
        start on a channel, so the AI lets go first: a destination that runs the
        aiframe app attaches afresh (same conversation id, carried by the
        channel variable), any other gets the caller alone. If the transfer
        fails after that, the AI is attached again rather than leaving the
        caller in silence.
        """
        ctl = self._need_control()
        ctl.transfer_command(self._info.uuid, destination)  # a bad destination fails here
        self.stop_speaking()
        self.enter(CallPhase.TRANSFERRING, f"transfer to {destination}")
        rid = next(self._ids)
        self._transfer_rid = rid
        self._transfer_to = destination
        # Not a child greenlet: detaching ends this actor, and the hand-off must finish.
        gevent.spawn(_hand_off, self, ctl, rid, destination)
        return rid

    def bridge(self, other_uuid: str) -> int:
        ctl = self._need_control()
        return self._command("bridge", lambda: ctl.bridge(self._info.uuid, other_uuid))

    def hangup(self, cause: str = "NORMAL_CLEARING") -> int:
        ctl = self._need_control()
        return self._command("hangup", lambda: ctl.hangup(self._info.uuid, cause))

    def send_dtmf(self, digits: str) -> int:
        ctl = self._need_control()
        return self._command("send_dtmf", lambda: ctl.send_dtmf(self._info.uuid, digits))

    def playback(self, path: str) -> int:
        ctl = self._need_control()
        return self._command("playback", lambda: ctl.playback(self._info.uuid, path))

    def set_var(self, name: str, value: str) -> int:
        ctl = self._need_control()
        return self._command("set_var", lambda: ctl.set_var(self._info.uuid, name, value))

    def counters(self) -> Counters | None:
        """The slot's counters (None without an attachment); StaleSlotError once released."""
        return self._att.counters() if self._att is not None else None

    def publish(self, subclass: str, headers: dict[str, str]) -> int:
        ctl = self._need_control()
        return self._command("publish", lambda: ctl.publish(self._info.uuid, subclass, headers))

    def get_var(self, name: str) -> int:
        """The value arrives as the ``ControlResult``'s detail (empty when unset)."""
        ctl = self._need_control()
        return self._command("get_var", lambda: ctl.get_var(self._info.uuid, name) or "")

    def record(self, path: str, *, stop: bool = False) -> int:
        ctl = self._need_control()
        if stop:
            return self._command("record_stop", lambda: ctl.record_stop(self._info.uuid, path))
        return self._command("record_start", lambda: ctl.record_start(self._info.uuid, path))

    # ---- what the registry and the pump use --------------------------------------

    @property
    def ended(self) -> bool:
        return bool(self._done.is_set())

    def start(self) -> None:
        self._greenlet = gevent.spawn(self._run)
        self._greenlet.name = f"call-{self._info.uuid}"

    def deliver(self, msg: CallMessage) -> bool:
        """Queue a message without blocking; False once the call has ended.

        A full mailbox fails the call (loudly) instead of dropping the message.
        """
        try:
            return self.mailbox.offer(msg)
        except MailboxFullError as e:
            self._fail_from_outside(e)
            return False

    def post(self, msg: CallMessage, timeout: float) -> bool:
        """Queue a message, waiting up to ``timeout`` s for room (greenlets only)."""
        try:
            return self.mailbox.post(msg, timeout)
        except MailboxFullError as e:
            self._fail_from_outside(e)
            return False

    def media_ready(self) -> None:
        """Called in the hub when the pump handed over audio; never blocks or raises."""
        if self._media_pending or self.mailbox.closed:
            return
        try:
            self.mailbox.offer(MediaReady())
        except MailboxFullError:
            return  # the actor is busy with messages and drains media after each one
        self._media_pending = True

    def stop(self, reason: str, timeout: float = 2.0) -> None:
        """End the actor from outside (controller shutdown); the call itself lives on."""
        if self._greenlet is None or self._greenlet.dead:
            return
        if not self.end_reason:
            self.end_reason = reason
        if self._running:
            self._greenlet.kill(block=True, timeout=timeout)
        else:
            self._early_failure = self._early_failure or gevent.GreenletExit()
            self._done.wait(timeout)

    def join(self, timeout: float | None = None) -> bool:
        return bool(self._done.wait(timeout))

    # ---- inside the actor's greenlet ---------------------------------------------

    def _run(self) -> None:
        self._running = True
        try:
            if self._early_failure is not None:
                raise self._early_failure
            self.set_status(f"attached conv={self._info.conversation_id}")
            self._handler.on_start(self)
            if self.state is CallPhase.ATTACHED:
                self.enter(CallPhase.LISTENING, "handler started")
            self._drain_inline()
            self._drain_media()
            while not self.lifecycle.ended:
                self._dispatch(self.mailbox.take())
                self._drain_inline()
                if not self.lifecycle.ended:
                    self._drain_media()
        except gevent.GreenletExit:
            self.end_reason = self.end_reason or "stopped"
        except Exception as e:
            self._fail(e)
        finally:
            self._finish()

    def _dispatch(self, msg: CallMessage) -> None:
        self.handled += 1
        if isinstance(msg, MediaReady):
            self._media_pending = False
        elif isinstance(msg, Hangup):
            self._end(f"hangup: {msg.cause}")
        elif isinstance(msg, MediaStopped):
            self._media_ended(msg.reason)
        elif isinstance(msg, TimerFired) and msg.name == _BARGE_TIMER:
            self._timers.pop(msg.token, None)
            if self.speaker is not None and self.speaker.held:
                self.log.info("barge-in undecided; confirming", after_s=self._barge_decide_s)
                self.confirm_barge_in()
        else:
            if isinstance(msg, TimerFired):
                self._timers.pop(msg.token, None)
            elif isinstance(msg, ControlResult):
                self._on_control(msg)
            self._handler.on_message(self, msg)

    def _drain_inline(self) -> None:
        while self._inline and not self.lifecycle.ended:
            msg = self._inline.popleft()
            if isinstance(msg, SpeakingFinished) and self.state is CallPhase.SPEAKING:
                self.enter(CallPhase.LISTENING, "finished speaking")
            self._handler.on_message(self, msg)
            if isinstance(msg, BargeIn) and self.speaker is not None and self.speaker.held:
                self.start_timer(_BARGE_TIMER, self._barge_decide_s)

    def _drain_media(self) -> None:
        route = self.route
        if route is None:
            return
        chunks = route.take()
        for pcm, at_ns in chunks:
            self._handler.on_audio(self, pcm, at_ns)
        if route.starved and self._pump is not None:
            route.starved = False
            self._pump.kick(route.index)
        if route.gone:
            self._media_ended("slot released")
            return
        if self.speaker is not None and (chunks or self.speaker.needs_tick):
            try:
                self._inline.extend(self.speaker.tick())
            except StaleSlotError:
                self._media_ended("slot released")
                return
            self.last_tick_ns = time.monotonic_ns()
            route.speaking = self.speaker.needs_tick
            self._drain_inline()

    def _on_control(self, msg: ControlResult) -> None:
        if not msg.ok:
            self.log.warning("call control failed", op=msg.op, detail=msg.detail)
        if msg.request_id == self._transfer_rid:
            self._transfer_rid = None
            if not msg.ok and self.state is CallPhase.TRANSFERRING:
                self.enter(CallPhase.LISTENING, f"transfer failed: {msg.detail}")

    def _media_ended(self, reason: str) -> None:
        # The module fires aiframe::stop and releases the slot at once, so the
        # pump may see the release before ESL delivers the event: either way
        # during a transfer it is the hand-off.
        if self.state is CallPhase.TRANSFERRING:
            self._end(f"handed off for transfer to {self._transfer_to}")
        else:
            self._end(f"media stopped: {reason}")

    def _end(self, reason: str) -> None:
        if not self.lifecycle.ended:
            self.end_reason = reason
            self.lifecycle.to(CallPhase.ENDED, reason)

    def _need_control(self) -> CallControl:
        if self._control is None:
            raise CallError(f"call {self._info.uuid}: no call control (not connected to a switch)")
        return self._control

    def _command(self, op: str, fn: Callable[[], str]) -> int:
        rid = next(self._ids)

        def run() -> None:
            try:
                detail, ok = fn(), True
            except CommandError as e:
                detail, ok = str(e), False
            self._post_internal(ControlResult(rid, op, ok, detail))

        self._children.spawn(run)
        return rid

    def _post_internal(self, msg: CallMessage) -> None:
        self.deliver(msg)

    def _fail_from_outside(self, error: BaseException) -> None:
        self.mailbox.discarded += 1  # the message that did not fit is counted, not hidden
        g = self._greenlet
        if g is gevent.getcurrent():
            raise error
        if self._failing or g is None or g.dead:
            return
        self._failing = True  # one failure is enough; a second would hit the cleanup
        if self._running:
            g.kill(exception=error, block=False)
        else:
            # Killing a greenlet that never ran would skip its cleanup: let it
            # start and fail first thing instead.
            self._early_failure = error

    def _fail(self, error: BaseException) -> None:
        self.error = error
        self.log.error(
            "call actor failed; failing the call",
            state=str(self.state),
            error=f"{type(error).__name__}: {error}",
            exc_info=error,
        )
        self.set_status(f"failed: {type(error).__name__}: {error}")
        self._end(f"failed: {type(error).__name__}: {error}")
        if self._control is not None:
            ctl, uuid, cause = self._control, self._info.uuid, self._failure_cause
            gevent.spawn(_hangup_quietly, ctl, uuid, cause)

    def _finish(self) -> None:
        left = self.mailbox.close()
        self._children.kill(block=True, timeout=1.0)
        if self._pump is not None and self.route is not None:
            self._pump.remove(self.route)
        if self.error is None and not self.lifecycle.ended:
            self.lifecycle.to(CallPhase.ENDED, self.end_reason or "stopped")
        try:
            self._handler.on_end(self, self.end_reason)
        except Exception as e:
            self.log.error("handler failed while ending the call", exc_info=e)
            self.error = self.error or e
        self.log.info(
            "call ended",
            reason=self.end_reason,
            handled=self.handled,
            discarded=self.mailbox.discarded,
            left_queued=len(left),
        )
        self._done.set()
        if self._on_done is not None:
            self._on_done(self)


def _hand_off(actor: CallActor, ctl: CallControl, rid: int, destination: str) -> None:
    info = actor.info
    try:
        ctl.detach(info.uuid)
    except CommandError as e:
        actor.deliver(ControlResult(rid, "transfer", False, f"could not detach first: {e}"))
        return
    if actor.on_handoff is not None:
        actor.on_handoff(actor, destination)  # watched from before the switch acts
    try:
        detail = ctl.transfer(info.uuid, destination)
    except CommandError as e:
        actor.deliver(ControlResult(rid, "transfer", False, str(e)))
        if "No such channel" in str(e) or actor.end_reason.startswith("hangup"):
            return  # the caller is gone: nothing to hand back
        log.warning("transfer failed; attaching the AI again", uuid=info.uuid, error=str(e))
        safe = {k: v for k, v in info.args.items() if v and not any(c.isspace() for c in v)}
        try:
            ctl.attach(info.uuid, safe)
        except CommandError as e2:
            log.error(
                "could not attach the AI again after a failed transfer",
                uuid=info.uuid,
                error=str(e2),
            )
        return
    actor.deliver(ControlResult(rid, "transfer", True, detail))


def _hangup_quietly(ctl: CallControl, uuid: str, cause: str) -> None:
    try:
        ctl.hangup(uuid, cause)
    except CommandError as e:
        log.warning("could not hang up a failed call", uuid=uuid, error=str(e))


__all__ = ["CallActor"]
