# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""``aiframe bench all``: every benchmark in one run, the raw JSON, plots, and
``docs/benchmarks.md`` generated from them.

Each benchmark measures a peer path in the same run; the summary puts every target of
DESIGN.md next to the measured value, the peer and the ratio, on the machine it ran on.
The module benchmark and capacity through FreeSWITCH need a real FreeSWITCH and are
skipped, with the reason, without one. ``quick`` shrinks every benchmark to seconds
(for tests of the runner itself; its numbers mean nothing).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema

__all__ = [
    "BENCHES",
    "SCHEMA",
    "module_lines",
    "run_all",
    "summary_rows",
    "write_markdown",
    "write_plots",
]

BENCHES = (
    "media",
    "module",
    "speech",
    "policy",
    "conversation",
    "capacity",
    "capacity-freeswitch",
)

_ROW = {
    "type": "object",
    "required": ["bench", "what", "target", "measured", "peer", "ratio", "met"],
    "properties": {
        "bench": {"enum": list(BENCHES)},
        "what": {"type": "string"},
        "target": {"type": ["string", "null"]},
        "measured": {"type": ["string", "null"]},
        "peer": {"type": ["string", "null"]},
        "ratio": {"type": ["number", "null"]},
        "met": {"type": ["boolean", "null"]},
    },
    "additionalProperties": False,
}
SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "aiframe bench all",
    "type": "object",
    "required": ["bench", "started", "wall_s", "machine", "results", "summary"],
    "properties": {
        "bench": {"const": "all"},
        "started": {"type": "string"},
        "wall_s": {"type": "number"},
        "quick": {"type": "boolean"},
        "machine": {
            "type": "object",
            "required": ["cores", "processor", "platform", "python", "load_average"],
        },
        "results": {
            "type": "object",
            "propertyNames": {"enum": list(BENCHES)},
            "additionalProperties": {
                "type": "object",
                "anyOf": [{"required": ["skipped"]}, {"minProperties": 1}],
            },
        },
        "summary": {"type": "array", "items": _ROW},
    },
}


def _machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cores": os.cpu_count(),
        "processor": cpu,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def _runners(quick: bool) -> dict[str, Callable[[], dict[str, Any]]]:
    def media() -> dict[str, Any]:
        from aiframe.lab.bench.media import run_media_bench

        return run_media_bench([1, 2] if quick else [1, 50, 200], 0.5 if quick else 5.0)

    def with_switch(run: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        from aiframe.lab.switch.testswitch import absent_reason

        reason = absent_reason()
        if reason is not None:
            return {"skipped": reason}
        if quick:
            return {"skipped": "not in a quick run"}
        return run()

    def module() -> dict[str, Any]:
        from aiframe.lab.bench.module import run_module_bench

        return with_switch(lambda: run_module_bench([50, 100, 200]))

    def speech() -> dict[str, Any]:
        from aiframe.lab.bench.speech import run_speech_bench

        return run_speech_bench(reps=2 if quick else 5, vad_calls=10 if quick else 100)

    def policy() -> dict[str, Any]:
        from aiframe.lab.bench.policy import run_policy_bench

        return run_policy_bench(Path("policies"), 50 if quick else 2000)

    def conversation() -> dict[str, Any]:
        if quick:
            return {"skipped": "not in a quick run (a demo call takes a minute)"}
        from aiframe.config import load_settings
        from aiframe.demo.script import DEFAULT_SCRIPT, load_script
        from aiframe.lab.bench.conversation import run_conversation_bench

        return run_conversation_bench(
            load_settings(), load_script(DEFAULT_SCRIPT), 3, "no-speculation"
        )

    def capacity() -> dict[str, Any]:
        from aiframe.lab.bench.capacity import run_capacity_bench

        if quick:
            return run_capacity_bench([2], seconds=2.0, peer=False, warm_s=1.0, idle_calls=2)
        return run_capacity_bench([50, 100, 200, 300, 400, 450], seconds=20.0)

    def capacity_switch() -> dict[str, Any]:
        from aiframe.lab.bench.capacity_switch import run_switch_capacity

        return with_switch(lambda: run_switch_capacity([100, 200, 250, 300, 350], seconds=20.0))

    return {
        "media": media,
        "module": module,
        "speech": speech,
        "policy": policy,
        "conversation": conversation,
        "capacity": capacity,
        "capacity-freeswitch": capacity_switch,
    }


def run_all(
    only: list[str] | None = None,
    *,
    quick: bool = False,
    on_result: Callable[[str, dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Run the benchmarks named (default: all), each failure kept as its result."""
    t0 = dt.datetime.now(dt.UTC)
    runners = _runners(quick)
    results: dict[str, dict[str, Any]] = {}
    for name in only or list(BENCHES):
        try:
            results[name] = runners[name]()
        except Exception as e:  # one broken benchmark must not lose the others
            results[name] = {"skipped": f"failed: {type(e).__name__}: {e}"}
        if on_result is not None:
            on_result(name, results[name])
    out = {
        "bench": "all",
        "started": t0.isoformat(timespec="seconds"),
        "wall_s": round((dt.datetime.now(dt.UTC) - t0).total_seconds(), 1),
        "quick": quick,
        "machine": _machine(),
        "results": results,
        "summary": summary_rows(results),
    }
    jsonschema.validate(out, SCHEMA)
    return out


# ---- the summary ------------------------------------------------------------------------


def _f(v: Any, unit: str = "", digits: int = 0) -> str | None:
    if v is None:
        return None
    return f"{float(v):.{digits}f}{unit}"


def _row(
    bench: str,
    what: str,
    target: str | None,
    measured: str | None,
    peer: str | None,
    ratio: Any,
    met: bool | None,
) -> dict[str, Any]:
    return {
        "bench": bench,
        "what": what,
        "target": target,
        "measured": measured,
        "peer": peer,
        "ratio": None if ratio is None else round(float(ratio), 2),
        "met": met,
    }


def _policy_rows(p: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    tool = max(r["tool_call"]["p99_us"] for r in p["runs"])
    a = p["adversarial"]
    rows.append(
        _row(
            "policy",
            "gate per tool call, p99 (worst pack)",
            "≤ 1 ms",
            _f(tool, " µs"),
            f"{a['naive_caught']}/{a['sentences']} caught by raw regexes vs {a['gate_caught']}",
            None,
            tool <= 1000,
        )
    )
    shipped = [r for r in p["runs"] if r.get("semantic_layer")]
    if shipped:
        worst = max(r["sentence"]["p99_us"] for r in shipped)
        rows.append(
            _row(
                "policy",
                "gate per sentence with the semantic layer, p99 (worst pack)",
                "≤ 5 ms",
                _f(worst / 1000, " ms", 2),
                None,
                None,
                worst <= 5000,
            )
        )
    for r in (p.get("heldout") or {}).get("runs", []):
        alone, both = r["rules_alone"], r["rules_and_semantic"]
        rows.append(
            _row(
                "policy",
                f"held-out forbidden sentences passed, {r['pack']}",
                "≤ 1%",
                f"{both['forbidden_passed_rate']:.1%} of {both['forbidden']}",
                f"{alone['forbidden_passed_rate']:.1%} (rules alone)",
                None,
                both["forbidden_passed_rate"] <= 0.01,
            )
        )
        rows.append(
            _row(
                "policy",
                f"held-out benign sentences flagged, {r['pack']}",
                "≤ 2%",
                f"{both['false_positive_rate']:.1%} of {both['benign']}",
                f"{alone['false_positive_rate']:.1%} (rules alone)",
                None,
                both["false_positive_rate"] <= 0.02,
            )
        )
    return rows


def _module_rows(mo: dict[str, Any]) -> list[dict[str, Any]]:
    """mod_aiframe beside mod_audio_fork: the switch's CPU at each call count, then the
    receivers' CPU, both together, and the one-way delay (peer / ours)."""
    rows: list[dict[str, Any]] = []
    for r in mo.get("per_calls") or []:
        fs = r["fs_ms_per_call_s"]
        peer = f"{_f(fs['audio_fork'], ' ms/s', 2)} (mod_audio_fork), " if fs["audio_fork"] else ""
        rows.append(
            _row(
                "module",
                f"FreeSWITCH CPU per call-second, {r['calls']} calls",
                None,
                _f(fs["aiframe"], " ms/s", 2),
                f"{peer}{_f(fs['none'], ' ms/s', 2)} without",
                r["fs_cpu_ratio"],
                None,
            )
        )
    if mo.get("per_calls"):
        top = mo["per_calls"][-1]
        rx, total, n = top["rx_ms_per_call_s"], top["total_ms_per_call_s"], top["calls"]
        for what, v, r in (
            (
                "receiver CPU per call-second (aiframe run / websockets + numpy)",
                rx,
                top["rx_cpu_ratio"],
            ),
            ("FreeSWITCH + receiver CPU per call-second", total, top["total_cpu_ratio"]),
        ):
            rows.append(
                _row(
                    "module",
                    f"{what}, {n} calls",
                    None,
                    _f(v["aiframe"], " ms/s", 2),
                    _f(v["audio_fork"], " ms/s (mod_audio_fork)", 2),
                    r,
                    None,
                )
            )
    d = mo.get("delay")
    if d:
        p50, p99 = mo["delay_p50_us"], mo["delay_p99_us"]
        rows.append(
            _row(
                "module",
                f"one-way delay, media thread → receiver, p50 / p99, {d['calls']} calls",
                None,
                f"{_f(p50['aiframe'], '')} / {_f(p99['aiframe'], ' µs')}",
                f"{_f(p50['audio_fork'], '')} / {_f(p99['audio_fork'], ' µs')} (mod_audio_fork)"
                if p99["audio_fork"] is not None
                else None,
                mo["delay_ratio"],
                None,
            )
        )
    if not rows:  # a result from before the peer was measured
        for r in mo["cpu"]:
            rows.append(
                _row(
                    "module",
                    f"FreeSWITCH CPU per call, {r['calls']} calls",
                    None,
                    _f(r["with_module_ms_per_call_s"], " ms/s", 2),
                    _f(r["without_module_ms_per_call_s"], " ms/s without", 2),
                    r["cpu_ratio"],
                    None,
                )
            )
    return rows


def summary_rows(results: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per target of DESIGN.md (and per headline figure without one)."""
    rows: list[dict[str, Any]] = []
    m = results.get("media")
    if m and "skipped" not in m:
        rows.append(
            _row(
                "media",
                f"frame handoff p99, {m['streams']} streams",
                "≤ 500 µs",
                _f(m["shm_p99_us"], " µs"),
                _f(m["ws_p99_us"], " µs (WebSocket)"),
                m["latency_ratio"],
                m["shm_p99_us"] <= 500,
            )
        )
        rows.append(
            _row(
                "media",
                "latency ratio, WebSocket / shared memory",
                "≥ 10x",
                _f(m["latency_ratio"], "x", 1),
                None,
                m["latency_ratio"],
                m["latency_ratio"] >= 10,
            )
        )
        top = m["runs"][-1]
        cpu = top.get("cpu_ratio_batched", m["cpu_ratio"])
        rows.append(
            _row(
                "media",
                "CPU ratio, WebSocket / shared memory (batched pump)",
                "≥ 5x",
                _f(cpu, "x", 1),
                None,
                cpu,
                cpu >= 5,
            )
        )
    mo = results.get("module")
    if mo and "skipped" not in mo:
        ins, ctl = mo["barge_in"]["in_switch"], mo["barge_in"]["controller_side"]
        rows.append(
            _row(
                "module",
                "barge-in: caller onset → AI audio gone, p95",
                "≤ 40 ms",
                _f(ins["p95_ms"], " ms"),
                _f(ctl["p95_ms"], " ms (controller side)"),
                ctl["p95_ms"] / ins["p95_ms"] if ins["p95_ms"] else None,
                ins["p95_ms"] <= 40,
            )
        )
        rows += _module_rows(mo)
    p = results.get("policy")
    if p and "skipped" not in p:
        rows += _policy_rows(p)
    s = results.get("speech")
    if s and "skipped" not in s:
        v = s["vad"]
        rows.append(
            _row(
                "speech",
                "VAD per 20 ms frame per call, batched",
                None,
                _f(v["ort_batched_us_per_frame"], " µs", 1),
                _f(v["sherpa_us_per_frame"], " µs per call (sherpa-onnx)", 1),
                v["ratio_sherpa_over_batched"],
                None,
            )
        )
        rows.append(
            _row(
                "speech",
                "TTS time to first audio, p50",
                None,
                _f(s["tts"]["first_audio_p50_ms"], " ms"),
                _f(s["tts"]["whole_reply_p50_ms"], " ms (whole reply)"),
                s["tts"]["ratio_whole_over_first"],
                None,
            )
        )
    c = results.get("conversation")
    if c and "skipped" not in c:
        ours = c["paths"]["aiframe"]["summary"]
        peer = c["paths"][c["peer"]]["summary"]
        g, pg, b = ours["response_gap_ms"], peer["response_gap_ms"], ours["barge_in_stop_ms"]
        ratio = c["ratio_peer_over_aiframe"]
        rows.append(
            _row(
                "conversation",
                "response gap p50",
                "≤ 600 ms",
                _f(g["p50"], " ms"),
                _f(pg["p50"], f" ms ({c['peer']})"),
                ratio["response_gap_p50"],
                c["met"]["response_gap_p50"],
            )
        )
        rows.append(
            _row(
                "conversation",
                "response gap p95",
                "≤ 900 ms",
                _f(g["p95"], " ms"),
                _f(pg["p95"], f" ms ({c['peer']})"),
                ratio["response_gap_p95"],
                c["met"]["response_gap_p95"],
            )
        )
        rows.append(
            _row(
                "conversation",
                "barge-in stop p95 (on the recording)",
                "≤ 60 ms",
                _f(b["p95"], " ms"),
                None,
                None,
                c["met"]["barge_in_p95"],
            )
        )
    k = results.get("capacity")
    if k and "skipped" not in k:
        rows.append(
            _row(
                "capacity",
                "calls in one controller process, 10% talking, no missed deadline",
                "≥ 400",
                str(k["max_calls"]),
                None
                if k["peer_max_calls"] is None
                else f"{k['peer_max_calls']} (VAD per call, sherpa-onnx)",
                k["ratio"],
                k["max_calls"] >= 400,
            )
        )
        if (q := k.get("idle")) is not None:
            rows.append(
                _row(
                    "capacity",
                    f"controller CPU per call-second, {q['calls']} calls, nobody talking",
                    "≤ 1.5 ms",
                    _f(q["cpu_ms_per_call_second"], " ms", 2),
                    None
                    if q["peer_cpu_ms_per_call_second"] is None
                    else f"{q['peer_cpu_ms_per_call_second']} ms (VAD per call, sherpa-onnx)",
                    q["ratio"],
                    q["cpu_ms_per_call_second"] <= 1.5,
                )
            )
        rows.append(
            _row(
                "capacity",
                "turns in flight at once at that load",
                None,
                None if k["turns_at_once_at_max"] is None else str(k["turns_at_once_at_max"]),
                None,
                None,
                None,
            )
        )
    f = results.get("capacity-freeswitch")
    if f and "skipped" not in f:
        emb = k["max_calls"] if k and "skipped" not in k else None
        rows.append(
            _row(
                "capacity-freeswitch",
                "calls through FreeSWITCH, switch and controller on the same cores, 10% talking",
                "≥ 300",
                str(f["max_calls"]),
                None if emb is None else f"{emb} (embedded stand-in, controller alone)",
                f["max_calls"] / emb if emb else None,
                f["max_calls"] >= 300,
            )
        )
        gap = f.get("response_gap_p95_ms_at_200")
        if gap is not None:
            rows.append(
                _row(
                    "capacity-freeswitch",
                    "response gap p95, 200 calls through FreeSWITCH",
                    "≤ 700 ms",
                    _f(gap, " ms"),
                    None,
                    None,
                    gap <= 700,
                )
            )
    return rows


# ---- the outputs ---------------------------------------------------------------------------

_REPRODUCE = {
    "media": "aiframe bench media --json",
    "module": "aiframe bench module --json   # needs FreeSWITCH 1.10 and mod_aiframe.so; "
    "the peer from ../shared/peers/ (AIFRAME_PEERS_DIR)",
    "speech": "aiframe bench speech --json",
    "policy": "aiframe bench policy --json",
    "conversation": "aiframe bench conversation --json",
    "capacity": "aiframe bench capacity --json",
    "capacity-freeswitch": "aiframe bench capacity --through freeswitch --json"
    "   # needs FreeSWITCH 1.10 and mod_aiframe.so",
}


def module_lines(mo: dict[str, Any] | None) -> list[str]:
    """The module section: mod_aiframe beside mod_audio_fork at each call count."""
    if not mo or "skipped" in mo or not mo.get("per_calls"):
        return []

    def ms(v: float | None) -> str:
        return "" if v is None else f"{v:.2f}"

    lines = [
        "",
        "## mod_aiframe beside mod_audio_fork, step by step",
        "",
        "Loopback calls at 16 kHz in FreeSWITCH 1.10, far legs playing speech. CPU in ms per "
        "call-second. The receiver is `aiframe run` (listen-only handler) for mod_aiframe, a "
        "`websockets` server reading every frame into numpy for mod_audio_fork; each is its "
        "own process. Ratios are mod_audio_fork / mod_aiframe.",
        "",
        "| calls | FreeSWITCH, no module | FreeSWITCH, mod_aiframe | FreeSWITCH, mod_audio_fork "
        "| aiframe run | websockets + numpy | total, mod_aiframe | total, mod_audio_fork "
        "| FreeSWITCH ratio | total ratio |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in mo["per_calls"]:
        fs, rx, tot = r["fs_ms_per_call_s"], r["rx_ms_per_call_s"], r["total_ms_per_call_s"]
        lines.append(
            f"| {r['calls']} | {ms(fs['none'])} | {ms(fs['aiframe'])} | {ms(fs['audio_fork'])} "
            f"| {ms(rx['aiframe'])} | {ms(rx['audio_fork'])} | {ms(tot['aiframe'])} "
            f"| {ms(tot['audio_fork'])} | {ms(r['fs_cpu_ratio'])} | {ms(r['total_cpu_ratio'])} |"
        )
    d = mo.get("delay")
    if d:
        p50, p99 = mo["delay_p50_us"], mo["delay_p99_us"]
        lines += [
            "",
            f"One-way delay, media thread to the receiver holding the frame, {d['calls']} calls "
            f"(both receivers on the same calls at once, {d['aiframe']['n']} clicks): "
            f"mod_aiframe p50 {p50['aiframe']} µs, p99 {p99['aiframe']} µs; mod_audio_fork "
            f"p50 {p50['audio_fork']} µs, p99 {p99['audio_fork']} µs.",
        ]
    if mo.get("peer", {}).get("skipped"):
        lines += ["", str(mo["peer"]["skipped"])]
    return lines


def write_markdown(data: dict[str, Any], path: Path, plots: list[Path]) -> None:
    """``docs/benchmarks.md``, from a run of :func:`run_all`."""
    mc = data["machine"]
    lines = [
        "# Benchmarks",
        "",
        "Generated by `aiframe bench all` (`make bench`) on "
        f"{data['started'][:10]}: {mc['cores']} cores ({mc['processor']}), "
        f"{mc['platform']}, Python {mc['python']}, load average before "
        f"{mc['load_average'][0]}. The run took {data['wall_s'] / 60:.0f} min. Every "
        "benchmark measures a peer path in the same run; read the ratios first: absolute "
        "tails move with whatever else the machine is doing. Timings are never pass/fail "
        "tests. How each one measures, and what the numbers mean, is in "
        "[benchmark-notes.md](benchmark-notes.md).",
        "",
        "| benchmark | what | target | measured | peer | ratio | met |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in data["summary"]:
        met = {True: "yes", False: "**no**", None: ""}[r["met"]]
        ratio = "" if r["ratio"] is None else f"{r['ratio']:g}"
        lines.append(
            f"| {r['bench']} | {r['what']} | {r['target'] or ''} | {r['measured'] or ''} | "
            f"{r['peer'] or ''} | {ratio} | {met} |"
        )
    skipped = {k: v["skipped"] for k, v in data["results"].items() if "skipped" in v}
    if skipped:
        lines += ["", "Not measured in this run:", ""]
        lines += [f"- {k}: {v}" for k, v in skipped.items()]
    lines += module_lines(data["results"].get("module"))
    k = data["results"].get("capacity")
    if k and "skipped" not in k:
        lines += [
            "",
            "## Capacity, step by step",
            "",
            f"{round(k['talker_share'] * 100)}% of the callers say a sentence every "
            f"{k['talk_every_s']:g} s (smart-turn, ASR, brain, gate, TTS, playout); the rest "
            "are on a quiet line (VAD, pauses and barge-in live on every frame).",
            "",
            "| VAD | calls | talkers | missed deadlines | turns at once | gap p50 / p95 | "
            "CPU (% of a core) | CPU ms per call-second | RSS MB per call |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for r in k["runs"]:
            g = r["response_gap_ms"]
            lines.append(
                f"| {r['vad_backend']} | {r['calls']} | {r['talkers']} | "
                f"{r['missed_deadlines']} | {r['most_turns_at_once']} | "
                f"{g['p50']} / {g['p95']} ms | {r['controller_cpu_percent_of_one_core']} | "
                f"{r['cpu_ms_per_call_second']} | {r['rss_mb_per_call']} |"
            )
    f = data["results"].get("capacity-freeswitch")
    if f and "skipped" not in f:
        lines += [
            "",
            "## Capacity through FreeSWITCH, step by step",
            "",
            "Loopback calls in FreeSWITCH 1.10 into the `aiframe` application, `aiframe run` "
            "as the controller; FreeSWITCH and the controller share the machine's cores. "
            f"{round(f['talker_share'] * 100)}% of the far legs say a sentence every "
            f"{f['talk_every_s']:g} s; the gap comes from the controller's Prometheus histogram.",
            "",
            "| calls | missed deadlines | responses | gap p50 / p95 | controller CPU (% of a "
            "core) | FreeSWITCH CPU (% of a core) | controller ms per call-second | "
            "FreeSWITCH ms per call-second |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for r in f["runs"]:
            g = r["response_gap_ms"]
            lines.append(
                f"| {r['calls']} | {r['missed_deadlines']} | {r['responses_in_window']} | "
                f"{g['p50']} / {g['p95']} ms | {r['controller_cpu_percent_of_one_core']} | "
                f"{r['switch_cpu_percent_of_one_core']} | "
                f"{r['controller_cpu_ms_per_call_second']} | "
                f"{r['switch_cpu_ms_per_call_second']} |"
            )
    if plots:
        lines += ["", "## Plots", ""]
        lines += [f"![{p.stem}]({p.relative_to(path.parent)})" for p in plots]
    lines += ["", "## Reproduce", "", "```sh", "make bench          # everything, as here"]
    lines += [_REPRODUCE[n] for n in data["results"]]
    lines += ["```", "", "The raw JSON of this run is in `out/bench/all.json`.", ""]
    path.write_text("\n".join(lines))


def write_plots(data: dict[str, Any], out_dir: Path) -> list[Path]:
    """Latency distributions and the capacity curve, as PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out_dir.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    k = data["results"].get("capacity")
    if k and "skipped" not in k:
        fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 3.6))
        for backend in sorted({r["vad_backend"] for r in k["runs"]}):
            rs = [r for r in k["runs"] if r["vad_backend"] == backend]
            n = [r["calls"] for r in rs]
            a1.plot(n, [r["controller_cpu_percent_of_one_core"] for r in rs], "o-", label=backend)
            a2.plot(n, [r["response_gap_ms"]["p95"] or 0 for r in rs], "o-", label=backend)
        f = data["results"].get("capacity-freeswitch")
        if f and "skipped" not in f:
            n = [r["calls"] for r in f["runs"]]
            both = [
                r["controller_cpu_percent_of_one_core"] + r["switch_cpu_percent_of_one_core"]
                for r in f["runs"]
            ]
            a1.plot(n, both, "s--", label="through FreeSWITCH (switch + controller)")
            a2.plot(
                n,
                [r["response_gap_ms"]["p95"] or 0 for r in f["runs"]],
                "s--",
                label="through FreeSWITCH",
            )
        a1.axhline(100 * (data["machine"]["cores"] or 1), color="grey", lw=0.8, ls="--")
        a1.set(xlabel="calls", ylabel="controller CPU, % of one core", title="CPU")
        a2.set(xlabel="calls", ylabel="ms", title="response gap p95")
        a1.legend(title="VAD", fontsize="small")
        fig.tight_layout()
        made.append(out_dir / "capacity.png")
        fig.savefig(made[-1], dpi=90)
        plt.close(fig)
    c = data["results"].get("conversation")
    m = data["results"].get("media")
    if (c and "skipped" not in c) or (m and "skipped" not in m):
        fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 3.6))
        if c and "skipped" not in c:
            for name, p in c["paths"].items():
                gaps = [g for r in p["runs"] for g in r["gaps"] if g is not None]
                if gaps:
                    a1.hist(gaps, bins=20, alpha=0.6, label=name)
            a1.axvline(600, color="grey", lw=0.8, ls="--")
            a1.set(xlabel="response gap, ms", ylabel="turns", title="conversation")
            a1.legend()
        if m and "skipped" not in m:
            xs = [str(r["streams"]) for r in m["runs"]]
            a2.bar([f"{x}\nshm" for x in xs], [r["shm_p99_us"] for r in m["runs"]])
            a2.bar([f"{x}\nws" for x in xs], [r["ws_p99_us"] for r in m["runs"]])
            a2.set(ylabel="p99, µs", title="frame handoff by streams")
        fig.tight_layout()
        made.append(out_dir / "latency.png")
        fig.savefig(made[-1], dpi=90)
        plt.close(fig)
    return made


def save(data: dict[str, Any], out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "all.json").write_text(json.dumps(data, indent=2) + "\n")
    for name, result in data["results"].items():
        (out_dir / f"bench-{name}.json").write_text(json.dumps(result, indent=2) + "\n")
