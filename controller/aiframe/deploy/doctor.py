# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""``aiframe doctor``: is this host ready to run the controller?

One function per check, each returning :class:`Check` results: what was looked at,
what was found and, when it is wrong, the command or setting that fixes it. The
checks only look: they open no call, write nothing to FreeSWITCH, the arena or the
store, and create no database file. :func:`run_checks` runs them in the order a
controller meets them at start-up; a check that needs an earlier one (the module
needs the event socket) is skipped, not failed again, when that one failed.
"""

from __future__ import annotations

import grp
import json
import os
import pwd
import stat
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

from aiframe.config import Settings
from aiframe.errors import AiframeError, EslAuthError, EslError
from aiframe.esl.sync import SyncEsl
from aiframe.speech.cache import ModelCache
from aiframe.speech.manifest import Manifest, ModelSpec

Status = Literal["ok", "warn", "fail", "skip"]

DEFAULT_PASSWORD = "ClueCon"
MODULE_FIX = (
    'build and install it (make -C mod_aiframe install), add <load module="mod_aiframe"/> '
    "to autoload_configs/modules.conf.xml, then fs_cli -x 'load mod_aiframe'"
)


@dataclass(frozen=True, slots=True)
class Check:
    """One check's outcome. ``fix`` is empty unless the status is warn or fail."""

    name: str
    status: Status
    detail: str
    fix: str = ""

    @property
    def failed(self) -> bool:
        return self.status == "fail"

    def line(self) -> str:
        """The one line ``aiframe doctor`` prints for this check."""
        head = {"ok": "ok  ", "warn": "WARN", "fail": "FAIL", "skip": "skip"}[self.status]
        text = f"{head} {self.name}: {self.detail}"
        return f"{text}; fix: {self.fix}" if self.fix else text

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def _ok(name: str, detail: str) -> Check:
    return Check(name, "ok", detail)


def _fail(name: str, detail: str, fix: str) -> Check:
    return Check(name, "fail", detail, fix)


# ---- FreeSWITCH -------------------------------------------------------------------


def check_esl(settings: Settings) -> tuple[Check, SyncEsl | None]:
    """The event socket answers, lets this host in and takes the password.

    Returns the open connection for the checks that ask FreeSWITCH something; the
    caller closes it."""
    esl = settings.esl
    where = f"{esl.host}:{esl.port}"
    password = esl.password.get_secret_value()
    if password == DEFAULT_PASSWORD and not esl.allow_default_password:
        return (
            _fail(
                "esl",
                f"esl.password is FreeSWITCH's default '{DEFAULT_PASSWORD}' (the controller "
                "refuses it: anyone who reaches the port owns the switch)",
                "set a long random password in event_socket.conf.xml (openssl rand -hex 24) "
                "and give the controller the same one in AIFRAME_ESL__PASSWORD",
            ),
            None,
        )
    try:
        conn = SyncEsl.connect(esl.host, esl.port, password, timeout=esl.connect_timeout_s)
    except EslAuthError:
        return (
            _fail(
                "esl",
                f"FreeSWITCH at {where} refused the event-socket password",
                "set esl.password (or AIFRAME_ESL__PASSWORD) to the password in "
                "event_socket.conf.xml",
            ),
            None,
        )
    except EslError as e:
        text = str(e)
        if "ACL" in text:
            fix = (
                "run the controller on the FreeSWITCH host and let loopback in: "
                "apply-inbound-acl loopback.auto in event_socket.conf.xml"
            )
        else:
            fix = (
                "start FreeSWITCH with mod_event_socket loaded, and make esl.host/esl.port "
                "match listen-ip/listen-port in event_socket.conf.xml"
            )
        return _fail("esl", f"cannot use FreeSWITCH's event socket: {text}", fix), None
    try:
        status = conn.api("status", timeout=esl.command_timeout_s)
    except EslError as e:
        conn.close()
        return _fail(
            "esl", f"FreeSWITCH at {where} did not answer 'status': {e}", "check its log"
        ), None
    if "is ready" not in status:
        conn.close()
        first = status.strip().splitlines()[-1] if status.strip() else "an empty answer"
        return _fail(
            "esl",
            f"FreeSWITCH at {where} is not ready ({first})",
            "wait for it to finish starting, or look at its log for what holds it up",
        ), None
    return _ok("esl", f"FreeSWITCH at {where} answers, accepted the password and is ready"), conn


def check_module(settings: Settings, conn: SyncEsl | None) -> Check:
    """mod_aiframe is loaded, and its arena is the one the controller maps."""
    if conn is None:
        return Check("module", "skip", "not checked: the event socket is not usable")
    timeout = settings.esl.command_timeout_s
    try:
        loaded = conn.api("module_exists mod_aiframe", timeout=timeout).strip()
    except EslError as e:
        return _fail("module", f"module_exists did not answer: {e}", "check FreeSWITCH's log")
    if loaded != "true":
        return _fail("module", "mod_aiframe is not loaded in FreeSWITCH", MODULE_FIX)
    want = settings.media.arena_path
    try:
        report = json.loads(conn.api("aiframe status json", timeout=timeout))
        theirs = Path(str(report["arena"]["path"]))
    except (EslError, ValueError, KeyError, TypeError):
        # An older module (or a double) without the JSON status: loaded is all we know.
        return _ok("module", "mod_aiframe is loaded")
    if theirs != want:
        return _fail(
            "module",
            f"mod_aiframe's arena is {theirs} but the controller maps {want}",
            "make media.arena_path (AIFRAME_MEDIA__ARENA_PATH) and aiframe.conf.xml's "
            "arena-path the same",
        )
    return _ok("module", f"mod_aiframe is loaded, arena {theirs}")


# ---- the arena --------------------------------------------------------------------


def _user() -> str:
    try:
        return pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:
        return f"uid {os.geteuid()}"


def _group(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)


def check_arena(settings: Settings) -> Check:
    """The arena exists, is not world-accessible, this user may map it, and it validates."""
    path = settings.media.arena_path
    try:
        st = path.stat()
    except FileNotFoundError:
        return _fail(
            "arena",
            f"{path} does not exist (mod_aiframe creates it when it loads)",
            "load mod_aiframe (fs_cli -x 'load mod_aiframe') with arena-path in "
            "aiframe.conf.xml equal to media.arena_path",
        )
    except OSError as e:
        return _fail("arena", f"{path}: {e.strerror}", "check the directory's permissions")
    if not stat.S_ISREG(st.st_mode):
        return _fail(
            "arena", f"{path} is not a regular file", "point media.arena_path at the arena"
        )
    mode = stat.S_IMODE(st.st_mode)
    group = _group(st.st_gid)
    if mode & 0o007:
        return _fail(
            "arena",
            f"{path} has mode {mode:04o}: every user on the host can read and write every "
            "call's audio",
            f"chmod o-rwx {path} now, and set arena-mode to 0660 in aiframe.conf.xml so a "
            "reload keeps it",
        )
    if not os.access(path, os.R_OK | os.W_OK):
        user = _user()
        return _fail(
            "arena",
            f"{path} (mode {mode:04o}, group {group}) is not readable and writable by {user}",
            f"put {user} in group {group} (usermod -aG {group} {user}) and restart the "
            "controller, or set arena-group in aiframe.conf.xml to the controller's group",
        )
    from aiframe.media import Arena  # loads the C core; only this check needs it

    try:
        with Arena.open(path) as arena:
            info = arena.info()
    except AiframeError as e:
        return _fail(
            "arena",
            f"{path} does not validate: {e}",
            "install mod_aiframe and the controller from the same release, then reload mod_aiframe",
        )
    return _ok(
        "arena",
        f"{path} mode {mode:04o} group {group}, layout v{info.layout_version}, "
        f"{info.slot_count} slots, {info.active_slots} active",
    )


# ---- models -----------------------------------------------------------------------


def configured_models(settings: Settings) -> list[tuple[str, str]]:
    """(setting, model name) for every model the controller loads."""
    s = settings.speech
    return [
        ("speech.vad.model", s.vad.model),
        ("speech.turn.model", s.turn.model),
        ("speech.asr.model", s.asr.model),
        ("speech.tts.model", s.tts.model),
    ]


def _text_models() -> list[ModelSpec]:
    """The policy gate's semantic-layer models, always from the built-in manifest."""
    from aiframe.policy.semantic.encoder import ENCODER_MODEL, TOKENIZER_MODEL
    from aiframe.speech.manifest import builtin_manifest

    return [builtin_manifest().get(name) for name in (ENCODER_MODEL, TOKENIZER_MODEL)]


def check_models(settings: Settings, manifest: Manifest) -> Iterator[Check]:
    """Each configured model, and the policy gate's text models, is in the manifest, in
    the cache, and hashes as it should."""
    cache = ModelCache(settings.speech.cache_dir)
    wanted: list[ModelSpec] = []
    for key, name in configured_models(settings):
        try:
            wanted.append(manifest.get(name))
        except AiframeError as e:
            yield _fail(f"model {name}", f"{key}: {e}", f"set {key} to a model the manifest lists")
    wanted += _text_models()
    for spec in wanted:
        name = spec.name
        label = f"model {name}"
        state = cache.state(spec)
        if state != "pulled":
            yield _fail(label, f"{state} in {cache.root}", f"aiframe models pull {name}")
            continue
        bad = [c for c in cache.verify(spec) if not c.ok]
        if bad:
            what = "; ".join(f"{c.path}: {c.problem}" for c in bad)
            yield _fail(label, f"does not verify ({what})", f"aiframe models pull {name} --force")
            continue
        yield _ok(label, f"{len(spec.files)} file(s) verified in {cache.model_dir(spec)}")


# ---- the store --------------------------------------------------------------------


def check_store(settings: Settings) -> Check:
    """The database answers and its schema is one this controller can write."""
    s = settings.store
    if not s.enabled:
        return Check(
            "store",
            "warn",
            "store.enabled is false: no conversation survives a restart or a transfer",
            "set store.enabled = true",
        )
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    from aiframe.store import migrate
    from aiframe.store.engine import make_engine, safe_url

    where = safe_url(s.url)
    if s.url.startswith("sqlite:///"):
        path = Path(s.url.removeprefix("sqlite:///"))
        if not path.exists():
            # Connecting would create the file; say whether the controller could.
            parent = next((p for p in path.parents if p.exists()), Path("/"))
            if not os.access(parent, os.W_OK | os.X_OK):
                return _fail(
                    "store",
                    f"{path} does not exist and {_user()} cannot create it ({parent} is not "
                    "writable)",
                    f"create {path.parent} owned by the controller's user, or point store.url "
                    "elsewhere",
                )
            return _ok("store", f"{path} does not exist yet; the controller will create it")
    try:
        engine = make_engine(s.url, connect_timeout_s=s.connect_timeout_s)
    except AiframeError as e:
        return _fail("store", str(e), "fix store.url")
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        at = migrate.current(engine)
    except (SQLAlchemyError, AiframeError) as e:
        orig = getattr(e, "orig", None)
        why = str(orig if orig is not None else e).strip().splitlines()
        return _fail(
            "store",
            f"cannot reach {where}: {why[0] if why else type(e).__name__}",
            "check store.url, that the database server is running and that it accepts "
            "this user from this host (pg_hba.conf for PostgreSQL)",
        )
    finally:
        engine.dispose()
    head = migrate.head()
    if at == head:
        return _ok("store", f"{where} answers, schema at {head}")
    if s.migrate:
        return _ok("store", f"{where} answers; the controller will migrate it {at} -> {head}")
    return _fail(
        "store",
        f"{where} is at schema {at}, this aiframe writes {head}, and store.migrate is off",
        "aiframe store upgrade",
    )


# ---- policy packs -----------------------------------------------------------------

_PULL_TEXT_MODELS = "aiframe models pull paraphrase-minilm-l3 bert-uncased-wordpiece"


def check_policies(settings: Settings) -> Iterator[Check]:
    """Every pack file loads, and the default pack is among them."""
    from aiframe.policy.errors import PolicyError
    from aiframe.policy.registry import load_policy
    from aiframe.policy.semantic.encoder import EncoderError

    files = settings.policy.pack_files()
    if not files:
        yield _fail(
            "policies",
            f"no pack files in {', '.join(str(p) for p in settings.policy.packs)}",
            "point policy.packs at the pack files or their directory (absolute paths: the "
            "controller's working directory is not the repository)",
        )
        return
    names: set[str] = set()
    for f in files:
        label = f"policy {f}"
        try:
            pol = load_policy(f)
        except EncoderError as e:
            yield _fail(label, str(e), _PULL_TEXT_MODELS)
            continue
        except PolicyError as e:
            problems = getattr(e, "problems", None)
            what = "; ".join(str(p) for p in problems) if problems else str(e)
            yield _fail(label, what, f"fix the pack; aiframe policy validate {f} lists problems")
            continue
        names.add(pol.name)
        yield _ok(label, f"{pol.version} loads")
    default = settings.policy.default_pack
    if default not in names:
        yield _fail(
            "policies",
            f"policy.default_pack {default!r} is not among the packs that load "
            f"({', '.join(sorted(names)) or 'none'})",
            "set policy.default_pack to one of them, or add its file to policy.packs",
        )


# ---- the call behaviour -------------------------------------------------------------


def check_handler(settings: Settings) -> Check:
    """The configured handler imports; when it runs the conversation, its agent and the
    agent's pack load exactly as a call loads them (brain.agent found through
    policy.packs); a handler that only listens is a warning: callers hear nothing."""
    from aiframe.brain.agent.loader import load_agent
    from aiframe.brain.errors import AgentError
    from aiframe.policy.semantic.encoder import EncoderError
    from aiframe.runtime.handler import CONVERSATION, LISTEN_ONLY, load_factory

    spec = settings.controller.handler
    try:
        load_factory(spec)
    except AiframeError as e:
        return _fail("handler", str(e), "set controller.handler to module:callable")
    if spec == LISTEN_ONLY:
        return Check(
            "handler",
            "warn",
            f"{spec} only listens: callers hear no agent",
            f'set controller.handler = "{CONVERSATION}" under [controller]',
        )
    if spec != CONVERSATION:
        return _ok("handler", f"{spec} imports (a handler of your own: not checked further)")
    brain = settings.brain
    try:
        agent = load_agent(brain.agent, agent_dirs=brain.agent_dirs, packs=settings.policy.packs)
    except EncoderError as e:
        return _fail("handler", str(e), _PULL_TEXT_MODELS)
    except AgentError as e:
        first = str(e).splitlines()[0]
        problems = "; ".join(str(p) for p in e.problems)
        return _fail(
            "handler",
            f"agent {brain.agent!r} does not load: {first}"
            + (f" ({problems})" if problems else ""),
            "set brain.agent to a shipped agent (aiframe agent list) or fix it "
            "(aiframe agent check NAME); its pack must be in policy.packs",
        )
    return _ok(
        "handler",
        f"conversation with agent {agent.name} under pack {agent.policy.version} "
        f"({agent.policy_path})",
    )


# ---- all of them ------------------------------------------------------------------


def run_checks(settings: Settings, manifest: Manifest) -> list[Check]:
    """Every check, in the order a controller meets them at start-up."""
    out: list[Check] = []
    esl_check, conn = check_esl(settings)
    out.append(esl_check)
    try:
        out.append(check_module(settings, conn))
    finally:
        if conn is not None:
            conn.close()
    out.append(check_arena(settings))
    out.extend(check_models(settings, manifest))
    out.append(check_store(settings))
    out.extend(check_policies(settings))
    out.append(check_handler(settings))
    return out


__all__ = [
    "Check",
    "Status",
    "check_arena",
    "check_esl",
    "check_handler",
    "check_models",
    "check_module",
    "check_policies",
    "check_store",
    "configured_models",
    "run_checks",
]
