# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The sentence encoder of the semantic layer: text in, one unit-length vector out.

The encoder is a MiniLM-class transformer from a PyPI wheel, pulled and hash-checked
through the model manifest like the speech models. It runs as a dynamic-int8 copy
derived from the pinned file the first time it is needed: int8 halves the time of a
sentence on a CPU without VNNI (2 ms instead of 4 at p50 on the 2-core box), which is
what keeps the gate under its 5 ms budget. ``onnxruntime.quantization`` gives the same
bytes for the same source and version; the copy's sha256 is recorded beside it and
checked on every load, so a changed file is re-derived rather than trusted. One
session thread: a sentence is small, and the process runs many calls at once.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

from aiframe.policy.errors import PolicyError
from aiframe.speech.cache import ModelCache, sha256_file
from aiframe.speech.errors import ModelError
from aiframe.speech.manifest import Manifest, builtin_manifest
from aiframe.speech.settings import process_cache_dir

__all__ = ["ENCODER_MODEL", "TOKENIZER_MODEL", "EncoderError", "SentenceEncoder", "load_encoder"]

ENCODER_MODEL = "paraphrase-minilm-l3"
TOKENIZER_MODEL = "bert-uncased-wordpiece"
MAX_TOKENS = 128  # what the encoder was trained with; longer sentences are cut there


class EncoderError(PolicyError):
    """The semantic layer's encoder cannot be loaded (not pulled, bad file)."""


@dataclass(frozen=True, slots=True)
class EncoderId:
    """What identifies the vectors: the derived file's hash and the tokenizer's."""

    model: str
    sha256: str
    tokenizer_sha256: str

    @property
    def key(self) -> str:
        return f"{self.model}-{self.sha256[:16]}-{self.tokenizer_sha256[:12]}"


class SentenceEncoder:
    """Mean-pooled, L2-normalised sentence vectors from one ONNX session."""

    def __init__(self, model_path: Path, tokenizer_path: Path, ident: EncoderId) -> None:
        self.ident = ident
        self._tok = Tokenizer.from_file(str(tokenizer_path))
        self._tok.no_padding()
        self._tok.enable_truncation(MAX_TOKENS)
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1
        opts.inter_op_num_threads = 1
        self._session = ort.InferenceSession(
            str(model_path), opts, providers=["CPUExecutionProvider"]
        )
        names = {i.name for i in self._session.get_inputs()}
        self._types = "token_type_ids" in names
        tokens = [o for o in self._session.get_outputs() if len(o.shape) == 3]
        if not tokens:
            raise EncoderError(f"{model_path}: no per-token output (batch, tokens, dim)")
        self._output = tokens[0].name

    @property
    def dim(self) -> int:
        return int(self.encode("dimension probe").shape[0])

    def encode(self, text: str) -> np.ndarray:
        """The unit vector of one sentence (float32)."""
        one: np.ndarray = self.encode_many([text])[0]
        return one

    def encode_many(self, texts: list[str], batch: int = 32) -> np.ndarray:
        """Unit vectors of many sentences, one row each, batched with padding."""
        rows: list[np.ndarray] = []
        for i in range(0, len(texts), batch):
            encs = self._tok.encode_batch(texts[i : i + batch])
            width = max(len(e.ids) for e in encs)
            ids = np.zeros((len(encs), width), dtype=np.int64)
            mask = np.zeros((len(encs), width), dtype=np.int64)
            for j, e in enumerate(encs):
                ids[j, : len(e.ids)] = e.ids
                mask[j, : len(e.ids)] = 1
            feed = {"input_ids": ids, "attention_mask": mask}
            if self._types:
                feed["token_type_ids"] = np.zeros_like(ids)
            hidden = self._session.run([self._output], feed)[0]
            m = mask[..., None].astype(np.float32)
            pooled = (hidden * m).sum(axis=1) / np.maximum(m.sum(axis=1), 1.0)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            rows.append((pooled / np.maximum(norms, 1e-12)).astype(np.float32))
        return np.concatenate(rows) if rows else np.zeros((0, 0), dtype=np.float32)


_lock = threading.Lock()
_loaded: dict[tuple[str, str], SentenceEncoder] = {}


def load_encoder(
    cache_dir: Path | None = None, manifest: Manifest | None = None
) -> SentenceEncoder:
    """The process's encoder (loaded once per cache directory), or a clear error."""
    root = Path(cache_dir) if cache_dir is not None else process_cache_dir()
    man = manifest or builtin_manifest()
    key = (str(root), ENCODER_MODEL)
    with _lock:
        enc = _loaded.get(key)
        if enc is None:
            enc = _load(ModelCache(root), man)
            _loaded[key] = enc
        return enc


def _load(cache: ModelCache, man: Manifest) -> SentenceEncoder:
    try:
        spec = man.get(ENCODER_MODEL)
        tspec = man.get(TOKENIZER_MODEL)
        model_dir = cache.require(spec, verify=True)
        tok_dir = cache.require(tspec, verify=True)
    except ModelError as e:
        raise EncoderError(f"the policy gate's semantic layer needs its encoder: {e}") from None
    source = model_dir / spec.files[0].path
    tokenizer = tok_dir / tspec.files[0].path
    derived = _int8_copy(cache.root, source, spec.files[0].sha256 or sha256_file(source))
    ident = EncoderId(ENCODER_MODEL, sha256_file(derived), tspec.files[0].sha256 or "")
    return SentenceEncoder(derived, tokenizer, ident)


def _int8_copy(root: Path, source: Path, source_sha: str) -> Path:
    """The dynamic-int8 copy of ``source``, derived once and checked on every load."""
    out_dir = root / "derived" / ENCODER_MODEL
    name = f"encoder-int8-{source_sha[:16]}-ort{ort.__version__}"
    out, record = out_dir / f"{name}.onnx", out_dir / f"{name}.json"
    if out.exists() and record.exists():
        try:
            want = json.loads(record.read_text(encoding="utf-8"))["sha256"]
        except (OSError, ValueError, KeyError):
            want = None
        if want == sha256_file(out):
            return out
    out_dir.mkdir(parents=True, exist_ok=True)
    from onnxruntime.quantization import QuantType, quantize_dynamic

    fd, tmp = tempfile.mkstemp(dir=out_dir, suffix=".onnx.part")
    os.close(fd)
    quiet = logging.getLogger().level
    logging.getLogger().setLevel(logging.ERROR)  # its advice to pre-process is not for us
    try:
        quantize_dynamic(str(source), tmp, weight_type=QuantType.QInt8)
        digest = hashlib.sha256(Path(tmp).read_bytes()).hexdigest()
        os.replace(tmp, out)
    finally:
        logging.getLogger().setLevel(quiet)
        Path(tmp).unlink(missing_ok=True)
    record.write_text(
        json.dumps({"source_sha256": source_sha, "onnxruntime": ort.__version__, "sha256": digest})
        + "\n",
        encoding="utf-8",
    )
    return out
