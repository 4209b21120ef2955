# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""Reading pack files: YAML in, a validated :class:`PolicyPack` out, or errors that
name the file, the line, the field and what is wrong with it.

ruamel.yaml keeps the line and column of every mapping key and sequence item, so a
pydantic error location (``('steps', 'greeting', 'next', 1, 'to')``) and a
cross-reference problem can both be turned into ``retail.yaml:42:9``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from aiframe.policy import schema as pack_schema
from aiframe.policy.errors import PolicyLoadError, Problem
from aiframe.policy.references import Loc, cross_check
from aiframe.yamltext import YAMLError, describe

__all__ = ["LoadedPack", "load_pack", "load_pack_text"]


@dataclass(frozen=True, slots=True)
class LoadedPack:
    """A validated pack and where it came from."""

    pack: pack_schema.PolicyPack
    source: str  # file path, or a name for text loaded from elsewhere
    sha256: str  # of the file's bytes: two loads of the same bytes are the same version


def load_pack(path: Path | str) -> LoadedPack:
    """Read, parse and validate one pack file."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise PolicyLoadError([Problem(str(p), 0, 0, "", "file not found")]) from None
    except IsADirectoryError:
        raise PolicyLoadError([Problem(str(p), 0, 0, "", "is a directory, not a file")]) from None
    except OSError as e:
        raise PolicyLoadError([Problem(str(p), 0, 0, "", f"cannot read: {e.strerror}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        msg = f"not UTF-8 text (bad byte at offset {e.start})"
        raise PolicyLoadError([Problem(str(p), 0, 0, "", msg)]) from None
    return _load(text, str(p), hashlib.sha256(raw).hexdigest())


def load_pack_text(text: str, source: str = "<text>") -> LoadedPack:
    """Validate a pack given as YAML text; ``source`` names it in errors."""
    return _load(text, source, hashlib.sha256(text.encode("utf-8")).hexdigest())


def _load(text: str, source: str, sha: str) -> LoadedPack:
    yaml = YAML(typ="rt")
    try:
        doc = yaml.load(text)
    except YAMLError as e:
        line, col, what = describe(e, text)
        raise PolicyLoadError([Problem(source, line, col, "", f"YAML syntax: {what}")]) from None
    if not isinstance(doc, CommentedMap):
        got = "an empty file" if doc is None else f"a {type(doc).__name__}"
        msg = f"a pack is a YAML mapping (pack:, version:, steps:, ...), not {got}"
        raise PolicyLoadError([Problem(source, 1 if doc is not None else 0, 1, "", msg)])
    data = _plain(doc)
    try:
        pack = pack_schema.PolicyPack.model_validate(data)
    except ValidationError as e:
        raise PolicyLoadError(_pydantic_problems(e, doc, source)) from None
    problems = [_problem(doc, source, loc, msg) for loc, msg in cross_check(pack)]
    if problems:
        raise PolicyLoadError(problems)
    return LoadedPack(pack, source, sha)


def _plain(node: Any) -> Any:
    """ruamel's round-trip types to plain Python, so pydantic sees ordinary values."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, bool):
        return bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    if isinstance(node, dt.date | dt.datetime):
        return node.isoformat()
    return node


def _locate(doc: CommentedMap, loc: Loc, tags: bool = False) -> tuple[int, int, str, bool]:
    """(line, column, dotted field path, whether the whole path exists) of ``loc``.
    With ``tags``, ``loc`` is pydantic's and names a rule's type after its index."""
    node: Any = doc
    line, col = 0, 0
    path = ""
    found = True
    tag_next = False
    for el in loc:
        after_index, tag_next = tag_next, False
        if isinstance(node, CommentedMap):
            if tags and after_index and node.get("type") == el:
                continue  # pydantic's discriminator tag, not a YAML key
            if el == "[key]":
                continue
            if isinstance(el, str) and el in node:
                line, col = node.lc.key(el)
                path = f"{path}.{el}" if path else el
                node = node[el]
                continue
        elif isinstance(node, CommentedSeq) and isinstance(el, int) and 0 <= el < len(node):
            line, col = node.lc.item(el)
            path = f"{path}[{el}]"
            node = node[el]
            tag_next = True
            continue
        if isinstance(el, str) and el[:1].isupper():
            continue  # a union member's class name
        found = False
        named = (f"{path}.{el}" if path else el) if isinstance(el, str) else None
        path = named if named is not None else f"{path}[{el}]"
        break
    return line + 1, col + 1, path, found


def _problem(doc: CommentedMap, source: str, loc: Loc, message: str) -> Problem:
    line, col, path, _ = _locate(doc, loc)
    return Problem(source, line, col, path, message)


_FIELDS: set[str] = set()
for _m in vars(pack_schema).values():
    if isinstance(_m, type) and issubclass(_m, BaseModel):
        _FIELDS.update(_m.model_fields)

_PATTERNS = {
    r"^[a-z][a-z0-9_]*$": "a name is lowercase letters, digits and _, starting with a letter",
    r"^!?[a-z][a-z0-9_]*$": "a fact is a name, with ! in front for 'must not hold'",
    r"^[a-z0-9][a-z0-9_.-]*$": "a rule id is lowercase letters, digits, _, . and -",
    r"^[a-z][a-z0-9-]*$": "a pack name is lowercase letters, digits and -",
    r"^([01]\d|2[0-3]):[0-5]\d$": "a time is HH:MM, 24-hour",
    r"^(first_sentence|(step|tool):[a-z][a-z0-9_]*)$": (
        "say first_sentence, step:<step> or tool:<tool>"
    ),
}


def _pydantic_problems(e: ValidationError, doc: CommentedMap, source: str) -> list[Problem]:
    out: list[Problem] = []
    seen: set[tuple[int, str, str]] = set()
    for err in e.errors(include_url=False):
        loc = tuple(err["loc"])
        line, col, path, _ = _locate(doc, loc, tags=True)
        msg = _describe(err)
        key = (line, path, msg)
        if key not in seen:
            seen.add(key)
            out.append(Problem(source, line, col, path, msg))
    return out


def _describe(err: ErrorDetails) -> str:
    kind = err["type"]
    given = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "extra_forbidden":
        name = str(err["loc"][-1])
        close = get_close_matches(name, sorted(_FIELDS), n=1)
        return f"unknown field '{name}'" + (f"; did you mean '{close[0]}'?" if close else "")
    if kind == "missing":
        return "required field is missing"
    if kind == "string_pattern_mismatch":
        why = _PATTERNS.get(str(ctx.get("pattern")), f"must match {ctx.get('pattern')}")
        return f"{given!r} is not valid: {why}"
    if kind == "union_tag_invalid":
        return f"unknown rule type {ctx.get('tag')!r}; expected one of {ctx.get('expected_tags')}"
    if kind == "union_tag_not_found":
        return (
            "a rule needs a 'type' "
            "(pattern, keywords, detector, taint, exact_value, length, language, hours)"
        )
    if kind == "string_type" and isinstance(given, int | float) and not isinstance(given, bool):
        return f"expected text, got the number {given!r}: quote it in YAML"
    msg = str(err["msg"])
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    if kind in (
        "literal_error",
        "enum",
        "int_type",
        "float_type",
        "bool_type",
        "dict_type",
        "list_type",
        "string_type",
        "int_parsing",
        "float_parsing",
        "bool_parsing",
    ):
        shown = repr(given)
        msg = f"{msg}, got {shown if len(shown) <= 60 else shown[:57] + '...'}"
    return msg
