# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The built-in manifest is sound, and a malformed one is reported precisely."""

from __future__ import annotations

import pytest

from aiframe.speech.errors import ManifestError
from aiframe.speech.manifest import WheelSource, builtin_manifest, parse_manifest


def test_defaults_cover_each_engine_and_are_pinned_to_a_wheel_first():
    m = builtin_manifest()
    defaults = {d.kind: d for d in m.defaults()}
    assert set(defaults) == {"vad", "turn", "asr", "tts", "text-encoder", "tokenizer"}
    for d in defaults.values():
        assert d.pinned and d.size is not None and d.licence
        first = d.sources[0]
        assert isinstance(first, WheelSource)
        assert first.sha256 is not None, f"{d.name}: pin the wheel hash too"


GOOD = """
[[models]]
name = "x"
kind = "vad"
engine = "silero"
licence = "MIT"
files = [{ path = "a.onnx", sha256 = "%s", size = 1 }]
[[models.sources]]
type = "url"
urls = { "a.onnx" = "http://h/a.onnx" }
"""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD % "abc", r"model x\.files\.0\.sha256: Value error, sha256 must be 64 lowercase hex"),
        (GOOD.replace('"a.onnx" =', '"b.onnx" =') % ("0" * 64), r"missing \['a\.onnx'\]"),
        ((GOOD + GOOD) % ("0" * 64, "0" * 64), "repeated: x"),
        (GOOD.replace("a.onnx", "../a.onnx") % ("0" * 64), "relative path inside"),
        (GOOD.replace('"vad"', '"speech"') % ("0" * 64), r"model x\.kind"),
        ("[[models]\nname=", "test manifest: "),
    ],
)
def test_malformed_manifests_say_where(text: str, message: str):
    with pytest.raises(ManifestError, match=message):
        parse_manifest(text, "test manifest")
