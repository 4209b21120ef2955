# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""What ``aiframe call`` prints: the recording's timeline with its words, what the
agent heard (the store's transcript), the response gaps and how the call ended."""

from __future__ import annotations

from typing import Any

import numpy as np

from aiframe.callcheck.call import Placed
from aiframe.callcheck.recording import gap_summary, timeline
from aiframe.config import Settings
from aiframe.errors import AiframeError
from aiframe.media.arena import PCM

__all__ = ["build_report", "report_lines"]

_TURN_KEYS = {"turn": "turn", "role": "role", "text": "spoken", "interrupted": "interrupted"}


def build_report(settings: Settings, placed: Placed) -> dict[str, Any]:
    report: dict[str, Any] = {
        "call": placed.uuid,
        "caller_id": placed.caller_id,
        "via": placed.via,
        "target": placed.target,
        "answered": placed.answered,
        "seconds": round(placed.seconds, 1),
        "hangup_cause": placed.hangup_cause,
        "recording": str(placed.recording),
        "notes": list(placed.notes),
    }
    try:
        caller, agent, rate = _sides(placed)
    except (OSError, ValueError) as e:
        report["notes"].append(f"no recording to read ({e})")
        return report
    speech, found = timeline(caller, agent, rate, _transcriber(settings))
    report["timeline"] = [
        {"at_s": round(s.start_s, 2), "until_s": round(s.end_s, 2), "who": s.side, "text": s.text}
        for s in speech
    ]
    report["gaps_ms"] = [g.ms for g in found]
    report["gaps"] = gap_summary(found)
    report["store"] = _stored(settings, placed.uuid)
    return report


def _sides(placed: Placed) -> tuple[PCM, PCM, int]:
    import wave

    with wave.open(str(placed.recording), "rb") as w:
        rate, channels = w.getframerate(), w.getnchannels()
        raw = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.int16)
    if channels != 2:
        raise ValueError(f"{placed.recording} has {channels} channel(s), expected 2")
    frames = raw.reshape(-1, 2)
    # RECORD_STEREO: left is what the channel read (the caller), right what it wrote.
    return np.ascontiguousarray(frames[:, 0]), np.ascontiguousarray(frames[:, 1]), rate


def _transcriber(settings: Settings) -> Any:
    from aiframe.speech.audio import to_float
    from aiframe.speech.engines import SpeechEngines
    from aiframe.speech.utterances import Span, split_long

    asr = SpeechEngines(settings.speech).asr

    def words(pcm: PCM, rate: int) -> str:
        x = to_float(pcm)
        pieces = split_long(Span(0.0, len(x) / rate), x, rate)
        texts = [
            asr.transcribe(x[int(p.start_s * rate) : int(p.end_s * rate)], rate, whole=True).text
            for p in pieces
        ]
        return " ".join(t for t in texts if t)

    return words


def _stored(settings: Settings, uuid: str) -> dict[str, Any]:
    """The controller's own record of the call: what it heard and how the call ended."""
    if not settings.store.enabled:
        return {"error": "store.enabled is false"}
    try:
        from aiframe.store import query
        from aiframe.store.engine import make_engine

        engine = make_engine(settings.store.url, connect_timeout_s=settings.store.connect_timeout_s)
        try:
            tr = query.transcript(engine, uuid)
            calls = [c for c in query.calls(engine, None, 1000) if c["uuid"] == uuid]
        finally:
            engine.dispose()
    except AiframeError as e:
        return {"error": str(e)}
    conv = tr["conversation"]
    return {
        "conversation": conv["id"],
        "agent": conv["agent"],
        "status": conv["status"],
        "end": calls[0]["end_reason"] if calls else None,
        "turns": [
            {
                "turn": t["turn"],
                "role": t["role"],
                "text": t["spoken"],
                "interrupted": t["interrupted"],
            }
            for t in tr["turns"]
        ],
    }


def report_lines(r: dict[str, Any]) -> list[str]:
    out = [
        f"call {r['call'] or '-'} via {r['via']} to {r['target']} (caller id {r['caller_id']}): "
        + (
            f"answered, {r['seconds']} s, hangup {r['hangup_cause']}"
            if r["answered"]
            else "not answered"
        ),
        f"recording: {r['recording']} (left: the caller, right: the agent)",
    ]
    out += [f"note: {n}" for n in r["notes"]]
    if "timeline" in r:
        out.append("")
        out.append("on the line (the recording, transcribed):")
        for s in r["timeline"]:
            who = "agent " if s["who"] == "agent" else "caller"
            out.append(f"  {s['at_s']:7.2f} s  {who}  {s['text'] or '(no words)'}")
        g = r["gaps"]
        if g["answers"]:
            out.append(
                f"response gaps: {g['answers']} answers, p50 {g['p50_ms']:.0f} ms, "
                f"p95 {g['p95_ms']:.0f} ms, max {g['max_ms']:.0f} ms "
                f"({', '.join(f'{x:.0f}' for x in r['gaps_ms'])})"
            )
        else:
            out.append("response gaps: the agent answered no caller line")
    store = r.get("store") or {}
    if "error" in store:
        out.append(f"the store: not read ({store['error']})")
    elif store:
        out.append("")
        out.append(
            f"what the agent heard and said (the store; conversation {store['conversation']}, "
            f"agent {store['agent']}, {store['status']}):"
        )
        for t in store["turns"]:
            mark = " (interrupted)" if t["interrupted"] else ""
            verb = "heard" if t["role"] == "caller" else "said "
            out.append(f"  turn {t['turn']:3}  {verb}  {t['text']}{mark}")
        out.append(f"end: {store['end'] or 'live'}")
    return out
