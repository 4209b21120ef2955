# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""What a demo call shows: the report (JSON), the transcript and the checks.

The report joins three views of the same call: the script (what the caller did
when), the loop's record (each turn's stages, each barge-in's verdict, each gate
decision) and the recording (response gaps and barge-in stop times measured with an
energy detector). The checks come from the script's own expectations, so any script
is judged the same way: a step that expects a reply got one, a backchannel or a cough
the agent should talk through did not end its turn, talking over the agent stopped
its audio before the caller finished, a tempting answer was refused by the gate.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from aiframe.conversation.record import STAGES, TurnRecord
from aiframe.demo.analysis import (
    AI_RMS,
    CALLER_RMS,
    FRAME_MS,
    StepAudio,
    measure_step,
    percentile,
    voiced_frames,
)
from aiframe.demo.caller import StepLog
from aiframe.demo.run import DemoCall

__all__ = ["build_report", "summary_lines", "transcript_md"]


def _step_ms(call: DemoCall, frame: int) -> float:
    return float(frame * 20)


def _measure(call: DemoCall) -> list[StepAudio | None]:
    caller = voiced_frames(call.caller, call.rate, CALLER_RMS)
    ai = voiced_frames(call.ai, call.rate, AI_RMS)
    end_ms = len(ai) * FRAME_MS
    out: list[StepAudio | None] = []
    steps = call.steps
    for i, st in enumerate(steps):
        if st.start < 0 or st.step.kind == "hangup":
            out.append(None)
            continue
        nxt = next((s.start for s in steps[i + 1 :] if s.start >= 0), -1)
        until = _step_ms(call, nxt) if nxt >= 0 else end_ms
        keys = _step_ms(call, st.end) if st.step.kind == "dtmf" else None
        out.append(
            measure_step(
                caller, ai, _step_ms(call, st.start), _step_ms(call, st.end), until, keys_at_ms=keys
            )
        )
    return out


def _turn_for(call: DemoCall, st: StepLog) -> TurnRecord | None:
    """The loop's turn that this caller step started (matched on time)."""
    if st.start < 0:
        return None
    start = call.t0_ns + st.start * 20_000_000
    end = call.t0_ns + st.end * 20_000_000
    for t in call.record.turns:
        if st.step.kind == "dtmf" and t.input in ("dtmf", "operator"):
            if t.eot_ns is not None and start <= t.eot_ns <= end + 5_000_000_000:
                return t
        elif (
            st.step.kind == "say"
            and t.input == "speech"
            and t.caller_start_ns is not None
            and start - 600_000_000 <= t.caller_start_ns <= end + 300_000_000
        ):
            return t
    return None


def _checks(
    call: DemoCall, audio: list[StepAudio | None], turns: list[TurnRecord | None]
) -> tuple[dict[str, bool | None], list[str]]:
    problems: list[str] = list(call.errors)
    checks: dict[str, bool | None] = {}
    said = [s for t in call.record.turns for s in t.said if s.first_played_ns or s.played != "none"]
    played = [s for t in call.record.turns for s in t.said if s.played != "none"]
    checks["disclosure_first"] = bool(played) and played[0].disclosure is not None
    if not checks["disclosure_first"]:
        problems.append("the first thing the caller heard was not the disclosure")
    replies, resumes, barges, tempts = [], [], [], []
    for st, a, t in zip(call.steps, audio, turns, strict=True):
        what = f"step {st.index + 1} ({st.step.label})"
        if st.start < 0:
            if st.step.kind != "hangup":
                problems.append(f"{what} never played")
            continue
        if a is None:
            continue
        exp = st.step.expected
        if exp == "reply":
            ok = a.response_gap_ms is not None and t is not None
            replies.append(ok)
            if not ok:
                problems.append(f"{what}: the agent did not answer it")
            if a.ai_speaking_at_onset and st.step.kind == "say":
                stopped = bool(a.stopped_before_caller_ended)
                barges.append(stopped)
                if not stopped:
                    problems.append(f"{what}: the agent's audio did not stop before the caller's")
        elif exp == "resume":
            cut = t is not None or any(
                b.verdict == "confirm"
                and b.at_ns >= call.t0_ns + st.start * 20_000_000 - 200_000_000
                and b.at_ns <= call.t0_ns + st.end * 20_000_000 + 1_000_000_000
                for b in call.record.barge_ins
            )
            resumes.append(not cut)
            if cut:
                problems.append(f"{what}: the agent's turn ended (it should have carried on)")
        if st.step.tempt:
            refused = any(
                s.proposed == st.step.tempt and s.action != "allow" and s.played == "full"
                for s in said
            )
            tempts.append(refused)
            if not refused:
                problems.append(f"{what}: the tempting answer was not refused by the gate")
    checks["every_reply"] = all(replies) if replies else None
    checks["talked_through_backchannels_and_noise"] = all(resumes) if resumes else None
    checks["barge_in_stopped_before_caller_ended"] = all(barges) if barges else None
    checks["tempting_answers_refused"] = all(tempts) if tempts else None
    checks["no_uplink_drops"] = call.host.get("uplink_drops", 0) == 0
    if not checks["no_uplink_drops"]:
        problems.append(f"{call.host['uplink_drops']} caller frames were dropped")
    checks["call_completed"] = not call.errors
    return checks, problems


def build_report(call: DemoCall) -> dict[str, Any]:
    """Everything about the call, as JSON-ready data."""
    audio = _measure(call)
    turns = [_turn_for(call, st) for st in call.steps]
    checks, problems = _checks(call, audio, turns)
    steps = []
    gaps: list[float] = []
    stops: list[float] = []
    for st, a, t in zip(call.steps, audio, turns, strict=True):
        d: dict[str, Any] = st.to_json(20)
        d["tempt"] = st.step.tempt
        d["turn"] = t.index if t is not None else None
        if a is not None:
            d["measured"] = {
                "caller_onset_ms": a.caller_onset_ms,
                "caller_last_voiced_ms": a.caller_last_ms,
                "agent_speaking_at_onset": a.ai_speaking_at_onset,
                "agent_audio_gone_ms": a.ai_gone_ms,
                "barge_in_stop_ms": a.barge_stop_ms,
                "stopped_before_caller_ended": a.stopped_before_caller_ended,
                "agent_next_voiced_ms": a.ai_reply_ms,
                "response_gap_ms": a.response_gap_ms,
            }
            if st.step.expected == "reply" and a.response_gap_ms is not None and t is not None:
                gaps.append(a.response_gap_ms)
            if a.barge_stop_ms is not None:
                stops.append(a.barge_stop_ms)
        steps.append(d)
    turn_rows = []
    for t in call.record.turns:
        row = t.to_json()
        row["at_ms"] = {
            k: call.ms(getattr(t, f"{k}_ns"))
            for k in ("caller_start", "caller_end", "eot", "asr_final", "first_played")
        }
        step = next((s for s, tt in zip(call.steps, turns, strict=True) if tt is t), None)
        a = audio[step.index] if step is not None else None
        row["step"] = step.index if step is not None else None
        row["response_gap_ms"] = a.response_gap_ms if a is not None else None
        turn_rows.append(row)
    barge_rows = []
    for b in call.record.barge_ins:
        row = asdict(b)
        row["at_ms"] = call.ms(b.at_ns)
        row["decided_after_ms"] = (
            round((b.decided_ns - b.at_ns) / 1e6, 1) if b.decided_ns is not None else None
        )
        barge_rows.append(row)
    stage_values: dict[str, list[float]] = {s: [] for s in STAGES}
    for t in call.record.turns:
        if t.input != "speech":
            continue
        for k, v in t.breakdown_ms().items():
            if v is not None:
                stage_values[k].append(v)
    decisions = call.decisions
    refused = [d for d in decisions if d["action"] != "allow"]
    rec = call.record
    return {
        "aiframe_demo": 1,
        "ok": not problems,
        "problems": problems,
        "checks": checks,
        "script": {
            "description": call.script.description,
            "agent": call.script.agent,
            "today": str(call.script.today) if call.script.today else None,
            "voice": call.script.voice.model_dump(),
            "steps": len(call.script.steps),
        },
        "agent": call.agent,
        "policy_version": call.policy_version,
        "settings": call.settings.model_dump(mode="json"),
        "call": {
            "uuid": rec.uuid,
            "conversation_id": rec.conversation_id,
            "duration_s": round(len(call.caller) / call.rate, 1),
            "wall_s": call.wall_s,
            "end_reason": rec.end_reason,
            "host": call.host,
            "final_state": call.state,
        },
        "summary": {
            "response_gap_ms": {
                "p50": percentile(gaps, 50),
                "p95": percentile(gaps, 95),
                "n": len(gaps),
                "values": gaps,
            },
            "barge_in_stop_ms": {
                "p50": percentile(stops, 50),
                "p95": percentile(stops, 95),
                "n": len(stops),
                "values": stops,
            },
            "stages_p50_ms": {k: percentile(v, 50) for k, v in stage_values.items()},
            "barge_ins": {
                "confirmed": sum(1 for b in rec.barge_ins if b.verdict == "confirm"),
                "resumed": sum(1 for b in rec.barge_ins if b.verdict == "resume"),
            },
            "policy_decisions": len(decisions),
            "policy_refusals": len(refused),
            "speculation": {
                "started": rec.speculations,
                "used": rec.speculations_used,
                "discarded": rec.speculations_discarded,
            },
        },
        "steps": steps,
        "turns": turn_rows,
        "barge_ins": barge_rows,
        "ignored_utterances": [
            {**u, "at_ms": call.ms(u.get("at_ns"))} for u in rec.ignored_utterances
        ],
        "policy_decisions": decisions,
        "controls": rec.controls,
        "switch_commands": [
            {"at_ms": call.ms(c.at_ns), "command": c.command, "reply": c.reply}
            for c in call.commands
        ],
    }


def _clock(ms: float | None) -> str:
    if ms is None:
        return "--:--.-"
    s = max(0.0, ms) / 1000
    return f"{int(s // 60):02d}:{s % 60:04.1f}"


def transcript_md(call: DemoCall, report: dict[str, Any]) -> str:
    """The call as people read it: who said what when, and what the gate and the
    barge-in logic decided."""
    events: list[tuple[float, int, str]] = []
    by_step = {s["index"]: s for s in report["steps"]}
    turns = {t.index: t for t in call.record.turns}
    for st in call.steps:
        if st.start < 0:
            continue
        at = _step_ms(call, st.start)
        row = by_step[st.index]
        step = st.step
        if step.kind == "say":
            t = turns.get(row["turn"]) if row["turn"] is not None else None
            heard = f' — heard as "{t.heard}"' if t is not None else ""
            note = ""
            if step.expected == "resume":
                note = " *(a backchannel: the agent should carry on)*"
            line = f'**Caller** `{_clock(at)}`: "{step.say}"{heard}{note}'
        elif step.kind == "sound":
            line = f"**Caller** `{_clock(at)}`: *({step.sound} over the agent)*"
        elif step.kind == "dtmf":
            line = f"**Caller** `{_clock(at)}`: keys `{step.dtmf}`"
        else:
            line = f"**Caller** `{_clock(at)}`: *(hangs up)*"
        events.append((at, 1, line))
        m = row.get("measured") or {}
        if m.get("barge_in_stop_ms") is not None:
            before = "before" if m.get("stopped_before_caller_ended") else "NOT before"
            events.append(
                (
                    at + 1,
                    2,
                    f"> the agent's audio stopped {m['barge_in_stop_ms']:.0f} ms after the "
                    f"caller started, {before} the caller finished (measured on call.wav)",
                )
            )
    for t in call.record.turns:
        for s in t.said:
            if s.played == "none":
                continue
            at = call.ms(s.first_played_ns) or 0.0
            text = s.text if s.played == "full" else f"{s.heard} *(cut off)*"
            tag = f" *[disclosure: {s.disclosure}]*" if s.disclosure else ""
            events.append((at, 0, f"**Agent** `{_clock(at)}`: {text}{tag}"))
            if s.action != "allow":
                proposed = f': the brain proposed "{s.proposed}"' if s.proposed else ""
                events.append(
                    (at + 0.5, 2, f"> policy: {s.action} by {', '.join(s.rules)}{proposed}")
                )
        dropped = sum(1 for s in t.said if s.played == "none")
        if dropped:
            at = call.ms(t.settled_ns) or 0.0
            events.append((at, 3, f"> {dropped} more sentence(s) of that turn were never played"))
    for b in report["barge_ins"]:
        kind = "soft barge-in (no flush)" if b["soft"] else "barge-in: the switch flushed"
        events.append(
            (
                b["at_ms"] or 0.0,
                2,
                f"> {kind} at `{_clock(b['at_ms'])}`, {b['verdict'] or 'undecided'} "
                f"after {b['decided_after_ms']} ms ({b['why']})",
            )
        )
    for c in report["switch_commands"]:
        if c["command"].startswith(("uuid_transfer", "uuid_kill")):
            events.append((c["at_ms"] or 0.0, 3, f"> switch: `{c['command']}`"))
    events.sort(key=lambda e: (e[0], e[1]))
    head = [
        f"# Demo call: {call.agent} ({call.policy_version})",
        "",
        f"{call.script.description}".strip(),
        "",
        f"Call {call.record.uuid}, {report['call']['duration_s']} s, ended: "
        f"{call.record.end_reason}. Caller left, agent right in call.wav.",
        "",
    ]
    return "\n".join([*head, *(e[2] + "  " for e in events), ""])


def summary_lines(report: dict[str, Any]) -> list[str]:
    """A short table for the terminal."""
    lines = [
        f"{'turn':>4}  {'caller said / input':<44} {'gap':>6} "
        + " ".join(f"{s[:6]:>6}" for s in ("eot", "asr", "brain", "gate", "tts", "played")),
    ]
    for t in report["turns"]:
        what = t["heard"] if t["input"] in ("speech", "dtmf") else f"({t['input']})"
        b = t["breakdown_ms"]
        cells = [b.get(s) for s in STAGES]
        gap = t.get("response_gap_ms")
        lines.append(
            f"{t['index']:>4}  {what[:44]:<44} {_num(gap):>6} "
            + " ".join(f"{_num(c):>6}" for c in cells)
        )
    s = report["summary"]
    g, bs = s["response_gap_ms"], s["barge_in_stop_ms"]
    lines.append(
        f"response gap (measured on call.wav): p50 {_num(g['p50'])} ms, p95 {_num(g['p95'])} ms "
        f"over {g['n']} turns; barge-in stop: p50 {_num(bs['p50'])} ms, "
        f"p95 {_num(bs['p95'])} ms over {bs['n']}"
    )
    lines.append(
        f"barge-ins: {s['barge_ins']['confirmed']} confirmed, {s['barge_ins']['resumed']} "
        f"resumed; policy: {s['policy_decisions']} decisions, {s['policy_refusals']} refused "
        "or changed"
    )
    lines.append(
        "result: " + ("OK" if report["ok"] else "FAILED: " + "; ".join(report["problems"]))
    )
    return lines


def _num(v: float | None) -> str:
    return "-" if v is None else f"{v:.0f}"
