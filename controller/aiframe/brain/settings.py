# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The ``[brain]`` section of the configuration: which brain, which agent, the LLM
endpoint and its budgets, and what to say when the brain is slow or fails."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, model_validator

from aiframe.errors import ConfigError

__all__ = ["BrainSettings", "default_data_dir"]


def default_data_dir() -> Path:
    """``$XDG_DATA_HOME/aiframe/agents``, or ``~/.local/share/aiframe/agents``: where
    agents build their demo databases (never inside the source tree)."""
    base = os.environ.get("XDG_DATA_HOME") or ""
    root = Path(base) if base.strip() else Path.home() / ".local" / "share"
    return root / "aiframe" / "agents"


class BrainSettings(BaseModel):
    """The brain: the deterministic flow (default) or an OpenAI-compatible LLM."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["flow", "llm"] = "flow"
    agent: str = Field(default="acme-support", description="agent name or agent directory")
    agent_dirs: list[Path] = Field(
        default_factory=list, description="more directories holding <agent>/agent.yaml"
    )
    data_dir: Path = Field(default_factory=default_data_dir)

    # The LLM endpoint: anything that speaks OpenAI chat completions.
    base_url: str = "http://127.0.0.1:8080/v1"
    model: str = "default"
    api_key: SecretStr | None = None
    api_key_file: Path | None = None
    temperature: float = Field(default=0.2, ge=0.0, le=2.0)
    max_tokens: int = Field(default=300, ge=16, le=8192)
    connect_timeout_s: float = Field(default=3.0, gt=0, le=60)
    read_timeout_s: float = Field(default=10.0, gt=0, le=300, description="between chunks")
    turn_timeout_s: float = Field(default=20.0, gt=0, le=600, description="one brain round")
    max_retries: int = Field(default=2, ge=0, le=10)
    retry_base_ms: int = Field(default=250, ge=1, le=60000)
    retry_max_ms: int = Field(default=4000, ge=1, le=120000)

    # Turn orchestration.
    first_output_deadline_ms: int = Field(default=1500, ge=50, le=60000)
    holding_utterance: str = Field(default="One moment, please.", min_length=1, max_length=200)
    failure_utterance: str = Field(
        default="Sorry, I'm having trouble with that right now.", min_length=1, max_length=300
    )
    max_failures: int = Field(
        default=2, ge=1, le=10, description="failed turns in a row before escalating"
    )
    max_rounds: int = Field(default=6, ge=1, le=32, description="brain rounds in one turn")
    tool_timeout_ms: int = Field(default=3000, ge=10, le=120000)
    webhook_hosts: list[str] = Field(
        default_factory=list,
        description="hosts webhook tools may call: host, host:port, or *.domain for its "
        "subdomains; empty: an agent with a webhook tool is refused",
    )
    history_window: int = Field(default=16, ge=2, le=512, description="entries sent verbatim")
    summary_max_chars: int = Field(default=1500, ge=0, le=20000)

    @model_validator(mode="before")
    @classmethod
    def _no_policy_dirs(cls, data: object) -> object:
        if isinstance(data, dict) and "policy_dirs" in data:
            raise ValueError(
                "brain.policy_dirs is gone: policy.packs is the one setting that says where "
                "packs live (an agent's pack is found there as <pack>.yaml)"
            )
        return data

    @model_validator(mode="after")
    def _one_key_source(self) -> BrainSettings:
        if self.api_key is not None and self.api_key_file is not None:
            raise ValueError("give api_key or api_key_file, not both")
        if not self.base_url.startswith(("http://", "https://")):
            raise ValueError(f"base_url must start with http:// or https://, not {self.base_url!r}")
        return self

    def resolved_api_key(self) -> SecretStr | None:
        """The API key from ``api_key`` or the first line of ``api_key_file``."""
        if self.api_key is not None:
            return self.api_key
        if self.api_key_file is None:
            return None
        try:
            text = self.api_key_file.read_text(encoding="utf-8")
        except OSError as e:
            raise ConfigError(
                f"brain.api_key_file {self.api_key_file}: cannot read: {e.strerror}"
            ) from None
        key = text.strip().splitlines()[0].strip() if text.strip() else ""
        if not key:
            raise ConfigError(f"brain.api_key_file {self.api_key_file}: the file is empty")
        return SecretStr(key)
