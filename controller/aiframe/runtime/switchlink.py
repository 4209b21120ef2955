# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The controller's link to FreeSWITCH's event socket.

It connects (waiting up to ``esl.startup_wait_s`` for the switch at start-up), checks
that mod_aiframe is loaded, subscribes, and hands the live channels to the controller
to re-sync against. Once running, a dropped socket is not fatal: calls keep their media
through the arena while the link reconnects with exponential backoff and jitter, and a
liveness probe closes a connection that stops answering. Only a password that stops
working, or a switch that lost mod_aiframe, is fatal after start-up.

The link is also the ``Commands`` port call control sends through: a command waits (up
to its timeout) for a reconnect in progress instead of failing at once.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

import gevent
import gevent.event

from aiframe.config import EslSettings
from aiframe.errors import (
    CommandError,
    ConfigError,
    EslAuthError,
    EslConnectError,
    EslProtocolError,
    SwitchSetupError,
)
from aiframe.esl.client import EslConnection
from aiframe.esl.wire import EslEvent
from aiframe.logs import get_logger
from aiframe.runtime.events import SUBSCRIPTION

log = get_logger("controller")

DEFAULT_PASSWORD = "ClueCon"
MODULE = "mod_aiframe"


@dataclass(slots=True)
class LinkStats:
    connects: int = 0
    disconnects: int = 0
    resyncs: int = 0
    probes_failed: int = 0


def parse_channels(text: str) -> set[str]:
    """The uuids in ``show channels as json`` output."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        raise EslProtocolError(
            f"'show channels as json' did not return JSON: {text.strip()[:80]!r}"
        ) from None
    if not isinstance(data, dict):
        raise EslProtocolError("'show channels as json' did not return an object")
    rows = data.get("rows") or []
    if not isinstance(rows, list):
        raise EslProtocolError("'show channels as json': rows is not a list")
    return {str(r["uuid"]) for r in rows if isinstance(r, dict) and r.get("uuid")}


def check_password(esl: EslSettings) -> None:
    """Refuse FreeSWITCH's default password unless the operator allowed it."""
    if esl.password.get_secret_value() == DEFAULT_PASSWORD and not esl.allow_default_password:
        raise ConfigError(
            "esl.password is FreeSWITCH's default 'ClueCon'; set a password of your own in "
            "event_socket.conf.xml and in esl.password (AIFRAME_ESL__PASSWORD), or set "
            "esl.allow_default_password = true on a lab box"
        )


class SwitchLink:
    """Runs in the hub. ``on_sync(conn, channels)`` is told the live channels each time
    a connection is made and subscribed; ``fail`` is told what must stop the controller."""

    def __init__(
        self,
        esl: EslSettings,
        *,
        on_event: Callable[[EslEvent], None],
        on_sync: Callable[[EslConnection, set[str]], None],
        fail: Callable[[BaseException], None],
        stopping: gevent.event.Event,
    ) -> None:
        self.esl = esl
        self.stats = LinkStats()
        self.conn: EslConnection | None = None
        self._on_event = on_event
        self._on_sync = on_sync
        self._fail = fail
        self._stopping = stopping
        self._connected = gevent.event.Event()
        self._reconnecting: gevent.Greenlet | None = None

    # ---- connecting --------------------------------------------------------------

    def _new_connection(self) -> EslConnection:
        esl = self.esl
        holder: list[EslConnection] = []
        conn = EslConnection(
            esl.host,
            esl.port,
            esl.password.get_secret_value(),
            timeout=esl.connect_timeout_s,
            on_event=self._on_event,
            on_close=lambda reason: self._on_close(holder[0], reason),
        )
        holder.append(conn)
        conn.connect()
        if conn.dispatcher is not None:
            conn.dispatcher.link_exception(lambda g: self._fail(g.exception))
        self.stats.connects += 1
        return conn

    def connect_first(self) -> EslConnection:
        """The first connection, retried with backoff for ``esl.startup_wait_s``."""
        deadline = time.monotonic() + self.esl.startup_wait_s
        delay = self.esl.reconnect_min_s
        while True:
            try:
                return self._new_connection()
            except EslConnectError as e:
                if time.monotonic() + delay > deadline:
                    raise
                log.warning("FreeSWITCH not reachable yet; retrying", error=str(e), in_s=delay)
                gevent.sleep(delay)
                delay = min(delay * 2, self.esl.reconnect_max_s)

    def check_module(self, conn: EslConnection) -> None:
        answer = conn.api(f"module_exists {MODULE}", self.esl.command_timeout_s).strip()
        if answer == "true":
            return
        if answer == "false":
            raise SwitchSetupError(
                f"FreeSWITCH at {conn.where} has no {MODULE} loaded (load it with "
                f"`fs_cli -x 'load {MODULE}'` and add it to autoload_configs/modules.conf.xml)"
            )
        raise SwitchSetupError(
            f"FreeSWITCH at {conn.where} gave an unexpected answer to 'module_exists {MODULE}': "
            f"{answer[:80]!r}"
        )

    def activate(self, conn: EslConnection) -> None:
        """Subscribe, then have the controller agree with the switch."""
        t = self.esl.command_timeout_s
        conn.subscribe(SUBSCRIPTION, t)
        channels = parse_channels(conn.api("show channels as json", t))
        self.conn = conn
        self._connected.set()
        self._on_sync(conn, channels)
        self.stats.resyncs += 1

    def _on_close(self, conn: EslConnection, reason: str) -> None:
        if conn is not self.conn or self._stopping.is_set():
            return
        self._connected.clear()
        self.stats.disconnects += 1
        log.warning("lost the event socket; reconnecting", reason=reason)
        if self._reconnecting is None or self._reconnecting.dead:
            self._reconnecting = gevent.spawn(self._reconnect_loop)
            self._reconnecting.link_exception(lambda g: self._fail(g.exception))

    def _reconnect_loop(self) -> None:
        esl = self.esl
        attempt = 0
        while not self._stopping.is_set():
            delay = min(esl.reconnect_max_s, esl.reconnect_min_s * 2**attempt)
            gevent.sleep(delay * random.uniform(0.8, 1.2))
            attempt += 1
            try:
                conn = self._new_connection()
            except EslAuthError as e:
                self._fail(e)  # the password changed under us: an operator must act
                return
            except (EslConnectError, CommandError, EslProtocolError) as e:
                log.warning("reconnect failed", attempt=attempt, error=str(e))
                continue
            try:
                self.check_module(conn)
                self.activate(conn)
            except SwitchSetupError as e:
                conn.close("mod_aiframe missing")
                self._fail(e)
                return
            except (CommandError, EslProtocolError) as e:
                conn.close(f"re-sync failed: {e}")
                log.warning("re-sync after reconnect failed", attempt=attempt, error=str(e))
                continue
            return

    def probe_loop(self) -> None:
        """Close a connection that stops answering, so the reconnect starts."""
        esl = self.esl
        while True:
            gevent.sleep(esl.probe_interval_s)
            conn = self.conn
            if conn is None or not self._connected.is_set():
                continue
            try:
                conn.api("status", esl.command_timeout_s)
            except CommandError as e:
                self.stats.probes_failed += 1
                conn.close(f"no answer to the liveness probe ({e})")

    def stop_reconnecting(self) -> None:
        if self._reconnecting is not None:
            self._reconnecting.kill(block=False)

    def close(self, reason: str) -> None:
        if self.conn is not None:
            self.conn.close(reason)

    # ---- Commands, for call control ----------------------------------------------

    def bgapi(self, command: str, timeout: float) -> str:
        """Run a command, waiting for a reconnect if one is in progress."""
        if not self._connected.wait(timeout):
            raise CommandError(f"not connected to FreeSWITCH for {timeout:g} s; not sent")
        assert self.conn is not None
        return self.conn.bgapi(command, timeout)

    def send_event(self, headers: dict[str, str], timeout: float) -> None:
        """Fire an event through the current connection (CallControl.publish)."""
        conn = self.conn
        if conn is None or not conn.connected:
            raise CommandError("not connected to FreeSWITCH")
        conn.send_event(headers, timeout)


__all__ = [
    "DEFAULT_PASSWORD",
    "LinkStats",
    "SwitchLink",
    "check_password",
    "parse_channels",
]
