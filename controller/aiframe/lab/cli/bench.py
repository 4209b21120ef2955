# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""`aiframe bench ...`: benchmarks, JSON out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from aiframe.lab.cli.extras import guarded


def _emit_json(result: dict[str, Any], as_json: bool, out: Path | None) -> bool:
    """Write the JSON to ``out`` if given; print it and return True when --json."""
    text = json.dumps(result, indent=2)
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text + "\n")
    if as_json:
        click.echo(text)
    return as_json


@click.group()
def bench() -> None:
    """Benchmarks; each measures a peer path in the same run and reports the ratio."""


@bench.command()
@click.option(
    "--streams",
    default="1,50,200",
    show_default=True,
    help="Comma-separated concurrent 20 ms streams to measure.",
)
@click.option(
    "--seconds", type=float, default=5.0, show_default=True, help="Seconds per measurement."
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (default: a table).")
@click.option(
    "--out", type=click.Path(path_type=Path), default=None, help="Also write the JSON here."
)
def media(streams: str, seconds: float, as_json: bool, out: Path | None) -> None:
    """Frame handoff: shared memory vs a loopback WebSocket, same audio, same run."""
    from aiframe.lab.bench.media import run_media_bench

    counts = [int(s) for s in streams.split(",") if s.strip()]
    if not counts or min(counts) < 1:
        raise click.BadParameter("give stream counts like 1,50,200", param_hint="--streams")
    result = run_media_bench(counts, seconds)
    if _emit_json(result, as_json, out):
        return
    click.echo(
        f"{'streams':>8} {'shm p50':>9} {'shm p99':>9} {'ws p99':>9} {'lat x':>7} {'cpu x':>7}"
    )
    for r in result["runs"]:
        click.echo(
            f"{r['streams']:>8} {r['shm_p50_us']:>8.0f}u {r['shm_p99_us']:>8.0f}u "
            f"{r['ws_p99_us']:>8.0f}u {r['latency_ratio']:>7.1f} {r['cpu_ratio']:>7.1f}"
        )


@bench.command()
@click.option("--reps", type=click.IntRange(2, 100), default=5, show_default=True)
@click.option("--vad-calls", type=click.IntRange(1, 2000), default=100, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (default: a summary).")
@click.option(
    "--out", type=click.Path(path_type=Path), default=None, help="Also write the JSON here."
)
def speech(reps: int, vad_calls: int, as_json: bool, out: Path | None) -> None:
    """Speech engines: VAD, end of turn, ASR, TTS and whole turns, each against a peer."""
    from aiframe.lab.bench.speech import run_speech_bench

    result = run_speech_bench(reps, vad_calls)
    if _emit_json(result, as_json, out):
        return
    v, t = result["vad"], result["tts"]
    click.echo(
        f"VAD us/frame: sherpa {v['sherpa_us_per_frame']}, ORT batched "
        f"{v['ort_batched_us_per_frame']} (x{v['ratio_sherpa_over_batched']}); "
        f"calls: {v['max_calls_sherpa']} vs {v['max_calls_ort_batched']}"
    )
    click.echo(f"EOT p50 {result['eot']['p50_ms']} ms")
    for r in result["asr"]:
        click.echo(
            f"ASR {r['seconds']} s: {r['fit_p50_ms']} ms fitted, {r['stock30_p50_ms']} ms stock"
        )
    click.echo(f"TTS first audio {t['first_audio_p50_ms']} ms, RTF {t['rtf_p50']}")


@bench.command(name="policy")
@click.option(
    "--policies",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=Path("policies"),
    show_default=True,
    help="Directory with the shipped packs and their tests/.",
)
@click.option("--iterations", type=int, default=2000, show_default=True, help="Checks per path.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (default: a table).")
@click.option(
    "--out", type=click.Path(path_type=Path), default=None, help="Also write the JSON here."
)
def policy_bench(policies: Path, iterations: int, as_json: bool, out: Path | None) -> None:
    """Policy gate per sentence and tool call vs naive raw-regex rules, same run."""
    from aiframe.lab.bench.policy import run_policy_bench

    if iterations < 100:
        raise click.BadParameter("at least 100", param_hint="--iterations")
    result = run_policy_bench(policies, iterations)
    if _emit_json(result, as_json, out):
        return
    click.echo(
        f"{'pack':<22} {'sent p50':>9} {'p99':>7} {'cpu p99':>8} {'naive':>7} "
        f"{'tool p50':>9} {'p99':>7} {'cpu p99':>8}"
    )
    for r in result["runs"]:
        s, t = r["sentence"], r["tool_call"]
        click.echo(
            f"{r['pack']:<22} {s['p50_us']:>8.0f}u {s['p99_us']:>6.0f}u {s['cpu_p99_us']:>7.0f}u "
            f"{s['naive_p99_us']:>6.0f}u {t['p50_us']:>8.0f}u {t['p99_us']:>6.0f}u "
            f"{t['cpu_p99_us']:>7.0f}u"
        )
    a = result["adversarial"]
    click.echo(
        f"adversarial caught: gate {a['gate_caught']}/{a['sentences']}, "
        f"naive {a['naive_caught']}/{a['sentences']}; target p99 <= {result['target_p99_us']:.0f}u"
        " (tool calls; sentences with a semantic layer <= 5000u)"
    )
    h = result.get("heldout")
    if h:
        click.echo(
            f"\nheld-out ({h['split']}) {'pack':<22} {'forbidden passed':>22}"
            f" {'benign flagged':>20} {'gate p99':>9}"
        )
        for r in h["runs"]:
            for name, key in (("rules", "rules_alone"), ("rules+semantic", "rules_and_semantic")):
                m = r[key]
                click.echo(
                    f"{name:>18} {r['pack']:<22} "
                    f"{m['forbidden_passed']:>5}/{m['forbidden']:<5}"
                    f" {m['forbidden_passed_rate']:>7.2%}"
                    f"   {m['benign_flagged']:>4}/{m['benign']:<4} {m['false_positive_rate']:>7.2%}"
                    f" {m['gate_p99_ms']:>7.2f}ms"
                )


@bench.command(name="module")
@click.option(
    "--calls",
    default="50,100,200",
    show_default=True,
    help="Comma-separated concurrent loopback calls for the CPU measurement.",
)
@click.option("--window", type=float, default=10.0, show_default=True, help="CPU window, s.")
@click.option("--settle", type=float, default=3.0, show_default=True, help="Settle time, s.")
@click.option("--barge-trials", type=click.IntRange(1, 500), default=20, show_default=True)
@click.option(
    "--barge-min-ms",
    type=click.IntRange(20, 2000),
    default=20,
    show_default=True,
    help="Speech the barge-in detectors need (the module's barge-in-min-speech-ms; "
    "20 ships in the sample configuration).",
)
@click.option(
    "--delay-calls",
    type=click.IntRange(0, 2000),
    default=50,
    show_default=True,
    help="Calls for the one-way delay measurement (0: leave it out).",
)
@click.option(
    "--peer/--no-peer",
    default=True,
    show_default=True,
    help="Measure mod_audio_fork beside mod_aiframe (built from $AIFRAME_PEERS_DIR).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (default: a summary).")
@click.option(
    "--out", type=click.Path(path_type=Path), default=None, help="Also write the JSON here."
)
def module_bench(
    calls: str,
    window: float,
    settle: float,
    barge_trials: int,
    barge_min_ms: int,
    delay_calls: int,
    peer: bool,
    as_json: bool,
    out: Path | None,
) -> None:
    """mod_aiframe vs mod_audio_fork in a real FreeSWITCH: CPU, delay, barge-in flush time."""
    from aiframe.lab.bench.module import run_module_bench
    from aiframe.lab.switch.errors import TestSwitchError

    counts = [int(s) for s in calls.split(",") if s.strip()]
    if not counts or min(counts) < 1:
        raise click.BadParameter("give call counts like 50,100,200", param_hint="--calls")
    try:
        result = run_module_bench(
            counts,
            window_s=window,
            settle_s=settle,
            barge_trials=barge_trials,
            barge_min_ms=barge_min_ms,
            delay_calls=delay_calls,
            peer=peer,
            progress=lambda m: click.echo(m, err=True),
        )
    except TestSwitchError as e:  # one line: the start-up log tail stays in the run directory
        raise type(e)(str(e).splitlines()[0]) from None
    if _emit_json(result, as_json, out):
        return
    _print_module(result)


def _ms(v: float | None) -> str:
    return "-" if v is None else f"{v:.2f}"


def _print_module(result: dict[str, Any]) -> None:
    click.echo("ms of CPU per call-second: FreeSWITCH none / aiframe / audio_fork; receivers")
    click.echo(
        f"{'calls':>6} {'none':>7} {'aiframe':>8} {'fork':>7} {'rx ai':>7} {'rx fork':>8} "
        f"{'fs x':>6} {'total x':>8}"
    )
    for r in result["per_calls"]:
        fs, rx = r["fs_ms_per_call_s"], r["rx_ms_per_call_s"]
        click.echo(
            f"{r['calls']:>6} {_ms(fs['none']):>7} {_ms(fs['aiframe']):>8} "
            f"{_ms(fs['audio_fork']):>7} {_ms(rx['aiframe']):>7} {_ms(rx['audio_fork']):>8} "
            f"{_ms(r['fs_cpu_ratio']):>6} {_ms(r['total_cpu_ratio']):>8}"
        )
    d = result.get("delay")
    if d:
        p50, p99 = result["delay_p50_us"], result["delay_p99_us"]
        peer = (
            f", audio_fork {p50['audio_fork']}/{p99['audio_fork']} us (x{result['delay_ratio']})"
            if p99["audio_fork"] is not None
            else ""
        )
        click.echo(
            f"delay p50/p99 at {d['calls']} calls: aiframe {p50['aiframe']}/{p99['aiframe']} us"
            + peer
        )
    b = result["barge_in"]
    click.echo(
        f"barge-in flush p50/p95: in-switch {b['in_switch']['p50_ms']}/"
        f"{b['in_switch']['p95_ms']} ms, controller-side {b['controller_side']['p50_ms']}/"
        f"{b['controller_side']['p95_ms']} ms (x{b['p50_ratio']})"
    )


@bench.command(name="conversation")
@click.option("--runs", type=click.IntRange(1, 50), default=3, show_default=True, help="Per path.")
@click.option(
    "--peer",
    type=click.Choice(["no-speculation", "no-pipelining"]),
    default="no-speculation",
    show_default=True,
    help="The peer path run beside the real one.",
)
@click.option(
    "--script",
    "script_path",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="Caller script (default: the demo's).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (default: a summary).")
@click.option(
    "--out", type=click.Path(path_type=Path), default=None, help="Also write the JSON here."
)
@click.pass_context
def conversation_bench(
    ctx: click.Context,
    runs: int,
    peer: str,
    script_path: Path | None,
    as_json: bool,
    out: Path | None,
) -> None:
    """The demo call N times: response gap and barge-in stop on the recording, per stage."""
    from aiframe.demo.script import DEFAULT_SCRIPT, load_script
    from aiframe.lab.bench.conversation import run_conversation_bench
    from aiframe.logs import configure_logging

    configure_logging("warning", ctx.obj.log.format)
    script = load_script(script_path or DEFAULT_SCRIPT)
    result = run_conversation_bench(
        ctx.obj,
        script,
        runs,
        "no-pipelining" if peer == "no-pipelining" else "no-speculation",
        progress=lambda m: click.echo(m, err=True),
    )
    if _emit_json(result, as_json, out):
        return
    for name, p in result["paths"].items():
        g, b = p["summary"]["response_gap_ms"], p["summary"]["barge_in_stop_ms"]
        click.echo(
            f"{name:>15}: gap p50 {g['p50']} ms, p95 {g['p95']} ms (n={g['n']}); "
            f"barge-in stop p50 {b['p50']} ms, p95 {b['p95']} ms (n={b['n']})"
        )
    click.echo(f"ratio {result['peer']}/aiframe, gap p50: {result['ratio_peer_over_aiframe']}")


@bench.command(name="capacity")
@click.option(
    "--steps",
    default="25,50,100,150,200,250,300",
    show_default=True,
    help="Comma-separated call counts, stepped up until a deadline is missed.",
)
@click.option("--seconds", type=float, default=20.0, show_default=True, help="Per step.")
@click.option(
    "--talkers",
    type=click.FloatRange(0, 1),
    default=0.1,
    show_default=True,
    help="Share of callers who talk (a sentence every --talk-every seconds).",
)
@click.option("--talk-every", type=float, default=15.0, show_default=True)
@click.option("--no-peer", is_flag=True, help="Skip the per-call VAD (sherpa-onnx) peer path.")
@click.option(
    "--idle-calls",
    type=click.IntRange(0, 5000),
    default=200,
    show_default=True,
    help="Also run this many calls with nobody talking (what listening costs); 0: skip.",
)
@click.option(
    "--through",
    type=click.Choice(["embedded", "freeswitch"]),
    default="embedded",
    show_default=True,
    help="The calls' switch: the embedded stand-in in its own process, or a real "
    "FreeSWITCH with loopback calls and `aiframe run` as the controller.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (default: a table).")
@click.option(
    "--out", type=click.Path(path_type=Path), default=None, help="Also write the JSON here."
)
@click.pass_context
def capacity_bench(
    ctx: click.Context,
    steps: str,
    seconds: float,
    talkers: float,
    talk_every: float,
    no_peer: bool,
    idle_calls: int,
    through: str,
    as_json: bool,
    out: Path | None,
) -> None:
    """Calls one controller process carries with VAD, end of turn and barge-in live and a
    share of them in turns (ASR, TTS): the largest N with no missed frame deadline."""
    import sys

    from aiframe.lab.bench.capacity import run_capacity_bench
    from aiframe.logs import configure_logging

    counts = [int(s) for s in steps.split(",") if s.strip()]
    if not counts or min(counts) < 1:
        raise click.BadParameter("give call counts like 50,100,200", param_hint="--steps")
    configure_logging("warning", ctx.obj.log.format)
    if through == "freeswitch":
        _switch_capacity(counts, seconds, talkers, talk_every, as_json, out)
        return
    sys.setswitchinterval(0.001)  # as `aiframe run`
    result = run_capacity_bench(
        counts, seconds, talkers, talk_every, peer=not no_peer, idle_calls=idle_calls
    )
    if _emit_json(result, as_json, out):
        return
    for r in result["runs"]:
        g = r["response_gap_ms"]
        click.echo(
            f"{r['vad_backend']:>12} {r['calls']:>4} calls: missed {r['missed_deadlines']}, "
            f"CPU {r['controller_cpu_percent_of_one_core']}%, gap p95 {g['p95']} ms, "
            f"{r['rss_mb_per_call']} MB/call"
        )
    click.echo(f"max_calls {result['max_calls']} (peer {result['peer_max_calls']})")
    if (idle := result["idle"]) is not None:
        click.echo(
            f"nobody talking, {idle['calls']} calls: {idle['cpu_ms_per_call_second']} ms CPU "
            f"per call-second (peer {idle['peer_cpu_ms_per_call_second']}), "
            f"{idle['actor_wakeups_per_call_second']} actor wake-ups per call-second"
        )


def _switch_capacity(
    counts: list[int],
    seconds: float,
    talkers: float,
    talk_every: float,
    as_json: bool,
    out: Path | None,
) -> None:
    from aiframe.lab.bench.capacity_switch import run_switch_capacity
    from aiframe.lab.switch.errors import TestSwitchError

    try:
        result = run_switch_capacity(
            counts, seconds, talkers, talk_every, progress=lambda m: click.echo(m, err=True)
        )
    except TestSwitchError as e:  # one line: the start-up log tail stays in the run directory
        raise type(e)(str(e).splitlines()[0]) from None
    if _emit_json(result, as_json, out):
        return
    for r in result["runs"]:
        g = r["response_gap_ms"]
        click.echo(
            f"{r['calls']:>4} calls: missed {r['missed_deadlines']}, controller CPU "
            f"{r['controller_cpu_percent_of_one_core']}%, FreeSWITCH CPU "
            f"{r['switch_cpu_percent_of_one_core']}%, gap p95 {g['p95']} ms"
        )
    click.echo(f"max_calls {result['max_calls']} through FreeSWITCH")


@bench.command(name="all")
@click.option(
    "--only",
    default=None,
    help="Comma-separated benchmarks (media, module, speech, policy, conversation, capacity,"
    " capacity-freeswitch).",
)
@click.option("--quick", is_flag=True, help="Seconds per benchmark (checks the runner only).")
@click.option(
    "--out-dir",
    type=click.Path(path_type=Path),
    default=Path("out/bench"),
    show_default=True,
    help="Raw JSON, one file per benchmark and all.json.",
)
@click.option(
    "--docs",
    type=click.Path(path_type=Path),
    default=Path("docs/benchmarks.md"),
    show_default=True,
    help="The page to write (its plots go beside it, in bench/).",
)
@click.option(
    "--keep",
    is_flag=True,
    help="With --only: keep the other benchmarks' results from --out-dir/all.json.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the JSON too.")
@click.pass_context
def all_bench(
    ctx: click.Context,
    only: str | None,
    quick: bool,
    out_dir: Path,
    docs: Path,
    keep: bool,
    as_json: bool,
) -> None:
    """Every benchmark; writes the raw JSON, plots and docs/benchmarks.md."""
    import sys

    import jsonschema

    from aiframe.lab.bench.runner import BENCHES, run_all, save, write_markdown, write_plots
    from aiframe.logs import configure_logging

    names = [n.strip() for n in only.split(",")] if only else list(BENCHES)
    unknown = sorted(set(names) - set(BENCHES))
    if unknown:
        raise click.BadParameter(
            f"unknown: {', '.join(unknown)}; known: {', '.join(BENCHES)}", param_hint="--only"
        )
    configure_logging("warning", ctx.obj.log.format)
    sys.setswitchinterval(0.001)
    data = run_all(
        names,
        quick=quick,
        on_result=lambda n, r: click.echo(
            f"{n}: {'skipped: ' + r['skipped'] if 'skipped' in r else 'done'}", err=True
        ),
    )
    previous = out_dir / "all.json"
    if keep and previous.is_file():
        from aiframe.lab.bench.runner import SCHEMA, summary_rows

        kept = json.loads(previous.read_text())["results"]
        data["results"] = {**{k: v for k, v in kept.items() if k not in names}, **data["results"]}
        data["results"] = {n: data["results"][n] for n in BENCHES if n in data["results"]}
        data["summary"] = summary_rows(data["results"])
        jsonschema.validate(data, SCHEMA)
    save(data, out_dir)
    plots = write_plots(data, docs.parent / "bench")
    write_markdown(data, docs, plots)
    if as_json:
        click.echo(json.dumps(data, indent=2))
    else:
        click.echo(f"wrote {docs}, {out_dir}/all.json and {len(plots)} plots")


for _command in bench.commands.values():
    guarded(_command)
