# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import json

import pytest

from aiframe.brain.engines.chat import ToolCallAssembler, parse_chunk, parse_completion
from aiframe.brain.engines.sse import SseDecoder
from aiframe.brain.errors import LlmProtocolError


def _events(text: str) -> list[tuple[str, str]]:
    d = SseDecoder()
    out = []
    for line in text.split("\n"):
        ev = d.feed(line)
        if ev is not None:
            out.append((ev.event, ev.data))
    tail = d.flush()
    if tail is not None:
        out.append((tail.event, tail.data))
    return out


def test_sse_joins_data_lines_and_skips_comments() -> None:
    text = ': keep-alive\n\ndata: one\ndata: two\n\nevent: error\ndata:{"x":1}\n\ndata: tail'
    assert _events(text) == [("message", "one\ntwo"), ("error", '{"x":1}'), ("message", "tail")]


def test_sse_blank_lines_alone_dispatch_nothing() -> None:
    assert _events("\n\n\n") == []


def test_chunk_text_and_finish() -> None:
    c = parse_chunk(
        json.dumps({"choices": [{"index": 0, "delta": {"content": "Hi"}, "finish_reason": None}]})
    )
    assert (c.text, c.finish_reason) == ("Hi", None)
    c = parse_chunk(json.dumps({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}))
    assert c.finish_reason == "stop"
    assert parse_chunk(json.dumps({"choices": [], "usage": {"total_tokens": 3}})).text == ""


@pytest.mark.parametrize(
    ("data", "why"),
    [
        ("{not json", "not JSON"),
        ("[1, 2]", "not a JSON object"),
        ('{"error": {"message": "overloaded"}}', "overloaded"),
        ('{"id": "x"}', "no choices"),
        ('{"choices": [{"delta": {"content": 5}}]}', "not a string"),
        ('{"choices": [{"delta": {"tool_calls": {"a": 1}}}]}', "tool_calls"),
    ],
)
def test_bad_chunks_say_what_is_wrong(data: str, why: str) -> None:
    with pytest.raises(LlmProtocolError, match=why):
        parse_chunk(data)


def test_tool_call_pieces_assemble_by_index() -> None:
    a = ToolCallAssembler()
    a.add({"index": 0, "id": "call_a", "function": {"name": "lookup_order", "arguments": ""}})
    a.add({"index": 1, "id": "call_b", "function": {"name": "hang_up", "arguments": "{}"}})
    for piece in ['{"order', '_id": "AB', '123456"}']:
        a.add({"index": 0, "function": {"arguments": piece}})
    calls = a.finish()
    assert [(c.call_id, c.name, c.args) for c in calls] == [
        ("call_a", "lookup_order", {"order_id": "AB123456"}),
        ("call_b", "hang_up", {}),
    ]


def test_server_variants_are_accepted() -> None:
    a = ToolCallAssembler()
    # no index, id repeated on every delta, arguments as an object
    a.add({"id": "x1", "function": {"name": "verify_identity", "arguments": '{"order_id":'}})
    a.add({"id": "x1", "function": {"arguments": ' "AB123456"}'}})
    a.add({"id": "x2", "function": {"name": "lookup_order", "arguments": {"order_id": "CD1"}}})
    calls = a.finish()
    assert [(c.name, c.args) for c in calls] == [
        ("verify_identity", {"order_id": "AB123456"}),
        ("lookup_order", {"order_id": "CD1"}),
    ]


@pytest.mark.parametrize(
    ("args", "why"),
    [
        ('{"order_id": "AB12', "not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
        ('"just a string"', "must be a JSON object"),
    ],
)
def test_malformed_arguments_become_an_error_not_an_exception(args: str, why: str) -> None:
    a = ToolCallAssembler()
    a.add({"index": 0, "id": "c", "function": {"name": "lookup_order", "arguments": args}})
    (call,) = a.finish()
    assert call.args is None
    assert call.error is not None and why in call.error
    assert call.raw_args == args


def test_a_call_without_a_name_is_an_error() -> None:
    a = ToolCallAssembler()
    a.add({"index": 0, "function": {"arguments": "{}"}})
    (call,) = a.finish()
    assert call.args is None and call.error == "the tool call has no function name"
    assert call.call_id == "call_1"


def test_whole_completion() -> None:
    body = {
        "choices": [
            {
                "message": {
                    "content": "Sure.",
                    "tool_calls": [{"id": "c", "function": {"name": "hang_up", "arguments": "{}"}}],
                },
                "finish_reason": "tool_calls",
            }
        ]
    }
    text, calls, finish = parse_completion(body)
    assert (text, calls[0]["index"], finish) == ("Sure.", 0, "tool_calls")
    with pytest.raises(LlmProtocolError, match="empty choices"):
        parse_completion({"choices": []})
