# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Listening: one call's caller audio to utterances, pauses, transcripts, ends of turn.

The media lane does the per-frame work (:mod:`aiframe.runtime.listening`): it keeps
the call's audio log, runs its VAD batched with every other call's, and watches the
energy. The listener gets only the edges: the VAD's starts and stops drive the
:class:`~aiframe.conversation.endpoint.Endpointer`. At each pause smart-turn reads the
audio so far and ASR starts on the utterance (speculatively: the caller may carry
on). Because the VAD's edge lags the caller's energy by 100-200 ms, ASR starts even
earlier, at an *early pause*: the energy quiet for ``early_pause_ms`` while the VAD
still hears speech; the VAD's pause then takes that transcript over, and louder audio
before it (``LoudAgain``) voids it. smart-turn unsure at a pause is asked once more at
``recheck_ms``, with more silence to go on. An utterance longer than
``max_utterance_s`` is ended by a timer.

The listener owns the speculations and the utterances and reads the audio log; what
it finds it tells its :class:`ListenerHost` (the call's loop), which also runs its jobs
and timers, so everything still happens in the call's actor, in order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from aiframe.conversation.bargecase import BargeCase
from aiframe.conversation.endpoint import EndOfTurn, Endpointer, Pause, Resumed, SpeechStarted
from aiframe.conversation.messages import AsrOut, TurnGuessOut
from aiframe.conversation.record import CallRecord, TurnRecord
from aiframe.conversation.settings import EndpointSettings
from aiframe.conversation.speech import SpeechPort
from aiframe.media.arena import now_ns
from aiframe.media.callaudio import CallAudio
from aiframe.runtime.hubseam import Submitter
from aiframe.runtime.listening import Listening
from aiframe.runtime.messages import CallMessage, EarlyPause, LoudAgain, VoiceActivity
from aiframe.speech.audio import to_float

__all__ = ["TIMERS", "CallerUtterance", "Listener", "ListenerHost", "listening_for"]

_HANGOVER = "conv.hangover"
_RECHECK = "conv.turn_recheck"
_SURE = "conv.barge_sure"
_TOO_LONG = "conv.too_long"
TIMERS = frozenset({_HANGOVER, _RECHECK, _SURE, _TOO_LONG})
_ASR_TAIL_MS = 100  # a little of the silence after the speech helps Whisper end the sentence
_TURN_WINDOW_MS = 8000  # smart-turn reads the last 8 s


@dataclass(slots=True)
class _Spec:
    """One speculation: a transcript of the utterance up to a pause."""

    spec: int  # a VAD pause's number; an early (energy) pause counts down from -1
    utterance: int
    start_ms: float
    end_ms: float
    void: bool = False
    guesses: int = 0
    asr_running: bool = False
    asr: AsrOut | None = None


@dataclass(slots=True)
class CallerUtterance:
    """One caller utterance while it lasts; the loop's barge-in judge marks it. (What the
    AI says is a :class:`~aiframe.policy.decisions.Utterance`.)"""

    id: int
    start_ms: float
    case: BargeCase | None = None  # being judged as a barge-in
    ignored: bool = False  # judged a backchannel or noise: it makes no turn
    eot: EndOfTurn | None = None
    eot_ns: int = 0
    waiting_asr: int | None = None  # the speculation whose transcript the end waits for


def listening_for(speech: SpeechPort, settings: EndpointSettings, rate: int) -> Listening:
    """What the media lane does for a listener: its audio log, its VAD, its early pause."""
    early = settings.speculative_asr and settings.early_pause_ms > 0
    return Listening(
        CallAudio(rate),
        lambda: speech.vad_stream(rate),
        early_pause_ms=settings.early_pause_ms if early else 0,
        early_rms=settings.early_rms,
    )


class ListenerHost(Protocol):
    """The call's loop, as the listener uses it."""

    def job(self, pool: Submitter, what: str, work: Callable[[], CallMessage | None]) -> None: ...
    def timer(self, name: str, seconds: float) -> None: ...
    def cancel_timer(self, name: str) -> None: ...
    def speech_started(self, utt: CallerUtterance) -> None:
        """A new utterance began, or one judged a backchannel carries on."""

    def case_decided(self, utt: CallerUtterance) -> None:
        """The barge-in case on ``utt`` has a verdict."""

    def heard(self, utt: CallerUtterance, text: str, record: TurnRecord) -> None:
        """The caller's turn is over: ``text`` starts the next turn."""

    def forgot(self, utt: CallerUtterance) -> None:
        """An utterance ended without making a turn."""


class Listener:
    """One call's ears. Feed it the media lane's edges and its jobs' results; it calls
    its host back."""

    def __init__(
        self,
        host: ListenerHost,
        speech: SpeechPort,
        settings: EndpointSettings,
        record: CallRecord,
        rate: int,
        listening: Listening | None = None,
    ) -> None:
        self.host = host
        self.speech = speech
        self.s = settings
        self.record = record
        self.rate = rate
        self.listening = listening or listening_for(speech, settings, rate)
        self.audio = self.listening.audio
        self.endpoint = Endpointer(settings)
        self.utterances: dict[int, CallerUtterance] = {}
        self._specs: dict[int, _Spec] = {}
        self._recheck_spec = 0
        self._early: _Spec | None = None
        self._early_ids = 0
        self._adopted: dict[int, int] = {}  # early speculation -> the pause that took it
        self._loud_ms = 0.0

    # ---- what the loop calls --------------------------------------------------------

    def now_ms(self) -> float:
        return self.audio.now_ms(now_ns())

    @property
    def idle(self) -> bool:
        """No utterance in progress."""
        return self.endpoint.state == "idle"

    @property
    def current(self) -> CallerUtterance | None:
        """The utterance in progress, if any."""
        return None if self.idle else self.utterances.get(self.endpoint.utterance)

    @property
    def vad_lag_ms(self) -> float:
        """Caller audio received but not yet judged by the VAD: how far behind it is."""
        return max(0, self.audio.position - self.listening.vad_upto) * 1000.0 / self.rate

    def on_voice(self, msg: VoiceActivity) -> None:
        """The VAD heard the caller start or stop."""
        for ev in msg.events:
            if ev.kind == "start":
                self._speech_start(ev.at_ms)
            else:
                self._speech_stop(ev.at_ms)
        self._tick()

    def on_early_pause(self, msg: EarlyPause) -> None:
        """The energy went quiet while the VAD still hears voice: start ASR now."""
        self._loud_ms = max(self._loud_ms, msg.loud_ms)
        if self.endpoint.state != "speech" or self._early is not None:
            return
        utt = self.utterances.get(self.endpoint.utterance)
        if utt is None or self._loud_ms <= utt.start_ms:
            return
        self._early_ids -= 1
        sp = _Spec(self._early_ids, utt.id, utt.start_ms, self._loud_ms)
        self._specs[sp.spec] = sp
        self._early = sp
        self.record.speculations += 1
        self._transcribe(sp)

    def on_loud_again(self, msg: LoudAgain) -> None:
        """Loud audio after an early pause: that pause was not one."""
        self._loud_ms = max(self._loud_ms, msg.loud_ms)
        if self._early is not None and not self._early.void:
            self._void(self._early.spec)
        self._early = None

    def on_guess(self, msg: TurnGuessOut) -> None:
        sp = self._specs.get(msg.spec)
        if sp is not None:
            sp.guesses += 1
        for ev in self.endpoint.turn_verdict(msg.spec, msg.guess.complete, self.now_ms()):
            if isinstance(ev, EndOfTurn):
                self._end_of_turn(ev)
        if (
            sp is not None
            and not msg.guess.complete
            and sp.guesses == 1
            and self.s.recheck_ms
            and self.endpoint.state == "pause"
            and self.endpoint.spec == msg.spec
        ):
            # Unsure with little silence to go on: ask again once more has passed.
            self.host.timer(_RECHECK, (sp.end_ms + self.s.recheck_ms - self.now_ms()) / 1000)
            self._recheck_spec = msg.spec
        self._hangover()

    def on_asr(self, msg: AsrOut) -> None:
        early = self._specs.get(msg.spec)
        if early is not None and msg.spec in self._adopted:
            early.asr_running, early.asr = False, msg
        sp = self._specs.get(self._adopted.get(msg.spec, msg.spec))
        if sp is None:
            return
        if sp.spec != msg.spec:
            msg = AsrOut(sp.spec, msg.heard, msg.started_ns, msg.done_ns)
        sp.asr_running = False
        sp.asr = msg
        utt = self.utterances.get(sp.utterance)
        if utt is None:
            return
        case = utt.case
        if case is not None and case.decided is None and not sp.void and sp.spec > 0:
            case.transcript(msg.heard.text, sp.end_ms - sp.start_ms)
            self.host.case_decided(utt)
        if utt.waiting_asr == msg.spec:
            utt.waiting_asr = None
            if utt.eot is not None:
                self._eot_ready(utt, utt.eot, sp)

    def on_timer(self, name: str) -> None:
        """One of :data:`TIMERS` fired."""
        if name == _HANGOVER:
            self._tick()
            self._hangover()
        elif name == _RECHECK:
            if self.endpoint.state == "pause" and self.endpoint.spec == self._recheck_spec:
                self._guess(self._recheck_spec)
        elif name == _SURE:
            self._tick()
        elif name == _TOO_LONG and not self.idle:
            self._tick()
            if not self.idle:  # paused at the limit: check again if the caller resumes
                self.host.timer(_TOO_LONG, 0.1)

    def watch_speech(self, utt: CallerUtterance) -> None:
        """``utt`` is being judged: check again when it could be long enough to be sure."""
        if utt.case is not None:
            self.host.timer(_SURE, utt.case.settings.sure_speech_ms / 1000)

    def stop_watching(self) -> None:
        self.host.cancel_timer(_SURE)

    # ---- VAD edges ------------------------------------------------------------------

    def _speech_start(self, at_ms: float) -> None:
        for ev in self.endpoint.speech_start(at_ms):
            if isinstance(ev, SpeechStarted):
                utt = CallerUtterance(ev.utterance, ev.at_ms)
                self.utterances[ev.utterance] = utt
                limit_ms = ev.at_ms + self.s.max_utterance_s * 1000
                self.host.timer(_TOO_LONG, (limit_ms - self.now_ms()) / 1000)
                self.host.speech_started(utt)
            elif isinstance(ev, Resumed):
                self._void(ev.spec)
                self.host.cancel_timer(_HANGOVER)
                utt = self.utterances[ev.utterance]
                if utt.ignored:
                    # Judged a backchannel at its pause, but the caller carries on.
                    utt.ignored = False
                    utt.case = None
                    self.host.speech_started(utt)

    def _speech_stop(self, at_ms: float) -> None:
        for ev in self.endpoint.speech_stop(at_ms):
            if isinstance(ev, Pause):
                self._pause(ev)

    # ---- pauses and speculation -------------------------------------------------------

    def _pause(self, ev: Pause) -> None:
        sp = _Spec(ev.spec, ev.utterance, ev.start_ms, ev.end_ms)
        self._specs[ev.spec] = sp
        self._guess(ev.spec)
        early = self._early
        if early is not None and not early.void and early.utterance == ev.utterance:
            # The energy saw this pause first: its transcript is already on its way.
            self._early = None
            self._adopted[early.spec] = ev.spec
            sp.asr, sp.asr_running, sp.end_ms = early.asr, early.asr_running, early.end_ms
            self._hangover()
            return
        self.record.speculations += 1
        utt = self.utterances.get(ev.utterance)
        undecided = utt is not None and utt.case is not None and utt.case.decided is None
        if self.s.speculative_asr or undecided:
            self._transcribe(sp)
        self._hangover()

    def _transcribe(self, sp: _Spec) -> None:
        if sp.asr_running or sp.asr is not None:
            return
        sp.asr_running = True
        log = self.audio
        a = log.samples(max(0.0, sp.start_ms - self.s.pad_ms))
        b = min(log.samples(sp.end_ms + _ASR_TAIL_MS), log.position)
        rate, speech, spec = self.rate, self.speech, sp.spec

        def work() -> CallMessage:
            t0 = now_ns()
            heard = speech.transcribe(to_float(log.read(a, b)), rate)
            return AsrOut(spec, heard, t0, now_ns())

        self.host.job(self.speech.pool, "ASR", work)

    def _guess(self, spec: int) -> None:
        # The audio up to now: the silence after the speech is part of what smart-turn
        # reads (without it, it calls most finished sentences unfinished).
        log = self.audio
        b = log.position
        a = max(0, b - log.samples(_TURN_WINDOW_MS))
        rate, speech = self.rate, self.speech

        def guess() -> CallMessage:
            return TurnGuessOut(spec, speech.end_of_turn(to_float(log.read(a, b)), rate), now_ns())

        self.host.job(self.speech.pool, "end of turn", guess)

    def _void(self, spec: int) -> None:
        sp = self._specs.get(spec)
        if sp is not None and not sp.void:
            sp.void = True
            self.record.speculations_discarded += 1

    # ---- ends of turn -----------------------------------------------------------------

    def _hangover(self) -> None:
        due = self.endpoint.due_ms()
        if due is None:
            self.host.cancel_timer(_HANGOVER)
            return
        self.host.timer(_HANGOVER, (due - self.now_ms()) / 1000)

    def _tick(self) -> None:
        for ev in self.endpoint.tick(self.now_ms()):
            if isinstance(ev, EndOfTurn):
                self._end_of_turn(ev)
        utt = self.current
        if (
            utt is not None
            and utt.case is not None
            and self.endpoint.state == "speech"
            and utt.case.speech_for(self.now_ms()) == "confirm"
        ):
            self.host.case_decided(utt)

    def _end_of_turn(self, ev: EndOfTurn) -> None:
        self.host.cancel_timer(_HANGOVER)
        self.host.cancel_timer(_TOO_LONG)
        utt = self.utterances.get(ev.utterance)
        if utt is None:
            return
        utt.eot = ev
        utt.eot_ns = now_ns()
        sp = self._specs.get(ev.spec)
        if sp is None:  # too long: no pause to have speculated on
            sp = _Spec(ev.spec, ev.utterance, ev.start_ms, ev.end_ms)
            self._specs[ev.spec] = sp
        if utt.ignored:
            self._forget(utt, "backchannel or noise")
            return
        if sp.asr is not None:
            self._eot_ready(utt, ev, sp)
            return
        utt.waiting_asr = sp.spec
        self._transcribe(sp)

    def _eot_ready(self, utt: CallerUtterance, ev: EndOfTurn, sp: _Spec) -> None:
        """The turn is over and its transcript is in."""
        assert sp.asr is not None
        if utt.case is not None and utt.case.decided is None:
            utt.case.transcript(sp.asr.heard.text, ev.end_ms - ev.start_ms)
            self.host.case_decided(utt)
        if utt.ignored:
            self._forget(utt, "backchannel or noise")
            return
        text = sp.asr.heard.text.strip()
        if not text:
            self._forget(utt, "no words")
            return
        speculative = sp.asr.started_ns < utt.eot_ns
        if speculative:
            self.record.speculations_used += 1
        rec = TurnRecord(
            index=0,
            input="speech",
            heard=text,
            caller_start_ns=self.audio.clock_ns(ev.start_ms),
            caller_end_ns=self.audio.clock_ns(ev.end_ms),
            eot_ns=utt.eot_ns,
            eot_why=ev.why,
            asr_started_ns=sp.asr.started_ns,
            asr_final_ns=sp.asr.done_ns,
            speculative=speculative,
        )
        self.utterances.pop(utt.id, None)
        self.host.heard(utt, text, rec)

    def _forget(self, utt: CallerUtterance, why: str) -> None:
        self.utterances.pop(utt.id, None)
        text = ""
        if utt.eot is not None:
            sp = self._specs.get(utt.eot.spec)
            text = sp.asr.heard.text if sp is not None and sp.asr is not None else ""
        self.record.ignored_utterances.append(
            {"at_ns": self.audio.clock_ns(utt.start_ms), "why": why, "heard": text}
        )
        self.host.forgot(utt)
