# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""What is taken out of text before it is stored.

Two things go: values that tools returned under a data class the pack declares (a
balance, an address), found however they were said (the gate's own value matchers:
``$1,234.56`` and "one thousand two hundred thirty four dollars"), and what the
configured detectors find (card numbers, SSNs, bank numbers, emails, phone numbers;
spelled out, spaced or hyphenated, as the gate reads them). Each is replaced by its
class in brackets: ``[financial]``, ``[card_number]``.

The live snapshot a controller restores from is kept whole while the conversation can
still go on (see :mod:`aiframe.conversation.recorder`); everything else is redacted as written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from aiframe.errors import ConfigError
from aiframe.policy.detectors import DETECTORS, Scan
from aiframe.policy.gate import redact_spans
from aiframe.policy.normalize import normalize
from aiframe.policy.state import TaintedValue
from aiframe.policy.taint import matcher_for

__all__ = ["Redactor"]


def check_detectors(names: Iterable[str]) -> None:
    """``store.redact_detectors`` names only detectors the policy gate has."""
    unknown = sorted(set(names) - set(DETECTORS))
    if unknown:
        raise ConfigError(
            f"store.redact_detectors: unknown detector(s) {', '.join(unknown)}; "
            f"known: {', '.join(sorted(DETECTORS))}"
        )


class Redactor:
    """Redacts text for one conversation's store records."""

    def __init__(self, classes: Iterable[str] | None, detectors: Iterable[str]) -> None:
        # None: every data class the values carry; a set: only these classes.
        self.classes = None if classes is None else frozenset(classes)
        self.detectors = tuple(detectors)

    def _redacted(self, v: TaintedValue) -> bool:
        if isinstance(v.value, bool):
            return False
        return self.classes is None or v.data_class in self.classes

    def text(self, text: str, data: Mapping[str, TaintedValue]) -> str:
        if not text.strip():
            return text
        values = [v for v in data.values() if self._redacted(v)]
        if not values and not self.detectors:
            return text
        norm = normalize(text)
        scan = Scan(norm)
        spans: list[tuple[int, int, str]] = []
        for v in values:
            for s, e in matcher_for(v.value).spans(scan):
                os_, oe = norm.to_original(s, e)
                spans.append((os_, oe, f"[{v.data_class}]"))
        for det in self.detectors:
            for f in scan.findings(det):
                os_, oe = norm.to_original(f.start, f.end)
                spans.append((os_, oe, f"[{det}]"))
        return redact_spans(text, spans) if spans else text

    def value(self, value: Any, data: Mapping[str, TaintedValue]) -> Any:
        """``value`` with every string inside it redacted (JSON-shaped values)."""
        if isinstance(value, str):
            return self.text(value, data)
        if isinstance(value, Mapping):
            return {k: self.value(v, data) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.value(v, data) for v in value]
        if isinstance(value, int | float) and not isinstance(value, bool):
            hit = any(
                self._redacted(v) and not isinstance(v.value, str) and v.value == value
                for v in data.values()
            )
            return f"[{_class_of(value, data)}]" if hit else value
        return value

    def tool_result(
        self, result: Mapping[str, Any] | None, returns: Mapping[str, str]
    ) -> dict[str, Any] | None:
        """A tool's result with the fields the pack tags with a redacted class replaced."""
        if result is None:
            return None
        out: dict[str, Any] = {}
        for k, v in result.items():
            cls = returns.get(k)
            if cls is not None and (self.classes is None or cls in self.classes):
                out[k] = f"[{cls}]"
            else:
                out[k] = self.value(v, {})
        return out


def _class_of(value: Any, data: Mapping[str, TaintedValue]) -> str:
    for v in data.values():
        if v.value == value:
            return v.data_class
    return "redacted"
