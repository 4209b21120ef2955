# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The controller process: its link to the switch, arena, pump, registry, heartbeats,
operator commands.

Start-up failures are one-line ``AiframeError``s: the default password, a
refused connection, a wrong password, FreeSWITCH without mod_aiframe, an arena
that does not check out. Once running, a dropped event socket is not fatal:
calls keep their media through the arena while the link to the switch
(:mod:`aiframe.runtime.switchlink`) reconnects with backoff, subscribes again and
the registry re-syncs (live channels against active slots). Only a password that
stops working is fatal after start-up.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

import gevent
import gevent.event

from aiframe.config import Settings
from aiframe.errors import (
    AiframeError,
    ArenaReplacedError,
    CommandError,
    ConfigError,
    ControllerActiveError,
    HandlerPrepareError,
)
from aiframe.esl.client import EslConnection
from aiframe.esl.wire import EslEvent
from aiframe.logs import configure_logging, get_logger
from aiframe.media.arena import Arena
from aiframe.metrics import RUNTIME, serve
from aiframe.runtime.callcontrol import CallControl
from aiframe.runtime.gcfreeze import collect_now, freeze_startup_objects
from aiframe.runtime.handler import CONVERSATION, LISTEN_ONLY, HandlerFactory, load_factory
from aiframe.runtime.health import Heartbeat, other_controller
from aiframe.runtime.pump import MediaPump
from aiframe.runtime.registry import CallRegistry
from aiframe.runtime.switchlink import LinkStats, SwitchLink, check_password

log = get_logger("controller")

REPORT_SUBCLASS = "aiframe::controller"


class Controller:
    """``run()`` blocks until stopped, drained or failed; call it from a greenlet."""

    def __init__(
        self,
        settings: Settings,
        *,
        handler_factory: HandlerFactory | None = None,
        reload: Callable[[], Settings] | None = None,
    ) -> None:
        self.settings = settings
        self.handler_factory = handler_factory or load_factory(settings.controller.handler)
        self._reload = reload
        self.arena: Arena | None = None
        self.pump: MediaPump | None = None
        self.registry: CallRegistry | None = None
        self.heartbeat: Heartbeat | None = None
        self.control: CallControl | None = None
        self.draining = False
        self.ready = gevent.event.Event()  # set once attached and in sync the first time
        self._stopping = gevent.event.Event()
        self._fatal: BaseException | None = None
        self._greenlets: list[gevent.Greenlet] = []
        self.link = SwitchLink(
            settings.esl,
            on_event=self._on_event,
            on_sync=self._resync,
            fail=self._fail,
            stopping=self._stopping,
        )
        self._reports: list[gevent.Greenlet] = []
        self._metrics: Any = None
        self._arena_id: tuple[int, int] | None = None  # (st_dev, st_ino) of what we mapped

    @property
    def conn(self) -> EslConnection | None:
        """The current event-socket connection (None before the first)."""
        return self.link.conn

    @property
    def stats(self) -> LinkStats:
        return self.link.stats

    # ---- life --------------------------------------------------------------------

    def _check_sole_controller(self) -> None:
        try:
            arena = Arena.open(self.settings.media.arena_path)
        except AiframeError:
            return  # no arena yet: the switch makes it; checked again once mapped
        try:
            other = other_controller(arena)
        finally:
            arena.close()
        if other is not None:
            raise ControllerActiveError(other)

    def _prepare_handler(self) -> None:
        """Let the call behaviour load what it needs (speech models: ~10 s) before the
        first call is attached. Loaded by the first call instead, it would hold the hub
        while every call's uplink overflowed. Until this returns the arena shows no
        controller, so the module treats new calls as it does with none running."""
        hook = getattr(self.handler_factory, "prepare", None)
        spec = self.settings.controller.handler
        if spec == LISTEN_ONLY:
            log.warning(
                "the call handler only listens: callers hear no agent",
                handler=spec,
                fix=f'set controller.handler = "{CONVERSATION}"',
            )
        if not callable(hook):
            log.info("call behaviour", handler=spec)
            return
        t0 = time.monotonic()
        try:
            described = hook(self.settings)
        except AiframeError as e:
            # A controller that would fail every call exits instead (status 2, which
            # systemd shows and does not restart), naming what to fix.
            raise HandlerPrepareError(
                f"cannot prepare the call behaviour ({self.settings.controller.handler}): {e}"
            ) from None
        log.info(
            "call behaviour prepared",
            handler=self.settings.controller.handler,
            took_s=round(time.monotonic() - t0, 1),
            **(described if isinstance(described, dict) else {}),
        )
        freeze_startup_objects()

    def run(self) -> int:
        check_password(self.settings.esl)
        self._check_sole_controller()  # before the models load: refuse in a moment
        self._prepare_handler()
        first = self.link.connect_first()
        conn: EslConnection | None = first
        try:
            self.link.check_module(first)
            s = self.settings
            self.arena = Arena.open(s.media.arena_path)
            self._arena_id = _file_id(s.media.arena_path)
            other = other_controller(self.arena)
            if other is not None:
                raise ControllerActiveError(other)
            self.pump = MediaPump.configured(self.arena, s.media, s.controller)
            self.control = CallControl(
                self.link,
                timeout=s.esl.command_timeout_s,
                sip_profile=s.controller.sip_profile,
                context=s.controller.transfer_context,
            )
            self.registry = CallRegistry(
                self.arena,
                self.pump,
                self.control,
                self.handler_factory,
                s.controller,
                on_command=self._on_command,
                on_empty=self._on_empty,
            )
            self.heartbeat = Heartbeat(self.arena, self.pump, s.controller.heartbeat_ms)
            self._start_metrics(self.registry, self.pump)
            self.pump.start()
            self.heartbeat.start()
            self.registry.start_clock()
            self.arena.set_accepting(True)
            self.link.activate(first)
            conn = None  # owned by the link now
            self._spawn(self._watch_pump)
            self._spawn(self._watch_arena)
            self._spawn(self.link.probe_loop)
            self._spawn(self._collect_loop)
            self.ready.set()
            self._stopping.wait()
        finally:
            if conn is not None:
                conn.close("start-up failed")
            self._shutdown()
        if self._fatal is not None:
            raise self._fatal
        return 0

    def stop(self) -> None:
        self._stopping.set()

    def _collect_loop(self) -> None:
        every = self.settings.controller.gc_interval_s
        if every <= 0:
            return
        while True:
            gevent.sleep(every)
            collect_now()

    def _fail(self, error: BaseException) -> None:
        if self._fatal is None:
            self._fatal = error
        self._stopping.set()

    def _spawn(self, fn: Callable[[], None]) -> None:
        g = gevent.spawn(fn)
        g.link_exception(lambda g: self._fail(g.exception))
        self._greenlets.append(g)

    def _start_metrics(self, registry: CallRegistry, pump: MediaPump) -> None:
        RUNTIME.ring_source(registry.ring_totals)
        RUNTIME.pump_source(lambda: asdict(pump.stats))
        m = self.settings.metrics
        if not m.enabled:
            return
        try:
            self._metrics = serve(m)
        except OSError as e:
            # Calls matter more than charts: say so loudly, carry on without.
            log.error(
                "the metrics endpoint did not start; running without it",
                where=f"{m.host}:{m.port}",
                error=e.strerror or str(e),
            )
            return
        log.info("metrics", url=f"http://{m.host}:{self._metrics.server_port}/metrics")

    def _shutdown(self) -> None:
        self.ready.clear()
        if self._metrics is not None:
            self._metrics.shutdown()
            self._metrics.server_close()
            self._metrics = None
        for g in self._greenlets:
            g.kill(block=False)
        self.link.stop_reconnecting()
        if self.registry is not None:
            self.registry.stop_all("controller stopping")
        if self.heartbeat is not None:
            self.heartbeat.stop()
        pump_stopped = True
        if self.pump is not None:
            try:
                self.pump.stop()
            except gevent.Timeout:
                pump_stopped = False
                log.error("media pump thread did not stop; leaving the arena mapped")
            except Exception as e:
                log.error("media pump failed", exc_info=e)
        gevent.joinall(self._reports, timeout=1.0)  # let a last report (drained) go out
        self.link.close("controller stopping")
        if self.arena is not None and pump_stopped:
            self.arena.close()

    def _resync(self, conn: EslConnection, channels: set[str]) -> None:
        """A connection is made and subscribed: make the registry agree with the switch."""
        assert self.registry is not None
        report = self.registry.resync(channels)
        log.info(
            "connected to FreeSWITCH",
            where=conn.where,
            live_calls=report.live,
            reattached=report.attached,
            ended_while_away=report.ended,
        )

    def _watch_pump(self) -> None:
        assert self.pump is not None
        self.pump.wait()
        if not self._stopping.is_set():
            raise AiframeError("the media pump thread ended unexpectedly")

    def _watch_arena(self) -> None:
        """Notice the arena file being deleted or replaced under us.

        The mapping outlives the file: deleted, every call keeps its media, and only a
        new reader (a restarted controller, ``aiframe arena info``) cannot find it, so
        that is a warning. Replaced (the module creates a new arena by renaming a fresh
        file over the path, when FreeSWITCH or mod_aiframe restarts), new calls' slots
        are in a file this process does not see and its heartbeats go where the module
        no longer looks: carrying on would send every new call to the fallback. So that
        is fatal, with a message; the calls on the old mapping ended with the switch,
        and a restarted controller maps the new arena.
        """
        path = self.settings.media.arena_path
        period = self.settings.controller.heartbeat_ms / 1000
        warned = False
        while True:
            gevent.sleep(period)
            now = _file_id(path)
            if now is None:
                if not warned:
                    warned = True
                    log.warning(
                        "the arena file was deleted; live calls keep their media through "
                        "the mapping, but nothing new can open it until mod_aiframe "
                        "creates it again",
                        arena=str(path),
                    )
                continue
            if now != self._arena_id:
                # Failed, not raised: a greenlet dying of an exception gets its traceback
                # printed by gevent, and this is an expected, operator-facing event.
                self._fail(
                    ArenaReplacedError(
                        f"the arena {path} was replaced (mod_aiframe created a new one: "
                        "FreeSWITCH or the module restarted); this controller's mapping is "
                        "the old one. Exiting, so that a fresh start maps the new arena"
                    )
                )
                return
            warned = False

    # ---- events and management ---------------------------------------------------

    def _on_event(self, ev: EslEvent) -> None:
        if self.registry is not None:
            self.registry.on_event(ev)

    def _on_command(self, command: str) -> None:
        log.info("operator command", command=command)
        if command == "drain":
            self.drain()
        elif command == "reload":
            self.reload()

    def drain(self) -> None:
        """Stop taking new calls; finish the live ones (then exit, if configured)."""
        assert self.registry is not None and self.arena is not None
        self.draining = True
        self.arena.set_accepting(False)
        n = self.registry.broadcast("drain")
        self._report("drain", "ok", f"{n} live calls finishing")
        self._on_empty()

    def reload(self) -> None:
        assert self.registry is not None
        if self._reload is None:
            self._report("reload", "error", "no configuration source to reload from")
            return
        try:
            new = self._reload()
        except ConfigError as e:
            log.error("reload failed; keeping the running configuration", error=str(e))
            self._report("reload", "error", str(e))
            return
        configure_logging(new.log.level, new.log.format)
        self.settings = self.settings.model_copy(
            update={"log": new.log, "controller": new.controller}
        )
        self.registry.settings = new.controller
        n = self.registry.broadcast("reload")
        # The call behaviour may hold reloadable parts of its own (policy packs).
        hook = getattr(self.handler_factory, "reload", None)
        extra = ""
        if callable(hook):
            try:
                extra = f"; {hook()}"
            except AiframeError as e:
                log.error("reload of the call behaviour failed; keeping it", error=str(e))
                self._report("reload", "error", str(e))
                return
        self._report("reload", "ok", f"applied to new calls; {n} live calls told{extra}")

    def _on_empty(self) -> None:
        if self.draining and self.registry is not None and not self.registry.calls:
            self._report("drain", "drained", "no live calls")
            if self.settings.controller.exit_when_drained:
                log.info("drained; exiting")
                self.stop()

    def _report(self, command: str, result: str, detail: str) -> None:
        conn = self.conn
        if conn is None or not conn.connected:
            return
        headers = {
            "Event-Name": "CUSTOM",
            "Event-Subclass": REPORT_SUBCLASS,
            "aiframe-command": command,
            "aiframe-result": result,
            "aiframe-detail": detail[:200],
            "aiframe-calls": str(len(self.registry.calls) if self.registry else 0),
        }

        def send() -> None:
            try:
                conn.send_event(headers, self.settings.esl.command_timeout_s)
            except CommandError as e:
                log.warning("could not report to FreeSWITCH", command=command, error=str(e))

        self._reports.append(gevent.spawn(send))


def _file_id(path: object) -> tuple[int, int] | None:
    try:
        st = os.stat(str(path))
    except FileNotFoundError:
        return None
    return st.st_dev, st.st_ino


__all__ = ["Controller"]
