# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Loading an agent: its file, its policy pack, its tools and its demo data.

``load_agent("acme-support")`` finds ``<dir>/acme_support/agent.yaml`` (or
``acme-support/``) in the shipped agents and the configured directories (a path to a
directory or file works too), validates it, loads the pack it names and checks the two
against each other: every flow step is a step of the pack, every ``goto`` a step, every
``call`` a tool of the pack with code behind it, every fact a tool sets declared by the
pack, every template placeholder a slot the flow fills. Problems name file, line and
field, all of them at once.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import SecretStr, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from aiframe.brain.agent.schema import (
    Action,
    AgentSpec,
    Ask,
    Call,
    Cond,
    Goto,
    If,
    Say,
    SetSlots,
    StepFlow,
)
from aiframe.brain.agent.templates import FILTERS, placeholders
from aiframe.brain.agent.tools import PythonTool, ToolFn, ToolRegistry, WebhookTool
from aiframe.brain.errors import AgentError, ToolError
from aiframe.policy.compile import CompiledPolicy
from aiframe.policy.errors import PolicyLoadError, Problem
from aiframe.policy.registry import load_policy
from aiframe.yamltext import YAMLError, describe

__all__ = ["SHIPPED_AGENTS", "Agent", "find_agent", "load_agent", "shipped_agents"]

SHIPPED_AGENTS = Path(__file__).resolve().parents[2] / "agents"
# A source checkout keeps the packs beside the package (controller/aiframe/...).
_CHECKOUT_POLICIES = Path(__file__).resolve().parents[4] / "policies"


def shipped_agents() -> list[str]:
    """Names of the agents that ship with aiframe."""
    out = []
    for f in sorted(SHIPPED_AGENTS.glob("*/agent.yaml")):
        out.append(f.parent.name.replace("_", "-"))
    return out


def find_agent(name: str, dirs: Iterable[Path] = ()) -> Path:
    """The agent.yaml of ``name`` (an agent name, a directory or a file)."""
    p = Path(name)
    if p.suffix in (".yaml", ".yml") and p.is_file():
        return p
    if p.is_dir() and (p / "agent.yaml").is_file():
        return p / "agent.yaml"
    searched = [*dirs, SHIPPED_AGENTS]
    for d in searched:
        for sub in (name, name.replace("-", "_")):
            f = Path(d) / sub / "agent.yaml"
            if f.is_file():
                return f
    where = ", ".join(str(d) for d in searched)
    known = ", ".join(shipped_agents()) or "none"
    raise AgentError(f"no agent {name!r} (looked in {where}; shipped: {known})")


def _find_pack(pack: str, packs: Iterable[Path]) -> Path:
    """``<pack>.yaml`` among ``policy.packs`` (pack files, or directories of them); with
    none given (the demo, tests), the checkout's own packs."""
    searched = list(packs) or [_CHECKOUT_POLICIES]
    for entry in searched:
        entry = Path(entry)
        if entry.is_file():
            if entry.stem == pack and entry.suffix in (".yaml", ".yml"):
                return entry
            continue
        for ext in (".yaml", ".yml"):
            f = entry / f"{pack}{ext}"
            if f.is_file():
                return f
    where = ", ".join(str(d) for d in searched)
    raise AgentError(
        f"policy pack {pack!r} not found (looked for {pack}.yaml in {where}); "
        "add its file or directory to policy.packs, or pass the pack file"
    )


# ---- where in the YAML ------------------------------------------------------------


def _locate(doc: Any, loc: Sequence[int | str]) -> tuple[int, int, str]:
    """Line, column and dotted path of the deepest node of ``loc`` the file has."""
    node, line, col, path = doc, 1, 1, ""
    for el in loc:
        if isinstance(node, CommentedMap) and isinstance(el, str):
            key = el.rstrip("_") if el not in node and el.rstrip("_") in node else el
            if key not in node:
                continue  # a union tag or a model name, not a key
            line, col = (x + 1 for x in node.lc.key(key))
            path = f"{path}.{key}" if path else key
            node = node[key]
        elif isinstance(node, CommentedSeq) and isinstance(el, int) and el < len(node):
            line, col = (x + 1 for x in node.lc.item(el))
            path = f"{path}[{el}]"
            node = node[el]
        elif isinstance(el, str) and not isinstance(node, CommentedMap | CommentedSeq):
            break
    return line, col, path


def _parse(path: Path) -> tuple[Any, str]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise AgentError(f"{path}: cannot read: {e.strerror}") from None
    except UnicodeDecodeError as e:
        raise AgentError(f"{path}: not UTF-8 text (byte {e.start})") from None
    try:
        doc = YAML(typ="rt").load(text)
    except YAMLError as e:
        line, col, what = describe(e, text)
        raise AgentError(
            f"{path}: not valid YAML", [Problem(str(path), line, col, "", what)]
        ) from None
    if not isinstance(doc, CommentedMap):
        raise AgentError(f"{path}: an agent file is a YAML mapping")
    return doc, text


# ---- cross-checks against the pack -----------------------------------------------------


def _walk(actions: Sequence[Action], where: str) -> Iterator[tuple[Action, str, bool]]:
    """Every action (nested ones too), its path, and whether it ends its list."""
    for i, a in enumerate(actions):
        here = f"{where}[{i}]"
        yield a, here, i == len(actions) - 1
        if isinstance(a, If):
            yield from _walk(a.then, f"{here}.then")
            yield from _walk(a.else_, f"{here}.else")


def _step_lists(name: str, st: StepFlow) -> Iterator[tuple[Sequence[Action], str]]:
    base = f"flow.steps.{name}"
    yield st.enter, f"{base}.enter"
    yield st.filled, f"{base}.filled"
    yield st.fallback, f"{base}.fallback"
    for intent, acts in st.intents.items():
        yield acts, f"{base}.intents.{intent}"
    for i, s in enumerate(st.slots):
        yield s.after, f"{base}.slots[{i}].after"


def _cond_slots(c: Cond) -> Iterator[str]:
    if c.slot is not None:
        yield c.slot
    for sub in (c.not_, *(c.all or ()), *(c.any or ())):
        if sub is not None:
            yield from _cond_slots(sub)


def _check(spec: AgentSpec, policy: CompiledPolicy) -> list[tuple[str, str]]:
    """(dotted path, what is wrong) for each mismatch between agent and pack."""
    out: list[tuple[str, str]] = []
    pack = policy.pack
    steps, tools = set(pack.steps), set(pack.tools)
    if spec.policy != pack.pack:
        out.append(("policy", f"names pack {spec.policy!r} but the file loaded is {pack.pack!r}"))
    for name in spec.flow.steps:
        if name not in steps:
            out.append((f"flow.steps.{name}", f"no step {name!r} in pack {pack.pack}"))
    if pack.start not in spec.flow.steps:
        out.append(("flow.steps", f"the pack starts in {pack.start!r}; the flow must define it"))
    for name in spec.llm.steps:
        if name not in steps:
            out.append((f"llm.steps.{name}", f"no step {name!r} in pack {pack.pack}"))
    for name, b in spec.tools.items():
        if name not in tools:
            out.append((f"tools.{name}", f"no tool {name!r} in pack {pack.pack}"))
            continue
        if pack.tools[name].kind == "call_control":
            out.append((f"tools.{name}", "call-control tools are done by the runtime; no code"))
        for f in b.sets_facts:
            if f not in pack.facts:
                out.append((f"tools.{name}.sets_facts", f"fact {f!r} is not declared by the pack"))
    slot_names = {s.name for st in spec.flow.steps.values() for s in st.slots}
    lists: list[tuple[Sequence[Action], str]] = []
    for name, st in spec.flow.steps.items():
        lists.extend(_step_lists(name, st))
        own = {s.name for s in st.slots}
        for acts, where in _step_lists(name, st):
            for a, path, _ in _walk(acts, where):
                if isinstance(a, Ask) and a.ask not in own:
                    out.append((path, f"ask: {a.ask!r} is not a slot of step {name}"))
    for intent, acts in spec.flow.anywhere.items():
        lists.append((acts, f"flow.anywhere.{intent}"))
    lists.append((spec.flow.no_input.then, "flow.no_input.then"))
    lists.append((spec.flow.misses.then, "flow.misses.then"))
    known_intents = {*spec.flow.intents, "yes", "no"}
    for name, st in spec.flow.steps.items():
        for intent in st.intents:
            if intent not in known_intents:
                out.append(
                    (f"flow.steps.{name}.intents.{intent}", "no such intent in flow.intents")
                )
    for intent in spec.flow.anywhere:
        if intent not in known_intents:
            out.append((f"flow.anywhere.{intent}", "no such intent in flow.intents"))
    for acts, where in lists:
        for a, _, _ in _walk(acts, where):
            slot_names |= set(a.set) if isinstance(a, SetSlots) else set()
    templates: list[tuple[str, str]] = []
    for acts, where in lists:
        for a, path, last in _walk(acts, where):
            if isinstance(a, Goto):
                if a.goto not in steps:
                    out.append((path, f"goto: no step {a.goto!r} in pack {pack.pack}"))
                if not last:
                    out.append((path, "goto ends the actions: nothing may follow it"))
            elif isinstance(a, Call):
                if a.call not in tools:
                    out.append((path, f"call: no tool {a.call!r} in pack {pack.pack}"))
                elif pack.tools[a.call].kind == "call_control":
                    if not last:
                        out.append((path, "a call-control call ends the actions"))
                elif a.call not in spec.tools:
                    out.append((path, f"call: tool {a.call!r} has no binding under tools:"))
                templates.extend((f"{path}.args", v) for v in _strings(a.args))
            elif isinstance(a, Say):
                says = [a.say] if isinstance(a.say, str) else a.say
                templates.extend((f"{path}.say", t) for t in says)
            elif isinstance(a, SetSlots):
                templates.extend((f"{path}.set", v) for v in _strings(a.set))
            elif isinstance(a, If):
                for s in _cond_slots(a.if_):
                    if s not in slot_names:
                        out.append((f"{path}.if", f"slot {s!r} is never filled by the flow"))
    for name, st in spec.flow.steps.items():
        for i, slot in enumerate(st.slots):
            for t in (slot.prompt, slot.reprompt):
                if t is not None:
                    templates.append((f"flow.steps.{name}.slots[{i}]", t))
        if st.prompt:
            templates.append((f"flow.steps.{name}.prompt", st.prompt))
    for path, t in templates:
        for ref, filt in placeholders(t):
            head = ref.split(".", 1)[0]
            if head not in ("result", "data", "facts", "counters") and ref not in slot_names:
                out.append((path, f"template {{{ref}}}: no slot {ref!r} in the flow"))
            if filt is not None and filt not in FILTERS:
                out.append((path, f"template {{{ref}|{filt}}}: no filter {filt!r}"))
    return out


def _strings(v: Any) -> Iterator[str]:
    if isinstance(v, str):
        yield v
    elif isinstance(v, dict):
        for x in v.values():
            yield from _strings(x)
    elif isinstance(v, list):
        for x in v:
            yield from _strings(x)


# ---- the agent ------------------------------------------------------------------------


@dataclass(frozen=True)
class Agent:
    """A loaded, checked agent and the pack it runs under."""

    spec: AgentSpec
    path: Path
    policy_path: Path
    policy: CompiledPolicy

    @property
    def name(self) -> str:
        return self.spec.agent

    @property
    def directory(self) -> Path:
        return self.path.parent

    def tools(self, webhook_hosts: Iterable[str] | None = None) -> ToolRegistry:
        """A registry with the agent's bound tools (the pack's argument schemas).

        ``webhook_hosts`` is the allow-list (``brain.webhook_hosts``) every webhook's
        host must be on; None skips the check (tests and embedding code that chose
        the URLs itself)."""
        reg = ToolRegistry()
        for name, b in self.spec.tools.items():
            t = self.policy.pack.tools[name]
            common: dict[str, Any] = {
                "description": t.description,
                "args": t.args,
                "timeout_s": b.timeout_ms / 1000,
                "sets_facts": b.sets_facts,
            }
            if b.python is not None:
                reg.add(PythonTool(name, self._import(name, b.python), **common))
            elif b.webhook is not None:
                headers = {}
                for h, env in b.webhook.headers_env.items():
                    v = os.environ.get(env)
                    if v is None:
                        raise AgentError(
                            f"{self.path}: tools.{name}.webhook: header {h} needs "
                            f"environment variable {env}, which is not set"
                        )
                    headers[h] = SecretStr(v)
                try:
                    tool = WebhookTool(
                        name,
                        b.webhook.url,
                        headers=headers,
                        retries=b.webhook.retries,
                        allowed_hosts=webhook_hosts,
                        **common,
                    )
                except ToolError as e:
                    raise AgentError(f"{self.path}: tools.{name}.webhook: {e}") from None
                reg.add(tool)
        return reg

    def _import(self, tool: str, ref: str) -> ToolFn:
        mod, _, fn = ref.partition(":")
        try:
            m = importlib.import_module(mod)
        except ImportError as e:
            raise AgentError(f"{self.path}: tools.{tool}.python: cannot import {mod}: {e}") from e
        f = getattr(m, fn, None)
        if not callable(f):
            raise AgentError(f"{self.path}: tools.{tool}.python: {mod} has no function {fn}")
        tool_fn: ToolFn = f
        return tool_fn

    def database(self, data_dir: Path) -> Path | None:
        """The agent's SQLite database, built from its SQL at first use in ``data_dir``
        (rebuilt when the SQL changes; never in the source tree)."""
        if self.spec.data is None:
            return None
        sql_path = self.directory / self.spec.data.sql
        try:
            sql = sql_path.read_text(encoding="utf-8")
        except OSError as e:
            raise AgentError(
                f"{self.path}: data.sql: cannot read {sql_path}: {e.strerror}"
            ) from None
        digest = hashlib.sha256(sql.encode()).hexdigest()[:12]
        db = data_dir / f"{self.name}-{digest}.sqlite3"
        if db.is_file():
            return db
        data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = db.with_suffix(f".tmp{os.getpid()}")
        tmp.unlink(missing_ok=True)
        try:
            with sqlite3.connect(tmp) as conn:
                conn.executescript(sql)
            conn.close()
        except sqlite3.Error as e:
            tmp.unlink(missing_ok=True)
            raise AgentError(f"{sql_path}: the SQL does not run: {e}") from None
        os.replace(tmp, db)  # atomic: a concurrent first use sees the whole file or none
        return db


def load_agent(
    name: str,
    *,
    agent_dirs: Iterable[Path] = (),
    packs: Iterable[Path] = (),
    policy_file: Path | None = None,
) -> Agent:
    """Find, load and check an agent and its policy pack."""
    path = find_agent(name, agent_dirs)
    doc, _ = _parse(path)
    try:
        spec = AgentSpec.model_validate(doc)
    except ValidationError as e:
        problems = []
        for err in e.errors():
            line, col, where = _locate(doc, err["loc"])
            problems.append(Problem(str(path), line, col, where, err["msg"]))
        n = len(problems)
        raise AgentError(f"{path}: {n} problem{'s' if n != 1 else ''}", problems) from None
    pack_path = policy_file or _find_pack(spec.policy, packs)
    try:
        policy = load_policy(pack_path)
    except PolicyLoadError as e:
        raise AgentError(f"{path}: its policy pack does not load: {e}") from None
    mismatches = _check(spec, policy)
    if mismatches:
        problems = []
        for dotted, msg in mismatches:
            loc: list[int | str] = []
            for part in dotted.replace("]", "").replace("[", ".").split("."):
                loc.append(int(part) if part.isdigit() else part)
            line, col, _ = _locate(doc, loc)
            problems.append(Problem(str(path), line, col, dotted, msg))
        n = len(problems)
        raise AgentError(
            f"{path}: {n} problem{'s' if n != 1 else ''} against pack {policy.name}", problems
        )
    return Agent(spec, path, pack_path, policy)
