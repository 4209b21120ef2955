# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Preparing a Piper voice for sherpa-onnx: metadata appended to the ONNX file
is read back by ONNX Runtime; tokens come from the phoneme-id map."""

from __future__ import annotations

import json

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import TensorProto, helper

from aiframe.speech.errors import EngineError
from aiframe.speech.g2p import phonemize
from aiframe.speech.piper import prepare_piper


def _tiny_voice(folder):
    graph = helper.make_graph(
        [helper.make_node("Identity", ["input"], ["output"])],
        "tiny",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1])],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.save(model, folder / "v.onnx")
    cfg = {
        "audio": {"sample_rate": 22050},
        "espeak": {"voice": "en-us"},
        "phoneme_type": "espeak",
        "num_speakers": 1,
        "inference": {"noise_scale": 0.5, "noise_w": 0.7, "length_scale": 1.1},
        "phoneme_id_map": {"_": [0], "^": [1], "$": [2], " ": [3], "a": [4], "\u02c8": [5]},
    }
    (folder / "v.onnx.json").write_text(json.dumps(cfg))


def test_prepared_model_carries_sherpa_metadata_and_still_runs(tmp_path):
    _tiny_voice(tmp_path)
    voice = prepare_piper(tmp_path)
    sess = ort.InferenceSession(str(voice.model))
    meta = sess.get_modelmeta().custom_metadata_map
    assert meta["sample_rate"] == "22050"
    assert meta["comment"] == "piper"
    assert meta["model_type"] == "vits"
    out = sess.run(None, {"input": np.array([3.0], dtype=np.float32)})[0]
    assert out.tolist() == [3.0]
    assert voice.tokens.read_text(encoding="utf-8").splitlines() == [
        "_ 0", "^ 1", "$ 2", "  3", "a 4", "\u02c8 5"
    ]  # fmt: skip
    assert (voice.noise_scale, voice.noise_scale_w, voice.length_scale) == (0.5, 0.7, 1.1)


def test_a_folder_without_a_voice_is_refused(tmp_path):
    with pytest.raises(EngineError, match=r"expected one Piper \.onnx file, found 0"):
        prepare_piper(tmp_path)


def test_g2p_keeps_clause_punctuation():
    ipa = phonemize("Hello there, how are you? Fine.")
    assert ipa.count(",") == 1 and ipa.count("?") == 1 and ipa.endswith(".")
    assert "h" in ipa and "\u02c8" in ipa  # the primary stress mark
