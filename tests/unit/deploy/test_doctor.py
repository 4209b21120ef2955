# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""`aiframe doctor` on a healthy host and on hosts each broken in one way.

The host is real where it can be: an ESL server speaking the wire protocol
(FakeSwitch), an arena made by the C core in /dev/shm, a SQLite file migrated by
the store's own migrations, a model cache filled and recorded as `models pull`
does (small files under a manifest of their own), and the repository's packs.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from aiframe.cli import cli
from aiframe.config import Settings
from aiframe.deploy.doctor import Check, check_module, check_store, run_checks
from aiframe.esl.sync import SyncEsl
from aiframe.lab.fakes.switch import FakeSwitch
from aiframe.media import Arena
from aiframe.policy.semantic.encoder import ENCODER_MODEL, TOKENIZER_MODEL
from aiframe.runtime.handler import CONVERSATION, LISTEN_ONLY
from aiframe.speech.cache import ModelCache
from aiframe.speech.manifest import load_manifest
from aiframe.speech.settings import default_cache_dir
from aiframe.store import migrate
from aiframe.store.engine import make_engine

REPO = Path(__file__).resolve().parents[3]
PASSWORD = "doctor-" + "x" * 20
MODELS = {"vad": "tiny-vad", "turn": "tiny-turn", "asr": "tiny-asr", "tts": "tiny-tts"}


@dataclass
class Host:
    """A host as the doctor sees it, through one TOML file."""

    tmp: Path
    switch: FakeSwitch
    config: dict[str, dict[str, object]]
    manifest: Path
    cache: Path

    def write(self) -> Path:
        p = self.tmp / "aiframe.toml"
        lines = []
        for section, values in self.config.items():
            lines.append(f"[{section}]")
            lines += [f"{k} = {_toml(v)}" for k, v in values.items()]
        p.write_text("\n".join(lines) + "\n")
        return p

    def settings(self) -> Settings:
        return Settings.model_validate(self.config)

    def doctor(self, *extra: str) -> tuple[int, str]:
        args = ["--config", str(self.write()), "doctor", "--manifest", str(self.manifest), *extra]
        r = CliRunner().invoke(cli, args)
        if r.exception is not None and not isinstance(r.exception, SystemExit):
            raise r.exception
        return r.exit_code, r.output

    def checks(self) -> dict[str, dict[str, str]]:
        code, out = self.doctor("--json")
        doc = json.loads(out)
        assert doc["ok"] is (code == 0)
        return {c["name"]: c for c in doc["checks"]}


def _toml(v: object) -> str:
    """A TOML value: JSON's strings, numbers, booleans and arrays are TOML's too."""
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {_toml(x)}" for k, x in v.items()) + " }"
    return json.dumps(v)


def _fill_models(tmp: Path) -> tuple[Path, Path]:
    """A manifest of four one-file models and a cache holding them, as pulled."""
    cache_dir = tmp / "models"
    entries = []
    for kind, name in MODELS.items():
        data = f"{name} weights\n".encode() * 100
        (cache_dir / name).mkdir(parents=True)
        (cache_dir / name / "model.onnx").write_bytes(data)
        sha = hashlib.sha256(data).hexdigest()
        entries.append(
            f'[[models]]\nname = "{name}"\nkind = "{kind}"\nengine = "test"\n'
            f'licence = "MIT"\nfiles = [{{ path = "model.onnx", size = {len(data)}, '
            f'sha256 = "{sha}" }}]\n[[models.sources]]\ntype = "url"\n'
            f'urls = {{ "model.onnx" = "https://example.invalid/{name}.onnx" }}\n'
        )
    manifest = tmp / "models.toml"
    manifest.write_text("schema_version = 1\n\n" + "\n".join(entries))
    cache = ModelCache(cache_dir)
    for spec in load_manifest(manifest).models:
        cache.write_record(spec, {"model.onnx": spec.files[0].sha256 or ""}, "test")
    # The policy gate's text models are real (the shipped packs load them): the pulled
    # ones, and what was derived from them, linked in.
    real = default_cache_dir()
    for name in (ENCODER_MODEL, TOKENIZER_MODEL, "derived"):
        (cache_dir / name).symlink_to(real / name, target_is_directory=True)
    return manifest, cache_dir


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def host(tmp_path: Path, arena_path: Path) -> Iterator[Host]:
    Arena.create(arena_path, slots=4, max_rate=16000, mode=0o660).close()
    db = tmp_path / "state" / "aiframe.db"
    engine = make_engine(f"sqlite:///{db}")
    migrate.upgrade(engine)
    engine.dispose()
    manifest, cache_dir = _fill_models(tmp_path)
    with FakeSwitch(PASSWORD) as sw:
        config: dict[str, dict[str, object]] = {
            "esl": {"host": "127.0.0.1", "port": sw.port, "password": PASSWORD},
            "media": {"arena_path": str(arena_path)},
            "speech": {
                "cache_dir": str(cache_dir),
                **{kind: {"model": name} for kind, name in MODELS.items()},
            },
            "store": {"url": f"sqlite:///{db}"},
            "policy": {"packs": [str(REPO / "policies")], "default_pack": "retail-support"},
            "controller": {"handler": CONVERSATION},
            "brain": {"agent": "acme-support", "data_dir": str(tmp_path / "agents")},
        }
        yield Host(tmp_path, sw, config, manifest, cache_dir)


def _only_failures(checks: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    return {k: v for k, v in checks.items() if v["status"] == "fail"}


# ---- healthy ------------------------------------------------------------------------


def test_a_healthy_host_passes_every_check(host: Host) -> None:
    code, out = host.doctor()
    lines = out.splitlines()
    assert code == 0, out
    packs = sorted(p.name for p in (REPO / "policies").glob("*.yaml"))
    # esl, module, arena; four speech models and two text models; the store; each pack;
    # the handler; the summary
    assert len(lines) == 3 + 4 + 2 + 1 + len(packs) + 1 + 1
    assert all(line.startswith("ok   ") for line in lines[:-1]), out
    assert lines[-1] == f"all {len(lines) - 1} checks passed"
    assert lines[0].startswith(f"ok   esl: FreeSWITCH at 127.0.0.1:{host.switch.port} answers")
    assert any(line.startswith("ok   model tiny-asr: 1 file(s) verified") for line in lines)
    assert PASSWORD not in out


def test_json_lists_every_check_with_its_status(host: Host) -> None:
    checks = host.checks()
    assert {"esl", "module", "arena", "store"} <= set(checks)
    assert {f"model {n}" for n in MODELS.values()} <= set(checks)
    assert all(c["status"] == "ok" and c["fix"] == "" for c in checks.values())
    assert "schema at" in checks["store"]["detail"]
    assert "4 slots, 0 active" in checks["arena"]["detail"]


# ---- broken, one thing at a time ----------------------------------------------------


def test_wrong_password_fails_esl_and_skips_the_module(host: Host) -> None:
    host.config["esl"]["password"] = "not-the-password-at-all"
    code, out = host.doctor()
    assert code == 1
    assert "FAIL esl: FreeSWITCH at 127.0.0.1:" in out
    assert "refused the event-socket password; fix: set esl.password" in out
    assert "skip module: not checked" in out
    assert "not-the-password-at-all" not in out
    assert "ok   arena:" in out  # the other checks still ran


def test_the_default_password_is_refused_before_connecting(host: Host) -> None:
    host.config["esl"]["password"] = "ClueCon"
    before = host.switch.connections
    failed = _only_failures(host.checks())
    assert set(failed) == {"esl"}
    assert "default 'ClueCon'" in failed["esl"]["detail"]
    assert "openssl rand" in failed["esl"]["fix"]
    assert host.switch.connections == before


def test_nothing_listening_says_start_freeswitch(host: Host) -> None:
    host.config["esl"]["port"] = _closed_port()
    failed = _only_failures(host.checks())
    assert set(failed) == {"esl"}
    assert "cannot connect" in failed["esl"]["detail"]
    assert "listen-port" in failed["esl"]["fix"]


def test_an_acl_rejection_is_named_as_such(host: Host) -> None:
    host.switch.reject_all = True
    failed = _only_failures(host.checks())
    assert "ACL" in failed["esl"]["detail"]
    assert "apply-inbound-acl loopback.auto" in failed["esl"]["fix"]


def test_module_not_loaded(host: Host) -> None:
    host.switch.module_loaded = False
    failed = _only_failures(host.checks())
    assert set(failed) == {"module"}
    assert failed["module"]["detail"] == "mod_aiframe is not loaded in FreeSWITCH"
    assert "make -C mod_aiframe install" in failed["module"]["fix"]
    assert "load mod_aiframe" in failed["module"]["fix"]


def test_module_with_another_arena_than_the_controller(host: Host) -> None:
    report = {"arena": {"path": "/dev/shm/elsewhere.arena"}, "draining": False, "slots": []}
    host.switch.api_overrides["aiframe"] = lambda argv: json.dumps(report)
    with SyncEsl.connect("127.0.0.1", host.switch.port, PASSWORD) as conn:
        check = check_module(host.settings(), conn)
    assert check.status == "fail"
    assert "/dev/shm/elsewhere.arena" in check.detail
    assert "arena-path" in check.fix
    report["arena"]["path"] = host.config["media"]["arena_path"]
    with SyncEsl.connect("127.0.0.1", host.switch.port, PASSWORD) as conn:
        assert check_module(host.settings(), conn).status == "ok"


def test_world_readable_arena(host: Host, arena_path: Path) -> None:
    os.chmod(arena_path, 0o666)
    failed = _only_failures(host.checks())
    assert set(failed) == {"arena"}
    assert "mode 0666" in failed["arena"]["detail"]
    assert failed["arena"]["fix"].startswith(f"chmod o-rwx {arena_path}")
    assert "arena-mode" in failed["arena"]["fix"]


def test_missing_arena(host: Host, arena_path: Path) -> None:
    arena_path.unlink()
    failed = _only_failures(host.checks())
    assert set(failed) == {"arena"}
    assert (
        failed["arena"]["detail"]
        == f"{arena_path} does not exist (mod_aiframe creates it when it loads)"
    )


def test_an_arena_that_does_not_validate(host: Host, arena_path: Path) -> None:
    arena_path.write_bytes(b"\0" * 4096)
    os.chmod(arena_path, 0o660)
    failed = _only_failures(host.checks())
    assert set(failed) == {"arena"}
    assert "does not validate" in failed["arena"]["detail"]
    assert "same release" in failed["arena"]["fix"]


def test_a_model_not_pulled_and_one_corrupted(host: Host) -> None:
    (host.cache / "tiny-vad" / "model.onnx").unlink()
    with (host.cache / "tiny-tts" / "model.onnx").open("r+b") as f:
        f.write(b"X")
    failed = _only_failures(host.checks())
    assert set(failed) == {"model tiny-vad", "model tiny-tts"}
    assert failed["model tiny-vad"]["fix"] == "aiframe models pull tiny-vad"
    assert "does not verify (model.onnx: sha256" in failed["model tiny-tts"]["detail"]
    assert failed["model tiny-tts"]["fix"] == "aiframe models pull tiny-tts --force"


def test_a_model_the_manifest_does_not_know(host: Host) -> None:
    host.config["speech"]["asr"] = {"model": "no-such-model"}
    failed = _only_failures(host.checks())
    assert set(failed) == {"model no-such-model"}
    assert (
        failed["model no-such-model"]["fix"] == "set speech.asr.model to a model the manifest lists"
    )


def test_store_unreachable(host: Host) -> None:
    host.config["store"] = {
        "url": f"postgresql+psycopg://aiframe:pw@127.0.0.1:{_closed_port()}/aiframe",
        "connect_timeout_s": 2,
    }
    failed = _only_failures(host.checks())
    assert set(failed) == {"store"}
    assert failed["store"]["detail"].startswith("cannot reach postgresql+psycopg://aiframe:***@")
    assert "pg_hba.conf" in failed["store"]["fix"]


def test_store_behind_with_migrations_off(host: Host, tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    engine = make_engine(f"sqlite:///{old}")
    with engine.begin() as conn:  # a database that exists but was never migrated
        conn.exec_driver_sql("CREATE TABLE unrelated (x INTEGER)")
    engine.dispose()
    settings = host.settings().model_copy(
        update={"store": host.settings().store.model_copy(update={"url": f"sqlite:///{old}"})}
    )
    assert check_store(settings).status == "ok"  # migrate on: the controller upgrades it
    settings.store.migrate = False
    check = check_store(settings)
    assert check.status == "fail"
    assert "store.migrate is off" in check.detail
    assert check.fix == "aiframe store upgrade"


def test_a_sqlite_file_not_yet_created_is_not_created_by_the_doctor(host: Host) -> None:
    db = host.tmp / "fresh" / "aiframe.db"
    host.config["store"] = {"url": f"sqlite:///{db}"}
    checks = host.checks()
    assert checks["store"]["status"] == "ok"
    assert "will create it" in checks["store"]["detail"]
    assert not db.exists() and not db.parent.exists()


def test_a_policy_pack_with_an_error(host: Host) -> None:
    bad = host.tmp / "packs"
    bad.mkdir()
    text = (REPO / "policies" / "retail-support.yaml").read_text()
    (bad / "retail-support.yaml").write_text(text)
    (bad / "broken.yaml").write_text("pack: broken\nversion: 1\nsteps: [not, a, map]\n")
    host.config["policy"]["packs"] = [str(bad)]
    failed = _only_failures(host.checks())
    assert set(failed) == {f"policy {bad / 'broken.yaml'}"}
    f = failed[f"policy {bad / 'broken.yaml'}"]
    assert f"{bad / 'broken.yaml'}:" in f["detail"]  # file:line:column of the problem
    assert f["fix"] == f"fix the pack; aiframe policy validate {bad / 'broken.yaml'} lists problems"


def test_a_default_pack_that_is_not_loaded(host: Host) -> None:
    host.config["policy"]["default_pack"] = "nonexistent-pack"
    failed = _only_failures(host.checks())
    assert set(failed) == {"policies"}
    assert "'nonexistent-pack' is not among the packs" in failed["policies"]["detail"]


def test_no_pack_files_at_all(host: Host) -> None:
    host.config["policy"]["packs"] = [str(host.tmp / "empty")]
    (host.tmp / "empty").mkdir()
    failed = _only_failures(host.checks())
    assert set(failed) == {"policies", "handler"}  # no pack for the agent either
    assert "absolute paths" in failed["policies"]["fix"]


def test_every_failure_is_one_line_with_its_fix(host: Host, arena_path: Path) -> None:
    host.switch.module_loaded = False
    arena_path.unlink()
    code, out = host.doctor()
    assert code == 1
    fails = [line for line in out.splitlines() if line.startswith("FAIL")]
    assert len(fails) == 2
    assert all("; fix: " in line for line in fails)
    assert out.splitlines()[-1].endswith("checks passed")


def test_the_handler_loads_the_agent_and_pack_a_call_would(host: Host) -> None:
    check = host.checks()["handler"]
    assert check["status"] == "ok"
    assert "agent acme-support under pack retail-support" in check["detail"]
    assert str(REPO / "policies" / "retail-support.yaml") in check["detail"]


def test_a_handler_that_only_listens_is_a_warning(host: Host) -> None:
    host.config["controller"] = {"handler": LISTEN_ONLY}
    code, out = host.doctor()
    line = next(ln for ln in out.splitlines() if ln.startswith("WARN handler:"))
    assert "only listens: callers hear no agent" in line
    assert f'fix: set controller.handler = "{CONVERSATION}"' in line
    assert code == 0  # a warning is not a failure


def test_an_agent_that_does_not_exist_fails(host: Host) -> None:
    host.config["brain"] = {"agent": "support"}
    check = host.checks()["handler"]
    assert check["status"] == "fail"
    assert "agent 'support' does not load" in check["detail"]
    assert "aiframe agent list" in check["fix"]


def test_the_agents_pack_is_looked_up_in_policy_packs_only(host: Host, tmp_path: Path) -> None:
    only = tmp_path / "packs"
    only.mkdir()
    (only / "collections.yaml").write_text((REPO / "policies" / "collections.yaml").read_text())
    host.config["policy"] = {"packs": [str(only)], "default_pack": "collections"}
    check = host.checks()["handler"]
    # What the agent runs under is not where policy.packs says: the doctor and a call agree.
    assert check["status"] == "fail"
    assert (
        f"policy pack 'retail-support' not found (looked for retail-support.yaml in {only})"
        in (check["detail"])
    )


def test_run_checks_returns_checks_in_start_up_order(host: Host) -> None:
    checks = run_checks(host.settings(), load_manifest(host.manifest))
    assert all(isinstance(c, Check) for c in checks)
    names = [c.name for c in checks]
    assert names[:3] == ["esl", "module", "arena"]
    assert names.index("store") < min(i for i, n in enumerate(names) if n.startswith("policy"))
