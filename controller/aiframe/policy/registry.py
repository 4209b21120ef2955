# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Loaded pack versions, and which call uses which.

Hot reload: :meth:`PolicyRegistry.reload` re-reads every pack file. A changed file
becomes a new version that new calls get; calls already running keep the version they
were opened with until they close, and an old version is dropped when its last call
closes. A file that no longer loads leaves the version in service as it was and the
reload reports the error. Every decision carries the version it was made under.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiframe.logs import get_logger
from aiframe.policy.audit import AuditEvent, AuditSink, mask_value
from aiframe.policy.compile import CompiledPolicy, compile_pack
from aiframe.policy.decisions import Decision
from aiframe.policy.errors import PolicyError, PolicyLoadError, PolicyStateError
from aiframe.policy.exact import Secret, secrets_of
from aiframe.policy.gate import check_caller, check_sentence, check_tool_call, check_transition
from aiframe.policy.loader import load_pack
from aiframe.policy.schema import ExactValueRule
from aiframe.policy.state import CallState

__all__ = ["CallGate", "PolicyRegistry", "ReloadOutcome", "load_policy"]

_log = get_logger("policy.registry")


def load_policy(path: Path | str) -> CompiledPolicy:
    """Load, validate and compile one pack file."""
    return compile_pack(load_pack(path))


@dataclass(frozen=True, slots=True)
class ReloadOutcome:
    """What a reload did to one pack file."""

    source: str
    pack: str
    old_version: str | None
    new_version: str | None  # None when the file failed to load
    error: str | None = None

    @property
    def changed(self) -> bool:
        return self.new_version is not None and self.new_version != self.old_version


class CallGate:
    """The gate for one call: its pinned policy version, and an audit record per decision."""

    def __init__(
        self, registry: PolicyRegistry, call_id: str, policy: CompiledPolicy, sink: AuditSink | None
    ) -> None:
        self.call_id = call_id
        self.policy = policy
        self._registry = registry
        self._sink = sink
        self._seq = itertools.count(1)
        self._closed = False
        self._exact = tuple(r for r in policy.pack.rules if isinstance(r, ExactValueRule))

    @property
    def version(self) -> str:
        return self.policy.version

    def initial_state(self) -> CallState:
        """The state a new call starts in: the pack's start step, pinned to this version."""
        return CallState(step=self.policy.pack.start, policy_version=self.policy.version)

    def sentence(self, state: CallState, text: str) -> Decision:
        d = check_sentence(self.policy, state, text)
        return self._audit_text("text", text, d, state)

    def caller(self, state: CallState, text: str) -> Decision:
        d = check_caller(self.policy, state, text)
        return self._audit_text("caller_text", text, d, state)

    def tool_call(self, state: CallState, tool: str, args: Mapping[str, Any]) -> Decision:
        d = check_tool_call(self.policy, state, tool, args)
        secrets = self._secrets(state, d)
        return self._audit({"tool": tool, "args": mask_value(dict(args), secrets)}, d, secrets)

    def transition(self, state: CallState, to: str) -> Decision:
        return self._audit({"to": to}, check_transition(self.policy, state, to))

    def close(self) -> None:
        """The call ended: release its pin on the policy version."""
        if not self._closed:
            self._closed = True
            self._registry._release(self.call_id)

    def _audit_text(self, key: str, text: str, decision: Decision, state: CallState) -> Decision:
        secrets = self._secrets(state, decision)
        return self._audit({key: mask_value(text, secrets)}, decision, secrets)

    def _secrets(self, state: CallState, decision: Decision) -> tuple[Secret, ...]:
        """The numbers exact_value rules remember (the state's, and those a caller turn
        adds), which the audit record masks."""
        if not self._exact or self._sink is None:
            return ()
        out: list[Secret] = []
        for rule in self._exact:
            out.extend(secrets_of(rule, state))
            for det in rule.caller_detectors:
                label = f"{det} the caller said"
                new = decision.remember.get(det, ())
                out.extend(Secret(v, rule.reveal_last, label) for v in new)
        return tuple(out)

    def _audit(
        self, subject: dict[str, Any], decision: Decision, secrets: tuple[Secret, ...] = ()
    ) -> Decision:
        if self._closed:
            raise PolicyStateError(f"call {self.call_id}: the gate was closed")
        if self._sink is not None:
            self._sink.record(AuditEvent(self.call_id, next(self._seq), subject, decision, secrets))
        return decision


class PolicyRegistry:
    """Pack versions in service. Thread-safe; each method is quick."""

    def __init__(self, paths: Iterable[Path | str] = ()) -> None:
        self._lock = threading.Lock()
        self._files: dict[str, str] = {}  # source path -> pack name
        self._current: dict[str, CompiledPolicy] = {}  # pack name -> current version
        self._versions: dict[str, CompiledPolicy] = {}  # version -> policy (live or current)
        self._calls: dict[str, str] = {}  # call id -> version
        for p in paths:
            self.add_file(p)

    def add_file(self, path: Path | str) -> CompiledPolicy:
        """Load a pack file and put it in service as its pack's current version."""
        policy = load_policy(path)
        with self._lock:
            other = next(
                (s for s, n in self._files.items() if n == policy.name and s != str(path)), None
            )
            if other is not None:
                raise PolicyError(f"{path}: pack '{policy.name}' is already loaded from {other}")
            self._files[str(path)] = policy.name
            self._install(policy)
        return policy

    def reload(self) -> list[ReloadOutcome]:
        """Re-read every pack file; changed files become the version new calls get."""
        with self._lock:
            files = dict(self._files)
        out = []
        for source, name in files.items():
            old = self._current.get(name)
            try:
                policy = load_policy(source)
                if policy.name != name:
                    raise PolicyError(
                        f"{source}: the file now declares pack '{policy.name}', was '{name}'"
                    )
            except (PolicyLoadError, PolicyError) as e:
                _log.error("policy reload failed; keeping the version in service", error=str(e))
                out.append(ReloadOutcome(source, name, old.version if old else None, None, str(e)))
                continue
            with self._lock:
                if old is None or policy.version != old.version:
                    self._install(policy)
                    self._prune()
            outcome = ReloadOutcome(source, name, old.version if old else None, policy.version)
            if outcome.changed:
                _log.info("policy reloaded", pack=name, old=outcome.old_version, new=policy.version)
            out.append(outcome)
        return out

    def current(self, pack: str) -> CompiledPolicy:
        """The version a new call of ``pack`` gets."""
        with self._lock:
            try:
                return self._current[pack]
            except KeyError:
                known = ", ".join(sorted(self._current)) or "none loaded"
                raise PolicyError(f"no policy pack '{pack}' (loaded: {known})") from None

    def get(self, version: str) -> CompiledPolicy:
        """A version still in service (current, or pinned by a live call)."""
        with self._lock:
            try:
                return self._versions[version]
            except KeyError:
                raise PolicyError(f"policy version {version} is not in service") from None

    def open_call(self, call_id: str, pack: str, sink: AuditSink | None = None) -> CallGate:
        """Pin a new call to the current version of ``pack``."""
        with self._lock:
            if call_id in self._calls:
                raise PolicyError(f"call {call_id} already has a policy gate")
            try:
                policy = self._current[pack]
            except KeyError:
                known = ", ".join(sorted(self._current)) or "none loaded"
                raise PolicyError(f"no policy pack '{pack}' (loaded: {known})") from None
            self._calls[call_id] = policy.version
        return CallGate(self, call_id, policy, sink)

    def live_versions(self) -> dict[str, int]:
        """Every version in service and how many calls are pinned to it."""
        with self._lock:
            counts = dict.fromkeys(self._versions, 0)
            for v in self._calls.values():
                counts[v] = counts.get(v, 0) + 1
            return counts

    def _install(self, policy: CompiledPolicy) -> None:
        self._current[policy.name] = policy
        self._versions[policy.version] = policy

    def _release(self, call_id: str) -> None:
        with self._lock:
            self._calls.pop(call_id, None)
            self._prune()

    def _prune(self) -> None:
        keep = {p.version for p in self._current.values()} | set(self._calls.values())
        for v in list(self._versions):
            if v not in keep:
                del self._versions[v]
