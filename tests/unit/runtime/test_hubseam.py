# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The one thread-to-hub seam: what worker threads hand over reaches the hub, in
order, and nothing runs once it is closed."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

import gevent
from gevent.threadpool import ThreadPool

from aiframe.runtime.actor import CallActor
from aiframe.runtime.handler import CallInfo
from aiframe.runtime.hubseam import HubSeam
from aiframe.runtime.messages import ChannelEvent, Hangup


def test_other_threads_deliver_to_an_actor_in_order(
    info: CallInfo, handler_cls: type, wait_until: Callable[..., None]
) -> None:
    h = handler_cls()
    actor = CallActor(info, h)
    actor.start()
    seam = HubSeam()
    pool = ThreadPool(2)

    def send(k: int) -> None:
        for i in range(50):
            msg = ChannelEvent(f"{k}-{i}")
            seam.call_soon(lambda msg=msg: actor.deliver(msg))

    try:
        for r in [pool.spawn(send, k) for k in range(2)]:
            r.get(timeout=2)
        wait_until(lambda: len(h.messages) == 100, what="all 100 results")
    finally:
        pool.kill()
        seam.close()
    names = [m.name for m in h.messages if isinstance(m, ChannelEvent)]
    for k in range(2):  # each thread's results in the order it sent them
        assert [n for n in names if n.startswith(f"{k}-")] == [f"{k}-{i}" for i in range(50)]
    actor.deliver(Hangup("NORMAL_CLEARING"))
    assert actor.join(1.0)


def test_a_pool_result_comes_back_in_the_hub(wait_until: Callable[..., None]) -> None:
    seam = HubSeam()
    hub_thread = threading.get_ident()
    seen: list[tuple[int, int]] = []

    def done(f: Future[int]) -> None:
        seen.append((f.result(), threading.get_ident()))

    with ThreadPoolExecutor(1) as pool:
        seam.submit(pool, lambda: threading.get_ident(), done)
        wait_until(lambda: bool(seen), what="the result in the hub")
    worker, ran_in = seen[0]
    assert worker != hub_thread and ran_in == hub_thread
    seam.close()


def test_nothing_runs_once_closed() -> None:
    seam = HubSeam()
    ran: list[str] = []
    started = threading.Event()
    release = threading.Event()

    def worker() -> None:
        seam.call_soon(lambda: ran.append("before"))
        started.set()
        release.wait(2)
        seam.call_soon(lambda: ran.append("after"))

    t = threading.Thread(target=worker)
    t.start()
    started.wait(2)
    seam.close()  # "before" is still queued: the hub has not run since
    release.set()
    t.join(2)
    gevent.sleep(0.01)
    assert ran == [] and seam.closed
