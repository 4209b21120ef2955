# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The ``[conversation]`` section: turn-taking, barge-in confirmation, timers."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = ["BargeInSettings", "ConversationSettings", "EndpointSettings"]

_BACKCHANNELS = [
    "mm",
    "mhm",
    "mm-hmm",
    "mmhmm",
    "uh-huh",
    "uh huh",
    "yeah",
    "yes",
    "yep",
    "right",
    "ok",
    "okay",
    "sure",
    "i see",
    "got it",
    "uh",
    "um",
    "ah",
    "oh",
    "hmm",
]


class EndpointSettings(BaseModel):
    """When the caller's turn is over: VAD silence plus smart-turn."""

    model_config = ConfigDict(extra="forbid")

    vad_min_speech_ms: int = Field(default=96, ge=32, le=2000, description="speech that counts")
    pause_ms: int = Field(
        default=128,
        ge=32,
        le=2000,
        description="silence that makes a pause: smart-turn and speculative ASR start here",
    )
    short_hangover_ms: int = Field(
        default=200,
        ge=0,
        le=5000,
        description="silence after speech that ends a turn smart-turn calls complete",
    )
    long_hangover_ms: int = Field(
        default=800,
        ge=100,
        le=10000,
        description="silence that ends a turn smart-turn calls unfinished (or never answered)",
    )
    recheck_ms: int = Field(
        default=450,
        ge=0,
        le=5000,
        description="smart-turn unsure at the pause: ask again this long after the speech "
        "(0: never), before falling back to the long hangover",
    )
    early_pause_ms: int = Field(
        default=64,
        ge=0,
        le=1000,
        description="quiet (by energy) this long while the VAD still hears speech: start "
        "the speculative ASR already (0: wait for the VAD's pause)",
    )
    early_rms: float = Field(default=300.0, gt=0, le=10000, description="loud, for the above")
    speculative_asr: bool = Field(
        default=True, description="start ASR at the first pause; off: only at the end of turn"
    )
    pad_ms: int = Field(default=200, ge=0, le=1000, description="audio kept before the speech")
    max_utterance_s: float = Field(default=25.0, gt=1.0, le=30.0)

    @model_validator(mode="after")
    def _ordered(self) -> EndpointSettings:
        if self.long_hangover_ms < self.short_hangover_ms:
            raise ValueError("long_hangover_ms must not be shorter than short_hangover_ms")
        return self


class BargeInSettings(BaseModel):
    """Stage two of barge-in: is the caller really taking the turn?"""

    model_config = ConfigDict(extra="forbid")

    min_speech_ms: int = Field(
        default=450, ge=0, le=5000, description="speech shorter than this never takes the turn"
    )
    min_words: int = Field(
        default=2, ge=1, le=20, description="words (not backchannels) that take the turn"
    )
    sure_speech_ms: int = Field(
        default=1200,
        ge=200,
        le=10000,
        description="speech this long takes the turn without waiting for its transcript",
    )
    noise_window_ms: int = Field(
        default=450,
        ge=100,
        le=5000,
        description="no speech this long after the flush: it was noise; resume",
    )
    decide_ms: int = Field(
        default=2000,
        ge=200,
        le=10000,
        description="still undecided this long after a flush: confirm (keep the actor's "
        "controller.barge_in_decide_ms above this)",
    )
    backchannels: list[str] = Field(default_factory=lambda: list(_BACKCHANNELS))


class ConversationSettings(BaseModel):
    """The conversation loop of one call: listen, think, speak, repeat."""

    model_config = ConfigDict(extra="forbid")

    endpoint: EndpointSettings = EndpointSettings()
    barge_in: BargeInSettings = BargeInSettings()
    pipeline_tts: bool = Field(
        default=True,
        description="speak each sentence as soon as it is synthesized; off: whole reply first",
    )
    sentence_gap_ms: int = Field(default=150, ge=0, le=2000)
    prompt_cache: bool = Field(
        default=True,
        description="synthesize the agent's fixed sentences at start-up and play them "
        "from memory (sentences with call data are always synthesized live)",
    )
    prompt_rates: list[Literal[8000, 16000]] = Field(
        default_factory=lambda: [16000],  # type: ignore[arg-type]  # mypy widens the literal
        description="call rates to prepare them for",
    )
    no_input_s: float = Field(default=8.0, gt=0.5, le=600.0)
    max_call_s: float = Field(default=900.0, gt=5.0, le=86400.0)
    closing_utterance: str = Field(
        default="We've reached the time limit for this call. Goodbye.", min_length=1
    )
    transfer_failed_utterance: str = Field(
        default="Sorry, I couldn't connect you right now. Is there anything else I can do?",
        min_length=1,
    )
    resume_utterance: str = Field(
        default="Sorry, I lost you for a moment.",
        min_length=1,
        description="said when a restarted controller picks a live call up again, before "
        "the agent's last question is asked again",
    )
    welcome_back_utterance: str = Field(
        default="Welcome back. Is there anything else I can help you with?",
        min_length=1,
        description="said when a call comes back to the AI from a person",
    )
    handoff_vars: bool = Field(
        default=True,
        description="before a transfer, put the summary and facts on the channel "
        "(aiframe_summary, aiframe_facts, aiframe_step) and fire aiframe::handoff",
    )
    dtmf_terminator: str = Field(default="#", pattern=r"^[#*]?$")
    dtmf_interdigit_s: float = Field(default=2.0, gt=0.1, le=30.0)
    dtmf_operator: str = Field(
        default="0", pattern=r"^[0-9*#]?$", description="a lone key for a person; empty: none"
    )
    operator_tool: str = "transfer_to_agent"
    operator_args: dict[str, str] = Field(default_factory=lambda: {"queue": "support"})
    transfer_destinations: dict[str, str] = Field(
        default_factory=dict,
        description="queue -> dialplan extension or sip: URI; a queue not named is its own",
    )
