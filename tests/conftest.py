# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from aiframe.config import CONFIG_ENV
from aiframe.media import Arena


@pytest.fixture(autouse=True)
def _config_file_env_restored() -> Iterator[None]:
    """`aiframe --config FILE` exports AIFRAME_CONFIG for the rest of its process; a
    test that invokes the CLI in-process must not hand its file to the next test."""
    before = os.environ.get(CONFIG_ENV)
    yield
    if before is None:
        os.environ.pop(CONFIG_ENV, None)
    else:
        os.environ[CONFIG_ENV] = before


@pytest.fixture
def arena_path() -> Iterator[Path]:
    """A fresh arena path in /dev/shm, removed afterwards."""
    p = Path("/dev/shm") / f"aiframe-test-{os.getpid()}-{uuid.uuid4().hex[:8]}.arena"
    yield p
    p.unlink(missing_ok=True)


@pytest.fixture
def arena(arena_path: Path) -> Iterator[Arena]:
    with Arena.create(arena_path, slots=4, max_rate=16000) as a:
        yield a


@pytest.fixture
def refused_without_freeswitch(tmp_path: Path) -> Callable[..., None]:
    """Run an `aiframe` command with no FreeSWITCH installed; check it says so in one line."""

    def check(*args: str) -> None:
        env = {**os.environ, "AIFRAME_FREESWITCH": str(tmp_path / "no-freeswitch")}
        done = subprocess.run(
            [sys.executable, "-m", "aiframe", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 2
        assert done.stdout == ""
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1, done.stderr
        assert lines[0].startswith("aiframe: error: FreeSWITCH is not installed")

    return check


# ---- databases: a real SQLite file always, a real PostgreSQL server when installed ----


class _Postgres:
    """A throwaway PostgreSQL cluster on 127.0.0.1 (Debian's server binaries), or the
    server AIFRAME_TEST_POSTGRES_URL names. Each test gets a database of its own."""

    def __init__(self) -> None:
        self.base_url: str | None = None
        self.reason = ""
        self._dir: Path | None = None
        self._bin: Path | None = None

    def start(self) -> None:
        import glob
        import shutil
        import socket
        import subprocess
        import tempfile

        given = os.environ.get("AIFRAME_TEST_POSTGRES_URL")
        if given:
            self.base_url = given
            return
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not found:
            self.reason = "PostgreSQL is not installed (no initdb; apt-get install postgresql)"
            return
        self._bin = Path(found[-1]).parent
        self._dir = Path(tempfile.mkdtemp(prefix="aiframe-pg-"))
        as_user: list[str] = []
        if os.geteuid() == 0:  # initdb refuses root: run the cluster as postgres
            shutil.chown(self._dir, "postgres")
            as_user = ["runuser", "-u", "postgres", "--"]
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        data = self._dir / "data"
        run = lambda *cmd: subprocess.run(  # noqa: E731
            [*as_user, *cmd], check=True, capture_output=True, text=True, timeout=120
        )
        try:
            run(str(self._bin / "initdb"), "-D", str(data), "-A", "trust", "-U", "aiframe")
            opts = f"-p {port} -k {self._dir} -c listen_addresses=127.0.0.1 -c fsync=off"
            log = str(self._dir / "server.log")
            run(str(self._bin / "pg_ctl"), "-D", str(data), "-o", opts, "-l", log, "-w", "start")
        except subprocess.CalledProcessError as e:
            self.reason = f"PostgreSQL did not start: {(e.stderr or e.stdout).strip()[:200]}"
            return
        self.base_url = f"postgresql+psycopg://aiframe@127.0.0.1:{port}/postgres"

    def database(self) -> str:
        import sqlalchemy as sa

        assert self.base_url is not None
        name = f"t_{uuid.uuid4().hex[:12]}"
        engine = sa.create_engine(self.base_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as c:
            c.execute(sa.text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        return self.base_url.rsplit("/", 1)[0] + f"/{name}"

    def stop(self) -> None:
        import shutil
        import subprocess

        if self._dir is None or self._bin is None:
            return
        as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run(
            [
                *as_user,
                str(self._bin / "pg_ctl"),
                "-D",
                str(self._dir / "data"),
                "-m",
                "immediate",
                "stop",
            ],
            capture_output=True,
            timeout=60,
            check=False,
        )
        shutil.rmtree(self._dir, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres() -> Iterator[_Postgres]:
    pg = _Postgres()
    pg.start()
    yield pg
    pg.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A store URL on a real database: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'aiframe.db'}"
    pg: _Postgres = request.getfixturevalue("postgres")
    if pg.base_url is None:
        pytest.skip(f"PostgreSQL: {pg.reason}")
    return pg.database()
