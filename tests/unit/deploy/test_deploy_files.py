# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The deployment files: docker-compose.yml against the Compose Specification's
schema and against the Dockerfiles it builds, the Docker image's configuration step on
FreeSWITCH's vanilla layout, the systemd unit, logrotate, and the configuration
snippets an operator drops into FreeSWITCH. Docker itself never runs here; what can
be checked without it is."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

from aiframe.config import load_settings

REPO = Path(__file__).resolve().parents[3]
HERE = Path(__file__).parent
COMPOSE = REPO / "docker-compose.yml"
DEPLOY = REPO / "controller" / "deploy"
FS_DOCKER = REPO / "freeswitch" / "docker"


def _compose() -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe").load(COMPOSE.read_text())
    return data


def _validator() -> jsonschema.protocols.Validator:
    schema = json.loads((HERE / "compose-spec.json").read_text())
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator: jsonschema.protocols.Validator = cls(schema)
    return validator


# ---- docker-compose.yml --------------------------------------------------------------


def test_compose_file_is_valid_against_the_compose_specification() -> None:
    errors = sorted(_validator().iter_errors(_compose()), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


@pytest.mark.parametrize(
    ("where", "bad"),
    [
        (("services", "controller"), {"network": "host"}),  # a misspelt key
        (("services", "freeswitch"), {"secrets": {"esl_password": True}}),
        (("volumes", "arena"), {"driver_opts": ["type=tmpfs"]}),
    ],
)
def test_the_schema_rejects_a_broken_compose_file(
    where: tuple[str, ...], bad: dict[str, Any]
) -> None:
    data = _compose()
    node = data
    for key in where:
        node = node[key]
    node.update(bad)
    assert list(_validator().iter_errors(data)), f"schema accepted {bad} at {where}"


def test_compose_services_share_what_they_must() -> None:
    data = _compose()
    services = data["services"]
    assert set(services) == {"freeswitch", "controller", "postgres"}
    fs, ctl = services["freeswitch"], services["controller"]
    # ESL stays on FreeSWITCH's loopback: shared namespace, port published nowhere.
    assert ctl["network_mode"] == "service:freeswitch"
    published = " ".join(str(p) for s in services.values() for p in s.get("ports", []))
    assert "8021" not in published
    # One arena volume at one path in both, owned by the group both images use.
    assert "arena:/run/aiframe" in fs["volumes"] and "arena:/run/aiframe" in ctl["volumes"]
    assert ctl["environment"]["AIFRAME_MEDIA__ARENA_PATH"] == "/run/aiframe/aiframe.arena"
    gid = fs["build"]["args"]["AIFRAME_GID"]
    assert ctl["build"]["args"]["AIFRAME_GID"] == gid
    assert f"gid={gid}" in data["volumes"]["arena"]["driver_opts"]["o"]
    assert "mode=0770" in data["volumes"]["arena"]["driver_opts"]["o"]
    # The RTP range published is the one the image configures.
    args = fs["build"]["args"]
    rtp = f"{args['RTP_START']}-{args['RTP_END']}:{args['RTP_START']}-{args['RTP_END']}/udp"
    assert rtp in fs["ports"]
    # The controller's store is the compose PostgreSQL, its password a secret.
    assert ctl["environment"]["AIFRAME_DB_HOST"] == "postgres"
    assert ctl["depends_on"]["postgres"] == {"condition": "service_healthy"}
    declared = set(data["secrets"])
    for name, svc in services.items():
        used = set(svc.get("secrets", [])) | set(svc.get("build", {}).get("secrets", []))
        assert used <= declared, f"{name} uses undeclared secrets {used - declared}"
    assert "signalwire_token" in fs["build"]["secrets"]
    assert "signalwire_token" not in fs["secrets"]  # build only, never in the container


def _copy_sources(dockerfile: Path) -> list[str]:
    out = []
    for line in dockerfile.read_text().replace("\\\n", " ").splitlines():
        words = line.split()
        if not words or words[0] != "COPY" or any(w.startswith("--from") for w in words):
            continue
        out += [w for w in words[1:-1] if not w.startswith("--")]
    return out


def test_every_file_the_dockerfiles_copy_is_in_the_repository() -> None:
    data = _compose()
    for name in ("freeswitch", "controller"):
        build = data["services"][name]["build"]
        dockerfile = REPO / build["context"] / build["dockerfile"]
        assert dockerfile.is_file(), dockerfile
        assert dockerfile.read_text().startswith("# syntax=docker/dockerfile:1")
        sources = _copy_sources(dockerfile)
        assert sources, f"no COPY in {dockerfile}"
        for src in sources:
            assert list(REPO.glob(src)), f"{dockerfile.name} copies {src}, which does not exist"
        ignore = dockerfile.with_name(dockerfile.name + ".dockerignore").read_text().splitlines()
        allowed = {line[1:] for line in ignore if line.startswith("!")}
        for src in sources:
            top = src.split("/")[0]
            assert top in allowed or any(top.startswith(a) for a in allowed), (
                f"{dockerfile.name} copies {src} but its .dockerignore leaves it out"
            )


def test_the_token_never_reaches_an_image_layer() -> None:
    text = (FS_DOCKER / "Dockerfile").read_text()
    # Every step that reads the token mounts it as a secret for that step only.
    for step in text.replace("\\\n", " ").splitlines():
        if "signalwire_token" in step and step.startswith("RUN"):
            assert "--mount=type=secret,id=signalwire_token" in step, step
    assert "ARG SIGNALWIRE" not in text and "ENV SIGNALWIRE" not in text
    helper = (FS_DOCKER / "with-signalwire-auth").read_text()
    assert "trap 'rm -f \"$auth\"' EXIT" in helper


# ---- the image's configuration step, on FreeSWITCH's vanilla layout ------------------


def _vanilla(tmp: Path) -> Path:
    """The shapes of the packaged vanilla files configure.sh edits."""
    conf = tmp / "freeswitch"
    ac = conf / "autoload_configs"
    ac.mkdir(parents=True)
    shutil.copy(REPO / "freeswitch" / "autoload_configs" / "aiframe.conf.xml", ac)
    (ac / "modules.conf.xml").write_text(
        '<configuration name="modules.conf">\n  <modules>\n    <load module="mod_console"/>\n'
        '    <load module="mod_dptools"/>\n    <load module="mod_sofia"/>\n  </modules>\n'
        "</configuration>\n"
    )
    (ac / "switch.conf.xml").write_text(
        '<configuration name="switch.conf">\n  <default-ptimes>\n  </default-ptimes>\n'
        '  <settings>\n    <param name="max-sessions" value="1000"/>\n'
        '    <!-- <param name="rtp-start-port" value="16384"/> -->\n  </settings>\n'
        "</configuration>\n"
    )
    (conf / "vars.xml").write_text(
        '<include>\n  <X-PRE-PROCESS cmd="set" data="domain=$${local_ip_v4}"/>\n</include>\n'
    )
    return conf


def _params(path: Path) -> dict[str, str]:
    root = ET.parse(path).getroot()
    return {p.get("name", ""): p.get("value", "") for p in root.iter("param")}


def test_configure_turns_the_vanilla_conf_into_aiframes(tmp_path: Path) -> None:
    conf = _vanilla(tmp_path)
    run = subprocess.run(
        ["sh", str(FS_DOCKER / "configure.sh"), str(conf), "16384", "16583"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    ac = conf / "autoload_configs"
    aif = _params(ac / "aiframe.conf.xml")
    assert aif["arena-path"] == "/run/aiframe/aiframe.arena"
    assert aif["arena-group"] == "aiframe"
    loads = [e.get("module") for e in ET.parse(ac / "modules.conf.xml").getroot().iter("load")]
    assert loads == ["mod_console", "mod_dptools", "mod_aiframe", "mod_sofia"]
    sw = _params(ac / "switch.conf.xml")
    assert (sw["rtp-start-port"], sw["rtp-end-port"]) == ("16384", "16583")
    vars_root = ET.parse(conf / "vars.xml").getroot()
    last = list(vars_root)[-1]
    assert (last.get("cmd"), last.get("data")) == ("include", "aiframe-runtime.xml")


def test_configure_fails_on_a_conf_it_does_not_recognise(tmp_path: Path) -> None:
    conf = _vanilla(tmp_path)
    modules = conf / "autoload_configs" / "modules.conf.xml"
    modules.write_text(modules.read_text().replace("mod_dptools", "mod_dptools_renamed"))
    run = subprocess.run(
        ["sh", str(FS_DOCKER / "configure.sh"), str(conf), "16384", "16583"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1
    assert "modules.conf.xml does not load mod_dptools" in run.stderr


# ---- FreeSWITCH snippets -------------------------------------------------------------


def test_event_socket_snippet_is_locked_down() -> None:
    p = _params(REPO / "freeswitch" / "autoload_configs" / "event_socket.conf.xml")
    assert p["listen-ip"] == "127.0.0.1"
    assert p["apply-inbound-acl"] == "loopback.auto"
    assert p["password"] == "$${aiframe_esl_password}"


def test_no_pre_process_line_hides_in_a_comment() -> None:
    # FreeSWITCH's pre-processor reads X-PRE-PROCESS lines even inside XML comments:
    # an example in a comment is executed.
    files = [
        *(REPO / "freeswitch" / "autoload_configs").glob("*.xml"),
        *(REPO / "freeswitch" / "dialplan").glob("*.xml"),
    ]
    for f in files:
        for comment in re.findall(r"<!--(.*?)-->", f.read_text(), flags=re.S):
            assert "X-PRE-PROCESS" not in comment, f"{f}: a pre-process line in a comment"


# ---- systemd, logrotate, the example configuration -----------------------------------


def _unit() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in (DEPLOY / "systemd" / "aiframe.service").read_text().splitlines():
        if "=" in line and not line.startswith("#"):
            k, v = line.split("=", 1)
            out.setdefault(k, []).append(v)
    return out


def test_the_unit_runs_hardened_as_its_own_user_in_freeswitchs_group() -> None:
    u = _unit()
    assert u["User"] == ["aiframe"] and u["SupplementaryGroups"] == ["freeswitch"]
    for key, value in {
        "NoNewPrivileges": "yes",
        "ProtectSystem": "strict",
        "ProtectHome": "yes",
        "PrivateTmp": "yes",
        "CapabilityBoundingSet": "",
        "RestrictSUIDSGID": "yes",
    }.items():
        assert u.get(key) == [value], key
    assert u["RestartPreventExitStatus"] == ["2"]
    sysusers = (DEPLOY / "systemd" / "aiframe.sysusers").read_text()
    assert "\nm aiframe freeswitch\n" in sysusers


def test_every_path_the_example_config_writes_is_writable_under_the_unit() -> None:
    settings = load_settings(DEPLOY / "aiframe.toml")
    u = _unit()
    writable = [
        Path("/var/lib") / u["StateDirectory"][0],
        Path("/var/cache") / u["CacheDirectory"][0],
    ]
    writable.append(Path("/var/log") / u["LogsDirectory"][0])
    writable.append(Path("/dev/shm"))  # ProtectSystem=strict leaves /dev alone
    written = [
        Path(settings.store.url.removeprefix("sqlite:///")),
        settings.speech.cache_dir,
        settings.media.arena_path,
    ]
    assert settings.store.dead_letter is not None and settings.policy.audit_jsonl is not None
    written += [settings.store.dead_letter, settings.policy.audit_jsonl]
    for p in written:
        assert any(w in p.parents for w in writable), f"{p} is read-only under the unit"
    assert settings.policy.packs == [Path("/etc/aiframe/policies")]
    assert u["ConfigurationDirectory"] == ["aiframe"]
    assert u["Environment"] == ["AIFRAME_CONFIG=/etc/aiframe/aiframe.toml"]
    assert settings.esl.password.get_secret_value() == "ClueCon"  # none in the file


def test_logrotate_covers_the_files_the_controller_keeps_open() -> None:
    settings = load_settings(DEPLOY / "aiframe.toml")
    text = (DEPLOY / "logrotate" / "aiframe").read_text()
    globs = text.split("{", 1)[0].split("\n")[-1].split()
    for f in (settings.store.dead_letter, settings.policy.audit_jsonl):
        assert f is not None
        assert any(f.match(g) for g in globs), f"{f} is not rotated"
    assert "copytruncate" in text  # the controller cannot be told to reopen them


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze")
def test_systemd_accepts_the_unit_without_a_warning(tmp_path: Path) -> None:
    aiframe = shutil.which("aiframe") or str(
        Path(__file__).parents[3] / ".venv" / "bin" / "aiframe"
    )
    if not Path(aiframe).is_file():
        pytest.skip("no aiframe executable to stand in for /opt/aiframe/bin/aiframe")
    text = (DEPLOY / "systemd" / "aiframe.service").read_text()
    unit = tmp_path / "aiframe.service"
    unit.write_text(text.replace("/opt/aiframe/bin/aiframe", aiframe))
    run = subprocess.run(
        ["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0 and run.stderr.strip() == "", run.stderr


@pytest.mark.skipif(shutil.which("logrotate") is None, reason="no logrotate")
def test_logrotate_accepts_its_file(tmp_path: Path) -> None:
    text = (DEPLOY / "logrotate" / "aiframe").read_text()
    assert "su aiframe aiframe" in text
    conf = tmp_path / "aiframe"  # the user exists where it is installed, not here
    conf.write_text(text.replace("su aiframe aiframe", "su root root"))
    run = subprocess.run(
        ["logrotate", "-d", "-s", str(tmp_path / "state"), str(conf)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "error" not in run.stderr.lower(), run.stderr


def test_the_env_file_names_settings_the_controller_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    for line in (DEPLOY / "aiframe.env").read_text().splitlines():
        line = line.lstrip("# ")
        if re.match(r"^AIFRAME_[A-Z_]+=", line):
            key, value = line.split("=", 1)
            monkeypatch.setenv(key, value)
    settings = load_settings(DEPLOY / "aiframe.toml")
    assert settings.esl.password.get_secret_value() == "PUT-THE-EVENT-SOCKET-PASSWORD-HERE"
    assert settings.store.url.startswith("postgresql+psycopg://aiframe:")
