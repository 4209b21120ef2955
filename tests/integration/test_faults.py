# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Faults injected under running calls (docs/reliability.md has the whole table).

Speech faults run whole calls on the embedded host through the soak's driver (the
real arena, pump, actors, conversation loop and store; model-free engines, one of
them broken on purpose). Arena faults run the real controller against the ESL double.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from aiframe.cancel import Cancel
from aiframe.config import Settings
from aiframe.conversation.messages import Heard, Spoken
from aiframe.conversation.speech import EngineSpeech
from aiframe.errors import ArenaError
from aiframe.lab.fakes.cheap_speech import CheapSpeech
from aiframe.lab.soak.driver import SoakParams, SoakRun
from aiframe.media.arena import Arena
from aiframe.speech.audio import F32
from aiframe.speech.engines import SpeechEngines
from aiframe.speech.errors import ChecksumError, ModelNotPulledError
from aiframe.speech.settings import SpeechSettings

pytestmark = [pytest.mark.slow]

TTS_DELAY_S = 1.5


class ThrowingSpeech(CheapSpeech):
    """The transcriber throws once (a model crashing in the middle of a call)."""

    def __init__(self, *a: object, **kw: object) -> None:
        super().__init__(*a, **kw)  # type: ignore[arg-type]
        self._lock = threading.Lock()
        self.thrown = 0

    def transcribe(self, audio: F32, rate: int) -> Heard:
        with self._lock:
            first = self.thrown == 0
            self.thrown += 1
        if first:
            raise RuntimeError("ONNXRuntimeError: invalid input tensor (injected)")
        return super().transcribe(audio, rate)


class SlowTts(CheapSpeech):
    """Each sentence takes longer to make than to play (TTS slower than real time)."""

    def synthesize(self, text: str, rate: int, cancel: Cancel) -> Iterator[Spoken]:
        for spoken in super().synthesize(text, rate, cancel):
            time.sleep(max(TTS_DELAY_S, 1.5 * len(spoken.pcm) / rate))
            yield spoken


def _run(speech_cls: type[CheapSpeech], tmp_path: Path, lanes: int = 2) -> SoakRun:
    run = SoakRun(Settings(), SoakParams(seconds=0.1, calls=lanes, cheap=True), tmp_path)
    run.open()
    try:
        assert isinstance(run.speech, CheapSpeech)
        run.speech.close()
        run.speech = speech_cls(run.script)
        assert run.service is not None
        run.service.speech = run.speech
        run.run()
    finally:
        run.close()
    return run


def test_a_speech_model_throwing_mid_call_fails_that_call_only(tmp_path):
    run = _run(ThrowingSpeech, tmp_path)
    failed = [r for r in run.results if not r.ok]
    fine = [r for r in run.results if r.ok]
    [bad] = failed
    assert "the call failed: CallError" in bad.errors[0]
    assert "RuntimeError: ONNXRuntimeError: invalid input tensor (injected)" in bad.errors[0]
    assert bad.hangup_cause == "NORMAL_TEMPORARY_FAILURE"  # controller.failure_cause
    # Every other call, the one alongside and the ones after, went to its end.
    assert len(fine) == len(run.results) - 1 >= 2
    assert any(r.phase == "warm-up" for r in fine) and any(r.phase == "soak" for r in fine)
    assert all(r.hangup_cause is None and r.turns >= 2 for r in fine)
    assert run.final is not None and run.final.slots_active == 0


def test_tts_slower_than_real_time_makes_replies_late_and_breaks_nothing(tmp_path):
    run = _run(SlowTts, tmp_path, lanes=1)
    assert run.results and all(r.ok for r in run.results), [r.errors for r in run.results]
    # The caller hears the reply late: at least the synthesis time after its turn.
    gaps = [r.first_reply_gap_ms for r in run.results]
    assert all(g is not None and g >= TTS_DELAY_S * 1000 for g in gaps), gaps
    # Waiting for a sentence is silence between utterances, never a ring fault.
    for r in run.results:
        assert r.counters["uplink_drops"] == r.counters["downlink_overruns"] == 0


def test_a_model_missing_from_the_cache_is_a_clear_error_before_any_call(tmp_path):
    engines = SpeechEngines(SpeechSettings(cache_dir=tmp_path / "empty-cache"))
    speech = EngineSpeech(engines)
    try:
        with pytest.raises(ModelNotPulledError, match=r"model silero.* run `aiframe models pull"):
            speech.load()
    finally:
        speech.close()
        engines.close()


def test_a_model_file_corrupted_on_disk_is_named_before_any_call(tmp_path):
    """Same size, other bytes: the quick look says pulled, the hash at load does not."""
    pulled = SpeechEngines()
    spec = pulled.manifest.get(pulled.settings.vad.model)
    cache = tmp_path / "cache"
    shutil.copytree(pulled.cache.model_dir(spec), cache / spec.name)
    model = cache / spec.name / spec.files[0].path
    with model.open("r+b") as f:
        f.seek(model.stat().st_size // 2)
        f.write(b"\xff\x00\xff\x00")
    engines = SpeechEngines(SpeechSettings(cache_dir=cache))
    assert engines.cache.state(spec) == "pulled"
    try:
        with pytest.raises(
            ChecksumError,
            match=rf"model {spec.name} .* does not verify \({spec.files[0].path}: sha256 .*"
            rf"run `aiframe models pull {spec.name} --force`",
        ):
            engines.vad  # noqa: B018
    finally:
        engines.close()
        pulled.close()


# ---- the arena file under a running controller ---------------------------------------


def test_the_arena_file_deleted_under_the_controller_is_survived(
    big_arena, arena_path, make_settings, run_controller, place_call, wait_until
):
    r = run_controller(make_settings(controller={"heartbeat_ms": 50}))
    c = place_call(seconds=6.0)
    p = r.probe(c.uuid)
    wait_until(lambda: p.samples_seen > 0, what="caller audio at the actor")
    os.unlink(arena_path)
    seen = p.samples_seen
    # The mapping outlives the file: the call's audio keeps arriving, heartbeats go on.
    wait_until(lambda: p.samples_seen > seen + 16000, what="a second more caller audio")
    beat = big_arena.info().controller_heartbeat_ns
    wait_until(lambda: big_arena.info().controller_heartbeat_ns > beat, what="a heartbeat")
    assert not r.greenlet.dead
    with pytest.raises(ArenaError):
        Arena.open(arena_path)  # what a new reader gets: a clear error


def test_the_arena_replaced_under_the_controller_stops_it_with_a_clear_error(
    arena_path, make_settings, run_controller, wait_until
):
    r = run_controller(make_settings(controller={"heartbeat_ms": 50}))
    # What mod_aiframe does when FreeSWITCH (or the module) restarts: a fresh arena
    # renamed over the path.
    fresh = arena_path.with_name(arena_path.name + ".new")
    with Arena.create(fresh, slots=4, max_rate=16000) as new:
        fresh.rename(arena_path)
        wait_until(lambda: r.greenlet.dead, what="the controller to stop")
        with pytest.raises(ArenaError, match=r"was replaced .* Exiting, so that a fresh start"):
            r.greenlet.get()
        assert new.info().controller_heartbeat_ns == 0  # it never wrote into the new one


def test_engines_that_cannot_load_under_aiframe_run_fail_the_call_not_the_controller(
    switch, make_settings, run_controller, place_call, wait_until
):
    # Under `aiframe run` the engines load with the first call (aiframe doctor checks
    # the models before start): what a missing model does to that call.
    def broken(info):
        raise ModelNotPulledError("model whisper-tiny.en is missing; run `aiframe models pull`")

    r = run_controller(make_settings())
    assert r.controller.registry is not None
    r.controller.registry.handler_factory = broken
    c = place_call()
    kill = f"bgapi uuid_kill {c.uuid} NORMAL_TEMPORARY_FAILURE"
    wait_until(lambda: kill in [x.split("\n")[0] for x in switch.commands], what="the hang-up")
    assert r.controller.registry.stats.failed == 1
    assert c.uuid not in r.controller.registry.calls
    assert not r.greenlet.dead  # the next call gets the same chance
