# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Fixtures for the speech tests: a local HTTP server with Range support and
scripted failures, wheels built on the spot, and the real engines (loaded
once per session from the model cache that `make setup` fills)."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
import structlog

from aiframe.config import load_settings
from aiframe.speech.engines import SpeechEngines
from aiframe.speech.settings import SpeechSettings, TtsSettings


@dataclass
class Served:
    """What the test server serves and how it misbehaves."""

    files: dict[str, bytes] = field(default_factory=dict)
    break_after: dict[str, int] = field(default_factory=dict)  # path -> bytes, once
    ranges_seen: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


class _Handler(http.server.BaseHTTPRequestHandler):
    served: Served

    def log_message(self, format: str, *args: object) -> None:
        return

    def do_GET(self) -> None:
        s = self.served
        s.requests.append(self.path)
        body = s.files.get(self.path)
        if body is None:
            self.send_error(404, "Not Found")
            return
        start = 0
        rng = self.headers.get("Range")
        if rng:
            s.ranges_seen.append(rng)
            start = int(rng.removeprefix("bytes=").split("-")[0])
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
        else:
            self.send_response(200)
        self.send_header("Content-Length", str(len(body) - start))
        self.end_headers()
        cut = s.break_after.pop(self.path, None)
        if cut is not None:
            self.wfile.write(body[start : start + cut])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(body[start:])


@dataclass
class HttpServer:
    url: str
    served: Served


@pytest.fixture
def http_server() -> Iterator[HttpServer]:
    served = Served()
    handler = type("Handler", (_Handler,), {"served": served})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield HttpServer(f"http://127.0.0.1:{server.server_address[1]}", served)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(autouse=True)
def _keep_logging_config() -> Iterator[None]:
    """`aiframe ...` run through CliRunner configures structlog to print to the
    stderr of that moment; put the previous configuration back so later tests'
    log capture is not left writing to a stale stream."""
    saved = structlog.get_config()
    yield
    structlog.configure(**saved)


@pytest.fixture(scope="session")
def speech_settings() -> SpeechSettings:
    """The configured speech settings (AIFRAME_SPEECH__CACHE_DIR is honoured)."""
    return load_settings().speech


@pytest.fixture(scope="session")
def engines(speech_settings: SpeechSettings) -> Iterator[SpeechEngines]:
    e = SpeechEngines(speech_settings)
    yield e
    e.close()


@pytest.fixture(scope="session")
def tts_fixed(speech_settings: SpeechSettings) -> SpeechEngines:
    """TTS with the VITS noise off, so test audio is the same on every run."""
    fixed = speech_settings.model_copy(
        update={"tts": TtsSettings(noise_scale=0.0, noise_scale_w=0.0)}
    )
    return SpeechEngines(fixed)
