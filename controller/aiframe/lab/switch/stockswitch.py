# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""A FreeSWITCH as an operator has it: its own sample configuration (what ``make
samples`` installs, ``$FREESWITCH_PREFIX/etc/freeswitch``), changed only by the steps
of docs/operator-guide.md's "Your first call": its shell commands for FreeSWITCH are
read from the guide and run, as written, on a copy of the sample configuration (the
module settings and the locked-down event socket copied in, the module loaded after
mod_dptools, the event-socket password and the default password set, the two recipes
copied into public and default). The module is "installed" into a module directory of
the run's own, which links every installed module and mod_aiframe.so: the test writes
nothing under the prefix.

With the guide's step for a box without internet access: the stock ``vars.xml`` asks a
public STUN server for ``external_rtp_ip`` and ``external_sip_ip`` at start-up (and
mod_sofia does not load when that fails); both are set to the box's address instead.
Changes the guide does not make: ``local_ip_v4`` is set to 127.0.0.1, so the stock SIP
profiles bind loopback and test traffic never leaves the host, and the arena is one of
the run's own. The stock ports are used
as they are (5060, 5080, 8021): the run fails with one line when one is taken.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import subprocess
from dataclasses import replace
from pathlib import Path

from aiframe.lab.switch.errors import SwitchAbsentError, SwitchStartError
from aiframe.lab.switch.testswitch import (
    REPO_ROOT,
    Endpoint,
    SwitchSettings,
    TestSwitch,
    find_module,
    find_modules_dir,
    freeswitch_prefix,
)

__all__ = ["STOCK_PORTS", "StockSwitch", "stock_absent_reason"]

STOCK_PORTS = {"esl": 8021, "internal SIP": 5060, "external SIP": 5080}
GUIDE = REPO_ROOT / "docs" / "operator-guide.md"


def stock_conf() -> Path:
    return freeswitch_prefix() / "etc" / "freeswitch"


def stock_absent_reason() -> str | None:
    """One line when the sample configuration or a stock port is not to be had."""
    if not (stock_conf() / "freeswitch.xml").is_file():
        return (
            f"FreeSWITCH's sample configuration is not installed ({stock_conf()}; "
            "`make freeswitch` installs it)"
        )
    for what, port in STOCK_PORTS.items():
        if not _port_free(port):
            return f"the stock {what} port {port} is taken on 127.0.0.1 (another FreeSWITCH?)"
    return None


def _port_free(port: int) -> bool:
    for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
        with socket.socket(socket.AF_INET, kind) as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                return False
    return True


class StockSwitch(TestSwitch):
    """The stock configuration plus the guide's steps, in a run directory of its own."""

    __test__ = False

    def __init__(self, workdir: Path, **kw: object) -> None:
        super().__init__(SwitchSettings(), workdir=workdir, **kw)  # type: ignore[arg-type]
        self.flags = [*self.flags, "-mod", str(self.workdir / "mod")]

    def _prepare(self, keep: Endpoint | None = None) -> Endpoint:
        reason = stock_absent_reason()
        if reason is not None and keep is None:
            raise SwitchAbsentError(reason)
        if self.conf_dir.exists():
            shutil.rmtree(self.conf_dir)
        shutil.copytree(stock_conf(), self.conf_dir)
        for d in ("log", "db", "run", "temp", "recordings", "storage", "cache", "sounds"):
            (self.workdir / d).mkdir(parents=True, exist_ok=True)
        ep = keep or Endpoint(
            esl_port=STOCK_PORTS["esl"],
            esl_password="first-call-" + secrets.token_hex(8),
            sip_port=STOCK_PORTS["external SIP"],
            rtp_ports=(16384, 32768),
            arena_path=Path("/dev/shm") / f"aiframe-first-call-{os.getpid()}.arena",
        )
        self._install_module()
        password = self._follow_the_guide(ep)
        return replace(ep, esl_password=password)

    def _install_module(self) -> None:
        """What `make -C mod_aiframe install` does, into a module directory of our own."""
        moddir = find_modules_dir()
        module = find_module()
        if moddir is None or not module.is_file():
            raise SwitchAbsentError("FreeSWITCH's modules or mod_aiframe.so are missing")
        own = self.workdir / "mod"
        if own.exists():
            shutil.rmtree(own)
        own.mkdir()
        for so in moddir.glob("*.so"):
            (own / so.name).symlink_to(so)
        (own / "mod_aiframe.so").unlink(missing_ok=True)
        (own / "mod_aiframe.so").symlink_to(module.resolve())

    def _follow_the_guide(self, ep: Endpoint) -> str:
        """Run the guide's own FreeSWITCH commands on the run's configuration; returns
        the event-socket password they chose."""
        conf = self.conf_dir
        script = guide_commands().replace(
            "FS_CONF=/usr/local/freeswitch/etc/freeswitch", f"FS_CONF={conf}"
        )
        done = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise SwitchStartError(f"the guide's commands failed: {done.stderr.strip()[-500:]}")
        vars_xml = conf / "vars.xml"
        text = vars_xml.read_text()
        found = re.search(r'data="aiframe_esl_password=([^"]+)"', text)
        if found is None:
            raise SwitchStartError("the guide's commands set no aiframe_esl_password")
        # The guide's step for a box without internet access: no STUN look-up.
        text = re.sub(r"stun:[A-Za-z0-9.-]+", "127.0.0.1", text)
        # Not guide steps: the stock profiles on loopback, and an arena of this run's own.
        at = text.index("<include>") + len("<include>")
        text = text[:at] + '\n  <X-PRE-PROCESS cmd="set" data="local_ip_v4=127.0.0.1"/>' + text[at:]
        vars_xml.write_text(text)
        settings = conf / "autoload_configs" / "aiframe.conf.xml"
        settings.write_text(
            settings.read_text().replace(
                'value="/dev/shm/aiframe.arena"', f'value="{ep.arena_path}"'
            )
        )
        return found.group(1)


def guide_commands() -> str:
    """The shell block of "Your first call" that changes FreeSWITCH's configuration."""
    text = GUIDE.read_text()
    section = text[text.index("## Your first call") :]
    for block in re.findall(r"```sh\n(.*?)```", section, re.S):
        if block.startswith("FS_CONF="):
            return str(block)
    raise SwitchStartError(f'{GUIDE} has no FS_CONF= block under "Your first call"')
