# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Prometheus metrics: what a controller is doing, for dashboards and alerts.

Everything lives in one registry of aiframe's own (``REGISTRY``), served by ``aiframe
run`` on ``metrics.host:metrics.port`` (127.0.0.1:9464 by default) at ``/metrics``. Call
paths update plain counters and histograms (a lock and an add: nothing that blocks);
what the media plane and the store count themselves (ring drops and underruns, the
pump's passes, the writer's queue) is read when Prometheus scrapes, by
:class:`RuntimeCollector`. ``docs/grafana-dashboard.json`` charts them all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, start_http_server
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector
from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "BARGE_INS",
    "CALLS",
    "CALLS_ACTIVE",
    "CALLS_FAILED",
    "DECISIONS",
    "INFERENCE",
    "REGISTRY",
    "RESPONSE_GAP",
    "RING_KINDS",
    "RUNTIME",
    "STAGE",
    "TOOL_CALLS",
    "TURNS",
    "MetricsSettings",
    "RuntimeCollector",
    "serve",
    "store_stats",
]

REGISTRY = CollectorRegistry(auto_describe=True)

_LATENCY = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0)
_INFER = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)


class MetricsSettings(BaseModel):
    """The ``[metrics]`` section: the Prometheus endpoint of ``aiframe run``."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool = True
    host: str = Field(default="127.0.0.1", description="loopback unless a scraper needs more")
    port: int = Field(default=9464, ge=0, le=65535, description="0: any free port")


CALLS_ACTIVE = Gauge("aiframe_calls_active", "Calls with a live actor", registry=REGISTRY)
CALLS = Counter(
    "aiframe_calls", "Calls attached, by how (start or reattached)", ["how"], registry=REGISTRY
)
CALLS_FAILED = Counter("aiframe_calls_failed", "Calls whose actor failed", registry=REGISTRY)
TURNS = Counter(
    "aiframe_turns", "Turns committed, by what started them", ["input"], registry=REGISTRY
)
STAGE = Histogram(
    "aiframe_turn_stage_seconds",
    "Each stage of a turn, after the end of the caller's speech (or the turn's start)",
    ["stage"],
    buckets=_LATENCY,
    registry=REGISTRY,
)
RESPONSE_GAP = Histogram(
    "aiframe_response_gap_seconds",
    "End of the caller's speech to the first AI frame played (playout mark)",
    buckets=_LATENCY,
    registry=REGISTRY,
)
CONTROLLER_LOST = Counter(
    "aiframe_controller_lost",
    "Calls for which the module counted the controller as gone (aiframe::controller_lost)",
    registry=REGISTRY,
)
CONTROLLER_LOST_SECONDS = Histogram(
    "aiframe_controller_lost_seconds",
    "How long the module counted the controller as gone for a call, when it came back",
    buckets=(0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 300.0),
    registry=REGISTRY,
)
BARGE_INS = Counter(
    "aiframe_barge_ins", "Barge-ins by verdict (confirm, resume)", ["verdict"], registry=REGISTRY
)
DECISIONS = Counter(
    "aiframe_policy_decisions",
    "Policy gate decisions by kind, action and rule (rule none: nothing fired)",
    ["kind", "action", "rule"],
    registry=REGISTRY,
)
TOOL_CALLS = Counter(
    "aiframe_tool_calls",
    "Tool calls the brain made, by tool and outcome",
    ["tool", "ok"],
    registry=REGISTRY,
)
INFERENCE = Histogram(
    "aiframe_inference_seconds",
    "Speech model inference: end of turn, ASR per utterance, TTS per sentence",
    ["engine"],
    buckets=_INFER,
    registry=REGISTRY,
)

RING_KINDS = ("uplink_drops", "downlink_underruns", "downlink_overruns", "marks_lost", "flushes")


class RuntimeCollector(Collector):
    """Read at scrape time: ring counters of every call (live ones as last sampled, ended
    ones as they ended), the media pump's passes and the store writer's queue.

    Sources are callables that return plain dicts, set by whoever owns them (the call
    registry, the pump, the store): one each, as a controller process has one each."""

    def __init__(self) -> None:
        self._ring: Callable[[], dict[str, int]] | None = None
        self._pump: Callable[[], dict[str, Any]] | None = None
        self._store: Callable[[], dict[str, Any]] | None = None

    def ring_source(self, fn: Callable[[], dict[str, int]] | None) -> None:
        self._ring = fn

    def pump_source(self, fn: Callable[[], dict[str, Any]] | None) -> None:
        self._pump = fn

    def store_source(self, fn: Callable[[], dict[str, Any]] | None) -> None:
        self._store = fn

    def collect(self) -> Iterator[CounterMetricFamily | GaugeMetricFamily]:
        ring = CounterMetricFamily(
            "aiframe_ring_events", "Media ring events counted by the C core", labels=["kind"]
        )
        got = self._ring() if self._ring is not None else {}
        for k in RING_KINDS:
            ring.add_metric([k], int(got.get(k, 0)))
        yield ring
        pump = self._pump() if self._pump is not None else None
        if pump is not None:
            yield CounterMetricFamily(
                "aiframe_pump_wakes", "Media lane passes that woke the hub", value=pump["wakes"]
            )
            yield CounterMetricFamily(
                "aiframe_pump_edges",
                "Edges the media lane posted to listening calls (voice, early pause)",
                value=pump["edges"],
            )
            yield CounterMetricFamily(
                "aiframe_pump_vad_steps",
                "Batched VAD steps the media lane ran",
                value=pump["vad_steps"],
            )
            yield GaugeMetricFamily(
                "aiframe_pump_vad_step_max_seconds",
                "Longest batched VAD step so far",
                value=pump["vad_step_us_max"] / 1e6,
            )
            yield CounterMetricFamily(
                "aiframe_pump_backpressured",
                "Reads skipped because the call's actor was behind",
                value=pump["backpressured"],
            )
            yield GaugeMetricFamily(
                "aiframe_pump_max_pass_seconds",
                "Longest media pump pass so far (the pump's lag behind the doorbell)",
                value=pump["max_pass_us"] / 1e6,
            )
        store = self._store() if self._store is not None else None
        if store is not None:
            yield GaugeMetricFamily(
                "aiframe_store_queued", "Store writes waiting", value=store["queued"]
            )
            yield GaugeMetricFamily(
                "aiframe_store_write_lag_seconds",
                "How long the oldest write of the last batch waited",
                value=store["last_lag_s"],
            )
            yield CounterMetricFamily(
                "aiframe_store_written", "Store records committed", value=store["written"]
            )
            yield CounterMetricFamily(
                "aiframe_store_retries", "Store batches retried", value=store["retries"]
            )
            yield GaugeMetricFamily(
                "aiframe_store_up",
                "1 while the store can be written",
                value=0 if store["outage_since"] is not None else 1,
            )


RUNTIME = RuntimeCollector()
REGISTRY.register(RUNTIME)


def store_stats(writer: Any) -> Callable[[], dict[str, Any]]:
    return lambda: asdict(writer.stats)


def serve(settings: MetricsSettings) -> Any:
    """Start the HTTP endpoint (a daemon thread); returns the server."""
    server, _thread = start_http_server(settings.port, settings.host, registry=REGISTRY)
    return server
