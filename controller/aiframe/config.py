# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Configuration: a TOML file plus AIFRAME_* environment variables.

Precedence, highest first: explicit overrides, environment
(``AIFRAME_MEDIA__ARENA_PATH=...``), the TOML file (``--config`` or
``AIFRAME_CONFIG``), defaults.
"""

from __future__ import annotations

import ipaddress
import os
import tomllib
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from aiframe.brain.settings import BrainSettings
from aiframe.conversation.settings import ConversationSettings
from aiframe.errors import ConfigError
from aiframe.metrics import MetricsSettings
from aiframe.policy.settings import PolicySettings
from aiframe.speech.settings import SpeechSettings, use_cache_dir
from aiframe.store.settings import StoreSettings

CONFIG_ENV = "AIFRAME_CONFIG"


class MediaSettings(BaseModel):
    """The shared-memory media plane."""

    model_config = ConfigDict(extra="forbid")

    arena_path: Path = Path("/dev/shm/aiframe.arena")
    slots: int = Field(default=256, ge=1, le=4096)
    max_rate: Literal[8000, 16000] = 16000
    uplink_ms: int = Field(default=2000, ge=2000, le=60000)
    downlink_ms: int = Field(default=10000, ge=10000, le=120000)
    mode: int = Field(default=0o660, description="arena file mode; at most 0660")
    group: str | None = None
    pump_poll_ms: int = Field(default=20, ge=1, le=1000)

    @field_validator("mode")
    @classmethod
    def _mode_not_world(cls, v: int) -> int:
        if v & 0o117:
            raise ValueError(f"mode {v:04o} gives execute or world access; at most 0660")
        return v


class EslSettings(BaseModel):
    """The FreeSWITCH event socket the controller connects to."""

    model_config = ConfigDict(extra="forbid")

    host: str = "127.0.0.1"
    port: int = Field(default=8021, ge=1, le=65535)
    password: SecretStr = SecretStr("ClueCon")
    # FreeSWITCH ships with ClueCon; anyone who can reach the port owns the switch.
    allow_default_password: bool = False
    # The event socket is clear text (the password included) and the arena is host-local
    # anyway, so the controller talks to the switch on its own host.
    allow_remote: bool = False
    connect_timeout_s: float = Field(default=5.0, gt=0, le=120)
    command_timeout_s: float = Field(default=10.0, gt=0, le=300)
    startup_wait_s: float = Field(default=0.0, ge=0, le=3600)
    reconnect_min_s: float = Field(default=0.2, gt=0, le=60)
    reconnect_max_s: float = Field(default=5.0, gt=0, le=600)
    probe_interval_s: float = Field(default=10.0, gt=0, le=600)

    @model_validator(mode="after")
    def _loopback_only(self) -> EslSettings:
        if not self.allow_remote and not _is_loopback(self.host):
            raise ValueError(
                f"esl.host {self.host!r} is not a loopback address: the event socket sends "
                "its password and every command in clear text, so run the controller on "
                "the FreeSWITCH host and use 127.0.0.1 (or set esl.allow_remote = true "
                "behind a tunnel you trust)"
            )
        return self


def _is_loopback(host: str) -> bool:
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a name other than localhost may resolve anywhere


class ControllerSettings(BaseModel):
    """The call runtime: actors, media pump, call control defaults."""

    model_config = ConfigDict(extra="forbid")

    mailbox_size: int = Field(default=512, ge=16, le=65536)
    # AI audio written ahead of playout: how long the hub may be late to a call's
    # top-up before the caller hears a gap (a barge-in still stops it within a frame).
    downlink_lead_ms: int = Field(default=200, ge=20, le=2000)
    max_backlog_ms: int = Field(default=1000, ge=100, le=60000)
    # Most the media pump waits between passes under load (10 us per call, up to this).
    pump_coalesce_us: int = Field(default=2000, ge=0, le=10000)
    # The media lane reads each call's audio one 20 ms frame later for every this many
    # attached calls (0: frame by frame), up to pump_max_chunk_ms: fewer, larger reads.
    pump_chunk_calls: int = Field(default=64, ge=0, le=4096)
    pump_max_chunk_ms: int = Field(default=60, ge=20, le=200)
    # The VAD of every listening call runs together this often (one batched step).
    vad_step_ms: int = Field(default=32, ge=10, le=200)
    heartbeat_ms: int = Field(default=500, ge=50, le=10000)
    # A full garbage collection this often (0: only when Python starts one itself).
    gc_interval_s: float = Field(default=30.0, ge=0.0, le=3600.0)
    barge_in_decide_ms: int = Field(default=600, ge=0, le=10000)
    failure_cause: str = Field(default="NORMAL_TEMPORARY_FAILURE", pattern=r"^[A-Z_]+$")
    sip_profile: str = Field(default="internal", pattern=r"^[A-Za-z0-9_.-]+$")
    transfer_context: str = Field(default="default", pattern=r"^[A-Za-z0-9_.-]+$")
    exit_when_drained: bool = True
    # module:callable returning a CallHandler for a CallInfo (aiframe.runtime.handler)
    handler: str = Field(
        default="aiframe.runtime.handler:listen_handler",
        pattern=r"^[A-Za-z_][\w.]*:[A-Za-z_]\w*$",
    )


class LogSettings(BaseModel):
    """Logging."""

    model_config = ConfigDict(extra="forbid")

    level: Literal["debug", "info", "warning", "error"] = "info"
    format: Literal["console", "json"] = "console"


class TracingSettings(BaseModel):
    """The ``[tracing]`` section."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool = False
    service_name: str = "aiframe"


class Settings(BaseSettings):
    """Everything the controller reads at start-up."""

    model_config = SettingsConfigDict(
        env_prefix="AIFRAME_",
        env_nested_delimiter="__",
        extra="forbid",
    )

    media: MediaSettings = MediaSettings()
    log: LogSettings = LogSettings()
    policy: PolicySettings = PolicySettings()
    esl: EslSettings = EslSettings()
    controller: ControllerSettings = ControllerSettings()
    speech: SpeechSettings = SpeechSettings()
    brain: BrainSettings = BrainSettings()
    conversation: ConversationSettings = ConversationSettings()
    store: StoreSettings = StoreSettings()
    metrics: MetricsSettings = MetricsSettings()
    tracing: TracingSettings = TracingSettings()

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"config file {path}: not found") from None
    except OSError as e:
        raise ConfigError(f"config file {path}: cannot read: {e.strerror}") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"config file {path}: {e}") from None


def _merge(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in top.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _merge(out[k], v)
        else:
            out[k] = v
    return out


def _describe(e: ValidationError, origin: str) -> str:
    parts = []
    for err in e.errors():
        where = ".".join(str(p) for p in err["loc"]) or "(top level)"
        parts.append(f"{where}: {err['msg']}")
    return f"{origin}: " + "; ".join(parts)


def _is_path_field(annotation: Any) -> bool:
    """Path, Path | None, list[Path] and the like."""
    if annotation is Path:
        return True
    return any(_is_path_field(a) for a in get_args(annotation))


def _anchor(value: Any, base: Path) -> Any:
    if isinstance(value, str) and value and not Path(value).expanduser().is_absolute():
        return str(base / value)
    if isinstance(value, list):
        return [_anchor(v, base) for v in value]
    return value


def _anchor_paths(data: dict[str, Any], model: type[BaseModel], base: Path) -> dict[str, Any]:
    """The file's relative paths, made relative to the file's directory: a service
    started from / reads the same files as an operator in /etc/aiframe."""
    out = dict(data)
    for key, value in data.items():
        field = model.model_fields.get(key)
        if field is None:
            continue  # validation names the unknown key
        ann = field.annotation
        if isinstance(value, dict) and isinstance(ann, type) and issubclass(ann, BaseModel):
            out[key] = _anchor_paths(value, ann, base)
        elif _is_path_field(ann):
            out[key] = _anchor(value, base)
        elif model is StoreSettings and key == "url" and isinstance(value, str):
            rest = value.removeprefix("sqlite:///")
            if rest != value and rest != ":memory:" and not rest.startswith("/"):
                out[key] = "sqlite:///" + str(base / rest)
    return out


def load_settings(path: Path | None = None, **overrides: Any) -> Settings:
    """Load the TOML file (if any), then let the environment and overrides win.
    Relative paths in the file are taken from the file's directory."""
    file_path = path or (Path(os.environ[CONFIG_ENV]) if os.environ.get(CONFIG_ENV) else None)
    file_data = _read_toml(file_path) if file_path else {}
    if file_path:
        file_data = _anchor_paths(file_data, Settings, file_path.resolve().parent)
    origin = f"config file {file_path}" if file_path else "configuration"
    try:
        # Validate the file alone first so its errors name the file.
        Settings.model_validate(file_data)
        env_only = Settings()
    except ValidationError as e:
        raise ConfigError(_describe(e, origin + " (or AIFRAME_* environment)")) from None
    env_data = env_only.model_dump(exclude_unset=True)
    merged = _merge(_merge(file_data, env_data), overrides)
    try:
        settings = Settings.model_validate(merged)
    except ValidationError as e:
        raise ConfigError(_describe(e, origin)) from None
    use_cache_dir(settings.speech.cache_dir)
    return settings


__all__ = [
    "CONFIG_ENV",
    "ControllerSettings",
    "EslSettings",
    "LogSettings",
    "MediaSettings",
    "Settings",
    "load_settings",
]
