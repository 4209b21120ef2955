# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""`aiframe agent ...`: list and check agents, and talk to one in text mode.

``aiframe agent chat`` runs the real turn orchestration (brain, policy gate, tools, demo
data) with the keyboard as the caller: type what the caller says, an empty line is
silence (the no-input path), end of input hangs up. It is the quickest way to try a flow
or a prompt change, and ``--decisions`` shows every rule the gate applied.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import click

from aiframe.brain.agent.loader import load_agent, shipped_agents
from aiframe.brain.errors import AgentError
from aiframe.brain.outputs import ControlAction, Speak, TurnDone, TurnRun
from aiframe.brain.service import AgentService
from aiframe.brain.settings import BrainSettings
from aiframe.config import Settings
from aiframe.policy.audit import JsonlAuditSink
from aiframe.policy.decisions import Decision
from aiframe.policy.settings import PolicySettings

__all__ = ["agent"]


def _brain_settings(ctx: click.Context) -> BrainSettings:
    settings = ctx.find_object(Settings)
    return settings.brain if settings is not None else BrainSettings()


def _packs(ctx: click.Context) -> list[Path]:
    """policy.packs: where an agent's pack is found."""
    settings = ctx.find_object(Settings)
    return settings.policy.packs if settings is not None else PolicySettings().packs


@click.group()
def agent() -> None:
    """Agents: list, check, and chat in text mode."""


@agent.command(name="list")
@click.pass_context
def list_cmd(ctx: click.Context) -> None:
    """The agents that ship with aiframe, and the pack each runs under."""
    bs = _brain_settings(ctx)
    for name in shipped_agents():
        try:
            a = load_agent(name, agent_dirs=bs.agent_dirs, packs=_packs(ctx))
        except AgentError as e:
            click.echo(f"{name:<20} (does not load: {str(e).splitlines()[0]})")
            continue
        click.echo(f"{a.name:<20} pack {a.policy.name:<20} {a.spec.description}")


@agent.command()
@click.argument("name")
@click.option("--policy", "policy_file", type=click.Path(path_type=Path, dir_okay=False))
@click.pass_context
def check(ctx: click.Context, name: str, policy_file: Path | None) -> None:
    """Load agent NAME (a name, directory or agent.yaml) and check it against its pack.

    Every problem is printed as file:line:column: field: what; exit status 1 if any.
    """
    bs = _brain_settings(ctx)
    try:
        a = load_agent(name, agent_dirs=bs.agent_dirs, packs=_packs(ctx), policy_file=policy_file)
    except AgentError as e:
        if not e.problems:
            raise
        click.echo(str(e).splitlines()[0], err=True)
        for p in e.problems:
            click.echo(str(p), err=True)
        ctx.exit(1)
    flow = a.spec.flow
    click.echo(
        f"ok  {a.path}  {a.name} on {a.policy.version}: {len(flow.steps)} flow steps, "
        f"{len(a.spec.tools)} tools, {len(a.spec.llm.steps)} LLM step instructions"
    )


def _show(out: Speak | ControlAction, decisions: bool) -> None:
    if isinstance(out, Speak):
        tag = f"  [disclosure: {out.disclosure}]" if out.disclosure else ""
        tag += "  [holding]" if out.holding else ""
        click.echo(f"agent> {out.text}{tag}")
        return
    args = " ".join(f"{k}={v}" for k, v in out.args.items())
    why = f" (rule {out.rule})" if out.rule else ""
    click.echo(f"[{out.tool}{' ' + args if args else ''}{why}: call {out.ends}]")


def _show_decisions(done: TurnDone) -> None:
    seen: set[int] = set()
    for d in done.decisions:
        if not d.hits or id(d) in seen:
            continue
        seen.add(id(d))
        click.echo(f"   gate: {_decision_line(d)}", err=True)


def _decision_line(d: Decision) -> str:
    rules = ", ".join(h.rule for h in d.hits)
    what = f" {d.target}" if d.target else ""
    return f"{d.kind}{what}: {d.action.value} ({rules})"


def _play(run: TurnRun, decisions: bool) -> TurnDone:
    for out in run:
        if isinstance(out, TurnDone):
            if decisions:
                _show_decisions(out)
            if out.error:
                click.echo(f"   brain: {out.error}", err=True)
            return out
        _show(out, decisions)
    raise click.ClickException("the turn ended without a result")


@agent.command()
@click.option("--agent", "agent_name", default=None, help="Agent name or directory.")
@click.option(
    "--llm",
    "llm_url",
    default=None,
    metavar="URL",
    help="Use an OpenAI-compatible LLM at this base URL (e.g. http://127.0.0.1:8080/v1).",
)
@click.option("--model", default=None, help="Model name to ask the LLM for.")
@click.option("--policy", "policy_file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--decisions", is_flag=True, help="Show every gate decision that fired a rule.")
@click.option(
    "--audit",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Append every gate decision to this JSON-lines file.",
)
@click.option(
    "--data-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Where the demo database is built (default: brain.data_dir).",
)
@click.pass_context
def chat(
    ctx: click.Context,
    agent_name: str | None,
    llm_url: str | None,
    model: str | None,
    policy_file: Path | None,
    decisions: bool,
    audit: Path | None,
    data_dir: Path | None,
) -> None:
    """Talk to an agent as its caller, through the brain and the policy gate.

    Type what the caller says; an empty line is silence; Ctrl-D hangs up. The flow brain
    is used unless --llm (or brain.kind = "llm") says otherwise.
    """
    bs = _brain_settings(ctx)
    changes: dict[str, object] = {}
    if llm_url:
        changes.update(kind="llm", base_url=llm_url)
    if model:
        changes["model"] = model
    if data_dir is not None:
        changes["data_dir"] = data_dir
    if changes:
        bs = BrainSettings.model_validate({**bs.model_dump(), **changes})
    service = AgentService(bs, agent=agent_name, packs=_packs(ctx), policy_file=policy_file)
    sink = JsonlAuditSink(audit) if audit is not None else None
    conv = service.conversation(f"chat-{uuid.uuid4().hex[:12]}", audit=sink)
    click.echo(
        f"[{service.agent.name} on {conv.policy_version}, {service.brain.kind} brain; "
        "empty line = silence, Ctrl-D = hang up]",
        err=True,
    )
    try:
        done = _play(conv.open(), decisions)
        conv.commit(done.delta)
        while conv.state.status == "open":
            try:
                line = click.prompt("you", default="", show_default=False, prompt_suffix="> ")
            except click.exceptions.Abort:
                click.echo("\n[caller hung up]")
                break
            run = conv.hear(line) if line.strip() else conv.silence()
            done = _play(run, decisions)
            conv.commit(done.delta)
        if conv.state.status != "open":
            click.echo(f"[call {conv.state.status}]")
    finally:
        conv.close()
        service.close()
        if sink is not None:
            sink.close()
