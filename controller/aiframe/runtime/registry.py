# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The call registry: which actor owns which call.

``aiframe::start`` attaches the slot (uuid + generation) and starts the call's
actor; ``aiframe::stop`` or a hangup reaches the actor, which finishes and
leaves the registry. Channel events are routed by uuid into the owning actor's
mailbox in the order they arrived. After a reconnect (or at start-up),
``resync`` compares live channels and active slots with the registry: calls
that ended while we were away are finished, live calls we do not know yet are
attached.
"""

from __future__ import annotations

import os
import uuid as uuidlib
from collections.abc import Callable
from dataclasses import dataclass

import gevent

from aiframe.config import ControllerSettings
from aiframe.errors import CommandError, EslProtocolError, MediaError
from aiframe.esl.wire import EslEvent
from aiframe.logs import get_logger
from aiframe.media.arena import Arena, SlotState
from aiframe.metrics import (
    CALLS,
    CALLS_ACTIVE,
    CALLS_FAILED,
    CONTROLLER_LOST,
    CONTROLLER_LOST_SECONDS,
    RING_KINDS,
)
from aiframe.runtime import events as ev_
from aiframe.runtime.actor import CallActor
from aiframe.runtime.callcontrol import CallControl
from aiframe.runtime.handler import CallInfo, HandlerFactory
from aiframe.runtime.handoff import HandoffWatches
from aiframe.runtime.messages import AdminCommand, CallMessage, Hangup, MediaStopped
from aiframe.runtime.pump import MediaPump

log = get_logger("registry")

_TICK_S = 0.02
_RING_SAMPLE_TICKS = 50  # a second


@dataclass(slots=True)
class RegistryStats:
    started: int = 0
    reattached: int = 0
    ended: int = 0
    failed: int = 0
    malformed: int = 0
    refused: int = 0
    controller_lost: int = 0  # aiframe::controller_lost events, one per call per outage
    controller_back: int = 0
    media_notices: int = 0  # aiframe::barge_in and aiframe::playout: for operators only


@dataclass(frozen=True, slots=True)
class ResyncReport:
    attached: int
    ended: int
    live: int


class CallRegistry:
    """Lives in the hub; every method runs in a greenlet, never in the pump thread."""

    def __init__(
        self,
        arena: Arena,
        pump: MediaPump | None,
        control: CallControl | None,
        handler_factory: HandlerFactory,
        settings: ControllerSettings,
        *,
        on_command: Callable[[str], None] | None = None,
        on_empty: Callable[[], None] | None = None,
    ) -> None:
        self.arena = arena
        self.pump = pump
        self.control = control
        self.handler_factory = handler_factory
        self.settings = settings
        self.on_command = on_command
        self.on_empty = on_empty
        self.calls: dict[str, CallActor] = {}
        # Calls whose handler is being built: the factory may wait (models, the store), and
        # a re-sync and the module's start event can race to attach the same call.
        self._attaching: dict[str, tuple[int, int]] = {}
        # Ring counters for the metrics: each live call's as last sampled, and the sum of
        # ended calls' last samples (a released slot cannot be read any more).
        self._ring_seen: dict[str, dict[str, int]] = {}
        self._ring_ended = dict.fromkeys(RING_KINDS, 0)
        self.stats = RegistryStats()
        self.handoffs = HandoffWatches()
        self._clock: gevent.Greenlet | None = None

    # ---- events ------------------------------------------------------------------

    def on_event(self, ev: EslEvent) -> None:
        """Route one ESL event. A malformed event is logged and skipped."""
        try:
            self._route(ev)
        except EslProtocolError as e:
            self.stats.malformed += 1
            log.warning("skipping a malformed event", kind=ev.subclass or ev.name, error=str(e))

    def _route(self, ev: EslEvent) -> None:
        sub = ev.subclass if ev.name == "CUSTOM" else ""
        if sub == ev_.START:
            self.start_call(ev_.parse_start(ev))
        elif sub == ev_.STOP:
            stop = ev_.parse_stop(ev)
            actor = self.calls.get(stop.uuid)
            if actor is None:
                return
            if stop.generation is not None and stop.generation != actor.info.generation:
                # The stop of an earlier attach of this channel, not of this one.
                log.debug("stale stop ignored", uuid=stop.uuid, generation=stop.generation)
                return
            actor.deliver(MediaStopped(stop.reason, stop.counters))
        elif sub in (ev_.BARGE_IN, ev_.PLAYOUT):
            # The slot holds the same facts, and the media lane wakes a speaking call's
            # actor every 20 ms to read them: the event is the operator's, not a second
            # way in for the actor.
            self.stats.media_notices += 1
        elif sub == ev_.COMMAND:
            command = ev_.parse_command(ev)
            if self.on_command is not None:
                self.on_command(command)
        elif sub == ev_.CONTROLLER_LOST:
            uuid, lost = ev_.parse_controller_lost(ev)
            self.stats.controller_lost += 1
            CONTROLLER_LOST.inc()
            # Our own pid: our heartbeats did not reach the module in time (the hub or the
            # pump stalled); another pid: a controller before us, or one beside us.
            log.error(
                "the module counts the controller as gone for a call",
                uuid=uuid,
                heartbeat_age_ms=lost.heartbeat_age_ms,
                heartbeat_pid=lost.heartbeat_pid,
                ours=lost.heartbeat_pid == os.getpid(),
                caller_hears=lost.caller_hears,
                fallback_after_ms=lost.fallback_after_ms,
                known=uuid in self.calls,
            )
            self._deliver(uuid, lost)
        elif sub == ev_.CONTROLLER_BACK:
            uuid, back = ev_.parse_controller_back(ev)
            self.stats.controller_back += 1
            CONTROLLER_LOST_SECONDS.observe(back.lost_ms / 1000)
            log.warning(
                "the module hears the controller again for a call",
                uuid=uuid,
                lost_ms=back.lost_ms,
                heartbeat_pid=back.heartbeat_pid,
                ours=back.heartbeat_pid == os.getpid(),
            )
            self._deliver(uuid, back)
        else:
            routed = ev_.channel_message(ev)
            if routed is None:
                return
            uuids, msg = routed
            for u in uuids:
                self.handoffs.on_message(u, msg)
                self._deliver(u, msg)

    def _deliver(self, uuid: str, msg: CallMessage) -> None:
        actor = self.calls.get(uuid) if uuid else None
        if actor is not None:
            actor.deliver(msg)

    # ---- calls -------------------------------------------------------------------

    def start_call(self, start: ev_.StartEvent, *, reattached: bool = False) -> CallActor | None:
        if self._attaching.get(start.uuid) == (start.slot, start.generation):
            log.debug("duplicate start ignored (already attaching)", uuid=start.uuid)
            return None
        self._attaching[start.uuid] = (start.slot, start.generation)
        try:
            return self._start_call(start, reattached)
        finally:
            self._attaching.pop(start.uuid, None)

    def _start_call(self, start: ev_.StartEvent, reattached: bool) -> CallActor | None:
        self.handoffs.forget(start.uuid)  # a transfer that came back to the AI
        old = self.calls.get(start.uuid)
        if old is not None:
            if (old.info.slot, old.info.generation) == (start.slot, start.generation):
                log.debug("duplicate start ignored", uuid=start.uuid)
                return old
            old.deliver(MediaStopped(f"restarted on slot {start.slot} gen {start.generation}"))
        if start.arena and os.path.realpath(start.arena) != os.path.realpath(self.arena.path):
            self.stats.refused += 1
            log.error(
                "the call is on another arena; not taking it (set media.arena_path to the "
                "module's arena-path)",
                uuid=start.uuid,
                module_arena=start.arena,
                controller_arena=str(self.arena.path),
            )
            return None
        try:
            att = self.arena.attach(start.slot, start.uuid, start.generation)
        except MediaError as e:
            self.stats.refused += 1
            log.warning(
                "cannot attach the call's slot; not taking it", uuid=start.uuid, error=str(e)
            )
            return None
        conversation_id = start.conversation_id or str(uuidlib.uuid4())
        info = CallInfo(
            uuid=start.uuid,
            slot=start.slot,
            generation=start.generation,
            rate=start.rate,
            conversation_id=conversation_id,
            caller_id=start.caller_id,
            args=dict(start.args),
            reattached=reattached,
        )
        s = self.settings
        try:
            handler = self.handler_factory(info)
        except Exception as e:
            self.stats.failed += 1
            log.error("handler factory failed; failing the call", uuid=start.uuid, exc_info=e)
            self._hangup_later(start.uuid, s.failure_cause)
            return None
        actor = CallActor(
            info,
            handler,
            attachment=att,
            pump=self.pump,
            control=self.control,
            mailbox_size=s.mailbox_size,
            downlink_lead_ms=s.downlink_lead_ms,
            barge_in_decide_ms=s.barge_in_decide_ms,
            failure_cause=s.failure_cause,
            on_done=self._done,
            on_handoff=self._watch_handoff,
        )
        self.calls[start.uuid] = actor
        CALLS_ACTIVE.inc()
        CALLS.labels("reattached" if reattached else "start").inc()
        if reattached:
            self.stats.reattached += 1
        else:
            self.stats.started += 1
        if not start.conversation_id and self.control is not None:
            gevent.spawn(self._set_conversation_var, start.uuid, conversation_id)
        if self.pump is not None and actor.route is not None:
            self.pump.add(actor.route)
        actor.start()
        log.info(
            "call attached",
            uuid=start.uuid,
            slot=start.slot,
            generation=start.generation,
            conversation_id=conversation_id,
            reattached=reattached,
        )
        return actor

    def _done(self, actor: CallActor) -> None:
        if self.calls.get(actor.info.uuid) is actor:
            del self.calls[actor.info.uuid]
            CALLS_ACTIVE.dec()
        self._sample_ring(actor)
        for k, v in self._ring_seen.pop(actor.info.uuid, {}).items():
            self._ring_ended[k] += v
        self.stats.ended += 1
        if actor.error is not None:
            self.stats.failed += 1
            CALLS_FAILED.inc()
        if not self.calls and self.on_empty is not None:
            self.on_empty()

    def _watch_handoff(self, actor: CallActor, destination: str) -> None:
        """After the AI lets go, what the switch does with the caller is still the
        call's story: its handler hears of the bridge or the hangup that follows."""
        tell = getattr(actor.handler, "on_handoff_outcome", None)
        if callable(tell):
            self.handoffs.add(actor.info.uuid, destination, tell)

    def _set_conversation_var(self, uuid: str, conversation_id: str) -> None:
        assert self.control is not None
        try:
            self.control.set_var(uuid, ev_.CONVERSATION_VAR, conversation_id)
        except CommandError as e:
            log.warning(
                "could not record the conversation id on the channel", uuid=uuid, error=str(e)
            )

    def _hangup_later(self, uuid: str, cause: str) -> None:
        ctl = self.control
        if ctl is None:
            return

        def run() -> None:
            try:
                ctl.hangup(uuid, cause)
            except CommandError as e:
                log.warning("could not hang up a call we could not take", uuid=uuid, error=str(e))

        gevent.spawn(run)

    def broadcast(self, command: str) -> int:
        if command not in ("reload", "drain"):
            raise ValueError(command)
        msg = AdminCommand("reload" if command == "reload" else "drain")
        return sum(1 for a in list(self.calls.values()) if a.deliver(msg))

    # ---- re-sync -----------------------------------------------------------------

    def resync(self, live_channels: set[str]) -> ResyncReport:
        """Make the registry agree with the switch's channels and the arena's slots."""
        ended = 0
        for uuid, actor in list(self.calls.items()):
            if uuid not in live_channels:
                actor.deliver(Hangup("GONE_WHILE_DISCONNECTED"))
                ended += 1
            elif not _slot_holds(self.arena, actor.info):
                actor.deliver(MediaStopped("slot released while disconnected"))
                ended += 1
        attached = 0
        for slot in self.arena.active_slots():
            if slot.uuid in self.calls or slot.uuid not in live_channels:
                continue
            conversation_id = self._conversation_of(slot.uuid)
            start = ev_.StartEvent(
                uuid=slot.uuid,
                slot=slot.index,
                generation=slot.generation,
                rate=slot.sample_rate,
                conversation_id=conversation_id,
                caller_id="",
            )
            if self.start_call(start, reattached=True) is not None:
                attached += 1
        return ResyncReport(attached=attached, ended=ended, live=len(self.calls))

    def _conversation_of(self, uuid: str) -> str:
        if self.control is None:
            return ""
        try:
            return self.control.get_var(uuid, ev_.CONVERSATION_VAR) or ""
        except CommandError as e:
            log.warning("could not read the conversation id", uuid=uuid, error=str(e))
            return ""

    # ---- metrics ---------------------------------------------------------------------

    def _sample_ring(self, actor: CallActor) -> None:
        try:
            c = actor.counters()
        except MediaError:
            return  # released already: the last sample stands
        if c is not None:
            self._ring_seen[actor.info.uuid] = {k: int(getattr(c, k)) for k in RING_KINDS}

    def ring_totals(self) -> dict[str, int]:
        """Every call's ring counters, summed (read by the metrics endpoint)."""
        out = dict(self._ring_ended)
        for seen in list(self._ring_seen.values()):
            for k, v in seen.items():
                out[k] += v
        return out

    # ---- the ring sampling clock and shutdown ------------------------------------

    def start_clock(self) -> None:
        """Sample every call's ring fill now and then (speaking calls are woken by the
        media lane's own clock)."""
        self._clock = gevent.spawn(self._tick_loop)

    def _tick_loop(self) -> None:
        while True:
            gevent.sleep(_TICK_S * _RING_SAMPLE_TICKS)
            for actor in list(self.calls.values()):
                self._sample_ring(actor)

    def stop_all(self, reason: str) -> None:
        if self._clock is not None:
            self._clock.kill(block=False)
            self._clock = None
        for actor in list(self.calls.values()):
            actor.stop(reason)


def _slot_holds(arena: Arena, info: CallInfo) -> bool:
    try:
        s = arena.slot_info(info.slot)
    except MediaError:
        return False
    return s.state == SlotState.ACTIVE and s.generation == info.generation and s.uuid == info.uuid


__all__ = ["CallRegistry", "RegistryStats", "ResyncReport"]
