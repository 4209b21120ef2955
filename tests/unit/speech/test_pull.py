# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Pulling models: from a local HTTP server (files and archives, resumed
transfers) and from a wheel built here, and every failure a clear error."""

from __future__ import annotations

import hashlib
import io
import json
import socket
import tarfile
import zipfile
from collections import namedtuple
from pathlib import Path

import pytest
from click.testing import CliRunner

from aiframe.cli import cli
from aiframe.speech import fetch
from aiframe.speech.cache import ModelCache
from aiframe.speech.errors import (
    ChecksumError,
    DiskFullError,
    FetchError,
    ModelError,
    ModelNotPulledError,
    OfflineError,
    UnknownModelError,
)
from aiframe.speech.manifest import Manifest, parse_manifest
from aiframe.speech.pull import PipOptions, pull

ONNX_A = b"fake-onnx-a" * 5000  # 55 kB: big enough to break a transfer in the middle
TOKENS = b"a 0\nb 1\n"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def build_wheel(folder: Path, name: str, version: str, members: dict[str, bytes]) -> Path:
    """A minimal valid wheel (METADATA, WHEEL, RECORD) holding ``members``."""
    dist = name.replace("-", "_")
    path = folder / f"{dist}-{version}-py3-none-any.whl"
    info = f"{dist}-{version}.dist-info"
    files = dict(members)
    files[f"{info}/METADATA"] = (
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n".encode()
    )
    files[f"{info}/WHEEL"] = (
        b"Wheel-Version: 1.0\nGenerator: aiframe-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    )
    files[f"{info}/RECORD"] = b""
    with zipfile.ZipFile(path, "w") as z:
        for member, data in files.items():
            z.writestr(member, data)
    return path


def url_manifest(base: str, *, sha: str | None = None, size: int | None = None) -> Manifest:
    digest = sha or sha256(ONNX_A)
    length = len(ONNX_A) if size is None else size
    return parse_manifest(
        f"""
[[models]]
name = "m-url"
kind = "vad"
engine = "silero"
licence = "MIT"
files = [{{ path = "model.onnx", sha256 = "{digest}", size = {length} }}]
[[models.sources]]
type = "url"
urls = {{ "model.onnx" = "{base}/model.onnx" }}
""",
        "test",
    )


def test_url_pull_installs_verified_file_and_is_idempotent(http_server, tmp_path):
    http_server.served.files["/model.onnx"] = ONNX_A
    spec = url_manifest(http_server.url).get("m-url")
    cache = ModelCache(tmp_path)
    res = pull(spec, cache)
    assert not res.already
    assert (tmp_path / "m-url" / "model.onnx").read_bytes() == ONNX_A
    assert cache.state(spec) == "pulled"
    assert all(c.ok for c in cache.verify(spec))
    again = pull(spec, cache)
    assert again.already
    assert http_server.served.requests == ["/model.onnx"]


def test_broken_transfer_resumes_with_range(http_server, tmp_path):
    http_server.served.files["/model.onnx"] = ONNX_A
    http_server.served.break_after["/model.onnx"] = 20000
    spec = url_manifest(http_server.url).get("m-url")
    cache = ModelCache(tmp_path)
    with pytest.raises(FetchError, match="broke off after 20000"):
        pull(spec, cache)
    assert cache.state(spec) == "missing"
    pull(spec, cache)
    assert http_server.served.ranges_seen == ["bytes=20000-"]
    assert (tmp_path / "m-url" / "model.onnx").read_bytes() == ONNX_A


def test_corrupted_download_is_refused_and_nothing_installed(http_server, tmp_path):
    http_server.served.files["/model.onnx"] = ONNX_A[:-1] + b"X"
    spec = url_manifest(http_server.url).get("m-url")
    cache = ModelCache(tmp_path)
    with pytest.raises(ChecksumError, match=r"model\.onnx has sha256 [0-9a-f]{64}, the manifest"):
        pull(spec, cache)
    assert not (tmp_path / "m-url" / "model.onnx").exists()
    assert not list((tmp_path / ".downloads").glob("*.part"))


def test_wrong_size_is_a_checksum_error(http_server, tmp_path):
    http_server.served.files["/model.onnx"] = ONNX_A + b"extra"
    spec = url_manifest(http_server.url).get("m-url")
    with pytest.raises(ChecksumError):
        pull(spec, ModelCache(tmp_path))


def test_404_names_the_url_and_status(http_server, tmp_path):
    spec = url_manifest(http_server.url).get("m-url")
    with pytest.raises(FetchError, match=r"/model\.onnx: HTTP 404"):
        pull(spec, ModelCache(tmp_path))


def test_unreachable_host_is_an_offline_error(tmp_path):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    spec = url_manifest(f"http://127.0.0.1:{port}").get("m-url")
    with pytest.raises(OfflineError, match="connection refused"):
        pull(spec, ModelCache(tmp_path))


def test_disk_full_is_refused_before_fetching(http_server, tmp_path, monkeypatch):
    http_server.served.files["/model.onnx"] = ONNX_A
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(fetch.shutil, "disk_usage", lambda p: usage(10**9, 10**9 - 1000, 1000))
    spec = url_manifest(http_server.url).get("m-url")
    with pytest.raises(DiskFullError, match=r"needs 0\.1 MB .* only 0\.0 MB is free"):
        pull(spec, ModelCache(tmp_path))
    assert http_server.served.requests == []


def test_enospc_while_writing_is_a_disk_full_error(tmp_path):
    with pytest.raises(DiskFullError, match="no space left"), fetch.disk_errors(tmp_path):
        raise OSError(28, "No space left on device")


def _tarball(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:bz2") as t:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def archive_manifest(base: str, archive_sha: str, pinned: bool = True) -> Manifest:
    a = f', sha256 = "{sha256(ONNX_A)}", size = {len(ONNX_A)}' if pinned else ""
    t = f', sha256 = "{sha256(TOKENS)}", size = {len(TOKENS)}' if pinned else ""
    return parse_manifest(
        f"""
[[models]]
name = "m-arc"
kind = "asr-streaming"
engine = "sherpa-onnx-transducer"
licence = "Apache-2.0"
files = [{{ path = "encoder.onnx"{a} }}, {{ path = "tokens.txt"{t} }}]
[[models.sources]]
type = "archive"
format = "tar.bz2"
url = "{base}/release/model.tar.bz2"
sha256 = "{archive_sha}"
members = {{ "encoder.onnx" = "pkg/enc.int8.onnx", "tokens.txt" = "pkg/tokens.txt" }}
""",
        "test",
    )


def test_archive_pull_takes_members_and_checks_the_archive(http_server, tmp_path):
    arc = _tarball({"pkg/enc.int8.onnx": ONNX_A, "pkg/tokens.txt": TOKENS, "pkg/README": b"x"})
    http_server.served.files["/release/model.tar.bz2"] = arc
    spec = archive_manifest(http_server.url, sha256(arc)).get("m-arc")
    cache = ModelCache(tmp_path)
    pull(spec, cache)
    assert (tmp_path / "m-arc" / "encoder.onnx").read_bytes() == ONNX_A
    assert (tmp_path / "m-arc" / "tokens.txt").read_bytes() == TOKENS
    assert not (tmp_path / "m-arc" / "README").exists()


def test_archive_with_wrong_sha_is_refused(http_server, tmp_path):
    arc = _tarball({"pkg/enc.int8.onnx": ONNX_A, "pkg/tokens.txt": TOKENS})
    http_server.served.files["/release/model.tar.bz2"] = arc
    spec = archive_manifest(http_server.url, "0" * 64).get("m-arc")
    with pytest.raises(ChecksumError, match="archive's sha256"):
        pull(spec, ModelCache(tmp_path))


def test_archive_missing_member_is_named(http_server, tmp_path):
    arc = _tarball({"pkg/enc.int8.onnx": ONNX_A})
    http_server.served.files["/release/model.tar.bz2"] = arc
    spec = archive_manifest(http_server.url, sha256(arc)).get("m-arc")
    with pytest.raises(FetchError, match=r"has no member\(s\) pkg/tokens\.txt"):
        pull(spec, ModelCache(tmp_path))


def test_unpinned_needs_consent_then_records_hashes(http_server, tmp_path):
    arc = _tarball({"pkg/enc.int8.onnx": ONNX_A, "pkg/tokens.txt": TOKENS})
    http_server.served.files["/release/model.tar.bz2"] = arc
    spec = archive_manifest(http_server.url, sha256(arc), pinned=False).get("m-arc")
    cache = ModelCache(tmp_path)
    with pytest.raises(ModelError, match=r"not pinned .* --allow-unpinned"):
        pull(spec, cache)
    pull(spec, cache, allow_unpinned=True)
    assert cache.recorded(spec)["encoder.onnx"] == sha256(ONNX_A)
    (tmp_path / "m-arc" / "tokens.txt").write_bytes(b"changed")
    bad = [c for c in cache.verify(spec) if not c.ok]
    assert [c.path for c in bad] == ["tokens.txt"]
    assert "pull record says" in bad[0].problem


def wheel_manifest(wheel_sha: str | None) -> Manifest:
    pin = f'sha256 = "{wheel_sha}"' if wheel_sha else ""
    return parse_manifest(
        f"""
[[models]]
name = "m-wheel"
kind = "turn"
engine = "smart-turn"
licence = "BSD-2-Clause"
files = [{{ path = "turn.onnx", sha256 = "{sha256(ONNX_A)}", size = {len(ONNX_A)} }}]
[[models.sources]]
type = "wheel"
package = "aiframe-test-models"
version = "1.2.3"
{pin}
members = {{ "turn.onnx" = "aiframe_test_models/data/turn.onnx" }}
""",
        "test",
    )


@pytest.fixture
def wheelhouse(tmp_path) -> Path:
    house = tmp_path / "wheelhouse"
    house.mkdir()
    build_wheel(
        house,
        "aiframe-test-models",
        "1.2.3",
        {"aiframe_test_models/data/turn.onnx": ONNX_A, "aiframe_test_models/__init__.py": b""},
    )
    return house


def test_wheel_member_from_a_local_wheel(wheelhouse: Path, tmp_path):
    wheel = next(wheelhouse.glob("*.whl"))
    spec = wheel_manifest(sha256(wheel.read_bytes())).get("m-wheel")
    cache = ModelCache(tmp_path / "cache")
    res = pull(spec, cache, pip=PipOptions(find_links=str(wheelhouse)))
    assert res.source == "wheel aiframe-test-models==1.2.3"
    assert (cache.root / "m-wheel" / "turn.onnx").read_bytes() == ONNX_A
    record = json.loads((cache.root / "m-wheel" / ".aiframe-pull.json").read_text())
    assert record["files"] == {"turn.onnx": sha256(ONNX_A)}


def test_wheel_with_another_hash_is_refused_by_pip(wheelhouse: Path, tmp_path):
    spec = wheel_manifest("f" * 64).get("m-wheel")
    with pytest.raises(ChecksumError, match="wheel's sha256"):
        pull(spec, ModelCache(tmp_path / "cache"), pip=PipOptions(find_links=str(wheelhouse)))


def test_wheel_not_on_the_index(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    spec = wheel_manifest(None).get("m-wheel")
    with pytest.raises(FetchError, match=r"aiframe-test-models==1\.2\.3: no such wheel"):
        pull(spec, ModelCache(tmp_path / "cache"), pip=PipOptions(find_links=str(empty)))


def test_unknown_and_unpulled_models_say_what_to_do(tmp_path):
    from aiframe.speech.manifest import builtin_manifest

    m = builtin_manifest()
    with pytest.raises(UnknownModelError, match="unknown model 'nope'; the manifest lists: silero"):
        m.get("nope")
    with pytest.raises(ModelNotPulledError, match="run `aiframe models pull silero-vad`"):
        ModelCache(tmp_path).require(m.get("silero-vad"))


def test_cli_pull_verify_path_list(http_server, tmp_path, monkeypatch):
    http_server.served.files["/model.onnx"] = ONNX_A
    manifest = tmp_path / "m.toml"
    manifest.write_text(
        f"""
[[models]]
name = "m-url"
kind = "vad"
engine = "silero"
licence = "MIT"
default = true
files = [{{ path = "model.onnx", sha256 = "{sha256(ONNX_A)}", size = {len(ONNX_A)} }}]
[[models.sources]]
type = "url"
urls = {{ "model.onnx" = "{http_server.url}/model.onnx" }}
"""
    )
    monkeypatch.setenv("AIFRAME_SPEECH__CACHE_DIR", str(tmp_path / "cache"))
    run = CliRunner().invoke
    r = run(cli, ["models", "pull", "--defaults", "--manifest", str(manifest)])
    assert r.exit_code == 0, r.output
    assert "m-url: pulled from url 127.0.0.1" in r.output
    r = run(cli, ["models", "verify", "--manifest", str(manifest)])
    assert r.exit_code == 0 and "m-url: ok (1 files)" in r.output
    r = run(cli, ["models", "path", "m-url", "--manifest", str(manifest)])
    assert r.output.strip() == str(tmp_path / "cache" / "m-url")
    r = run(cli, ["models", "list", "--json", "--manifest", str(manifest)])
    assert json.loads(r.output)["models"][0]["state"] == "pulled"
    (tmp_path / "cache" / "m-url" / "model.onnx").write_bytes(b"x" * len(ONNX_A))
    r = run(cli, ["models", "verify", "--manifest", str(manifest)])
    assert r.exit_code != 0
    assert "m-url: model.onnx: sha256" in r.output
