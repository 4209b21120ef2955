# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""`aiframe calls`, `aiframe transcript`, `aiframe audit` and `aiframe store ...`:
reading the state and audit store back, and looking after its schema and retention."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from aiframe.config import Settings
from aiframe.errors import AiframeError, StoreError
from aiframe.store.settings import StoreSettings

_DB_HELP = "Database: a SQLite file or a URL (default: store.url)."
_SINCE = re.compile(r"^(\d+)([smhd])$")


def _settings(ctx: click.Context, db: str | None) -> StoreSettings:
    root = ctx.find_root().obj
    settings: StoreSettings = root.store if isinstance(root, Settings) else StoreSettings()
    if db is None:
        return settings
    url = db if "://" in db else f"sqlite:///{db}"
    try:
        return settings.model_copy(update={"url": StoreSettings(url=url).url})
    except ValueError as e:
        raise click.BadParameter(str(e).splitlines()[-1], param_hint="--db") from None


def _engine(ctx: click.Context, db: str | None) -> Any:
    from aiframe.store.engine import make_engine

    s = _settings(ctx, db)
    if s.url.startswith("sqlite:///"):
        path = Path(s.url.removeprefix("sqlite:///"))
        if not path.exists():  # reading must not create an empty database
            raise StoreError(f"no store at {path} (store.url, or --db)")
    return make_engine(s.url, connect_timeout_s=s.connect_timeout_s)


def _since(value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    m = _SINCE.match(value.strip())
    now = dt.datetime.now(dt.UTC)
    if m:
        n, unit = int(m.group(1)), m.group(2)
        seconds = n * {"s": 1, "m": 60, "h": 3600, "d": 86400}[unit]
        return now - dt.timedelta(seconds=seconds)
    try:
        t = dt.datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r}: give an age (30m, 12h, 7d) or an ISO time (2026-03-10T09:00)",
            param_hint="--since",
        ) from None
    return t if t.tzinfo is not None else t.replace(tzinfo=dt.UTC)


def _emit(data: Any, as_json: bool, text: Callable[[Any], list[str]]) -> None:
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))
    else:
        for line in text(data):
            click.echo(line)


def _hm(iso: str | None) -> str:
    return iso[11:19] if iso else "-"


# ---- aiframe calls ------------------------------------------------------------------


def _calls_text(rows: list[dict[str, Any]]) -> list[str]:
    if not rows:
        return ["no calls"]
    head = f"{'started (UTC)':19}  {'call':36}  {'conversation':36}  {'agent':14} "
    out = [head + "status      turns  end"]
    for r in rows:
        out.append(
            f"{(r['started_at'] or '')[:19]:19}  {r['uuid']:36}  {r['conversation_id']:36}  "
            f"{r['agent'][:14]:14} {r['status']:11} {r['turns']:5}  {r['end_reason'] or 'live'}"
        )
    return out


@click.command()
@click.option(
    "--since",
    default=None,
    help="Only calls started this recently (30m, 12h, 7d) or after an ISO time.",
)
@click.option("--limit", type=click.IntRange(1, 100000), default=100, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="JSON instead of a table.")
@click.option("--db", default=None, help=_DB_HELP)
@click.pass_context
def calls(ctx: click.Context, since: str | None, limit: int, as_json: bool, db: str | None) -> None:
    """Calls in the store, newest first."""
    from aiframe.store import query

    rows = query.calls(_engine(ctx, db), _since(since), limit)
    _emit(rows, as_json, _calls_text)


# ---- aiframe transcript ---------------------------------------------------------------


def _head(c: dict[str, Any]) -> list[str]:
    out = [
        f"conversation {c['id']}  agent {c['agent']}  policy {c['policy']} {c['policy_version']}"
        f"  {c['status']}, step {c['step']}, {c['turns']} turns",
    ]
    for leg in c["legs"]:
        out.append(
            f"  leg {leg['how']:10} call {leg['call_uuid']} slot {leg['slot']} "
            f"{_hm(leg['attached_at'])}-{_hm(leg['detached_at'])} {leg['reason'] or 'live'}"
            f"  ({leg['controller']})"
        )
    return out


def _transcript_text(data: dict[str, Any]) -> list[str]:
    out = _head(data["conversation"])
    for t in data["turns"]:
        mark = " (interrupted)" if t["interrupted"] else ""
        line = f"{t['turn']:4} {t['role']:6} {t['spoken']}{mark}"
        timing = (t.get("timing") or {}).get("breakdown_ms") or {}
        if timing.get("first_played") is not None:
            line += f"  [{timing['first_played']:.0f} ms]"
        out.append(line)
        if t.get("proposed"):
            out.append(f"{'':11} proposed: {t['proposed']}")
    return out


@click.command()
@click.argument("call")
@click.option("--json", "as_json", is_flag=True, help="JSON instead of text.")
@click.option("--db", default=None, help=_DB_HELP)
@click.pass_context
def transcript(ctx: click.Context, call: str, as_json: bool, db: str | None) -> None:
    """What was said in a conversation, across all its calls (CALL: a conversation id,
    a call uuid, or a unique prefix of either)."""
    from aiframe.store import query

    _emit(query.transcript(_engine(ctx, db), call), as_json, _transcript_text)


# ---- aiframe audit ------------------------------------------------------------------


def _audit_text(data: dict[str, Any]) -> list[str]:
    out = _head(data["conversation"])
    out.append("decisions:")
    for d in data["decisions"]:
        rules = ",".join(d["rules"]) or "-"
        subject = d["before"].get("text") or d["before"].get("tool") or d["before"].get("to") or ""
        out.append(
            f"  {_hm(d['at'])} turn {d['turn']:3} #{d['seq']:<3} {d['kind']:10} {d['action']:8} "
            f"{rules}  {subject}"
        )
        final = d["after"].get("text")
        if d["action"] not in ("allow",) and final:
            out.append(f"{'':22} -> {final}")
    out.append("tool calls:")
    for t in data["tool_calls"]:
        how = "ok" if t["ok"] else f"failed: {t['error']}"
        out.append(f"  turn {t['turn']:3} {t['tool']} {json.dumps(t['args'])} {t['action']} {how}")
    out.append("disclosures:")
    for d in data["disclosures"]:
        out.append(
            f"  {d['disclosure']}: played {d['played']} at {d['played_at'] or '-'} "
            f"({d['heard_samples']}/{d['samples']} samples heard)"
        )
    out.append("events:")
    for e in data["events"]:
        out.append(f"  {_hm(e['at'])} {e['kind']} {json.dumps(e['detail'], ensure_ascii=False)}")
    return out


@click.command()
@click.argument("call")
@click.option("--json", "as_json", is_flag=True, help="JSON instead of text.")
@click.option("--db", default=None, help=_DB_HELP)
@click.pass_context
def audit(ctx: click.Context, call: str, as_json: bool, db: str | None) -> None:
    """Every policy decision (with its rules), tool call, disclosure proof and event."""
    from aiframe.store import query

    _emit(query.audit(_engine(ctx, db), call), as_json, _audit_text)


# ---- aiframe store ------------------------------------------------------------------


@click.group()
def store() -> None:
    """The store's schema and retention."""


@store.command()
@click.option("--db", default=None, help=_DB_HELP)
@click.pass_context
def upgrade(ctx: click.Context, db: str | None) -> None:
    """Migrate the schema to this aiframe's revision."""
    from aiframe.store import migrate

    engine = _engine_any(ctx, db)
    before = migrate.current(engine)
    migrate.upgrade(engine)
    click.echo(f"store schema: {before or 'none'} -> {migrate.current(engine)}")


@store.command()
@click.argument("revision")
@click.option("--db", default=None, help=_DB_HELP)
@click.pass_context
def downgrade(ctx: click.Context, revision: str, db: str | None) -> None:
    """Migrate the schema down to REVISION (``base`` removes every table)."""
    from aiframe.store import migrate

    engine = _engine_any(ctx, db)
    migrate.downgrade(engine, revision)
    click.echo(f"store schema: {migrate.current(engine) or 'none'}")


@store.command()
@click.option("--db", default=None, help=_DB_HELP)
@click.pass_context
def current(ctx: click.Context, db: str | None) -> None:
    """The schema revision of the database and the one this aiframe needs."""
    from aiframe.store import migrate

    at = migrate.current(_engine_any(ctx, db))
    want = migrate.head()
    click.echo(f"store schema: {at or 'none'} (this aiframe: {want})")
    if at != want:
        ctx.exit(1)


@store.command()
@click.option(
    "--older-than",
    "days",
    type=click.IntRange(1, 36500),
    default=None,
    help="Days of idleness (default: store.retention_days).",
)
@click.option("--db", default=None, help=_DB_HELP)
@click.pass_context
def purge(ctx: click.Context, days: int | None, db: str | None) -> None:
    """Delete finished conversations idle longer than the retention period."""
    from aiframe.store.store import Store

    s = _settings(ctx, db)
    if days is None and s.retention_days is None:
        raise AiframeError("store.retention_days is unset: give --older-than DAYS")
    st = Store(s)
    try:
        st.check_schema(False)
        n = st.purge(older_than_days=days)
    finally:
        st.close()
    click.echo(f"purged {n} conversations")


def _engine_any(ctx: click.Context, db: str | None) -> Any:
    """An engine for schema commands: a SQLite file that is not there yet is created."""
    from aiframe.store.engine import make_engine

    s = _settings(ctx, db)
    return make_engine(s.url, connect_timeout_s=s.connect_timeout_s)


__all__ = ["audit", "calls", "store", "transcript"]
