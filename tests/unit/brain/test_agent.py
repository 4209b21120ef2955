# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

import sqlite3
import textwrap
from pathlib import Path

import pytest

from aiframe.brain.agent.loader import SHIPPED_AGENTS, Agent, find_agent, load_agent, shipped_agents
from aiframe.brain.errors import AgentError

PACK = Path(__file__).resolve().parents[3] / "policies" / "retail-support.yaml"

GOOD = """\
agent: tiny
policy: retail-support
tools:
  verify_identity:
    python: aiframe.agents.acme_support.tools:verify_identity
    sets_facts: [identity_verified]
llm:
  persona: You are tiny.
flow:
  steps:
    greeting:
      enter:
        - say: Hello.
        - goto: identify
    identify:
      slots:
        - name: order_id
          kind: code
          prompt: Order number?
      filled:
        - call: verify_identity
          args: {order_id: "{order_id}", email: a@b.co, postcode: "X1 1XX"}
"""


def _write(tmp_path: Path, text: str) -> Path:
    d = tmp_path / "tiny"
    d.mkdir(exist_ok=True)
    (d / "agent.yaml").write_text(textwrap.dedent(text))
    return d


def _problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(AgentError) as e:
        load_agent(str(_write(tmp_path, text)), policy_file=PACK)
    return [str(p) for p in e.value.problems]


def test_the_demo_agent_loads_and_ships(acme: Agent) -> None:
    assert "acme-support" in shipped_agents()
    assert acme.policy.name == "retail-support"
    assert acme.path.is_relative_to(SHIPPED_AGENTS)
    assert set(acme.spec.flow.steps) == set(acme.policy.pack.steps)
    assert acme.tools().names == {"verify_identity", "lookup_order", "issue_refund"}


def test_a_small_agent_loads(tmp_path: Path) -> None:
    a = load_agent(str(_write(tmp_path, GOOD)), policy_file=PACK)
    assert a.name == "tiny" and a.directory == tmp_path / "tiny"


def test_unknown_agent_names_the_shipped_ones() -> None:
    with pytest.raises(AgentError, match=r"no agent 'nobody'.*shipped: acme-support"):
        find_agent("nobody")


def test_missing_pack_says_where_it_looked(tmp_path: Path) -> None:
    d = _write(tmp_path, GOOD.replace("policy: retail-support", "policy: no-such-pack"))
    with pytest.raises(AgentError, match=r"policy pack 'no-such-pack' not found.*none"):
        load_agent(str(d), packs=[tmp_path / "none"])


def test_yaml_errors_name_the_line(tmp_path: Path) -> None:
    probs = _problems(tmp_path, "agent: tiny\nflow: [\n")
    assert len(probs) == 1 and ":3:" in probs[0]


def test_schema_errors_name_file_line_and_field(tmp_path: Path) -> None:
    bad = GOOD.replace("        - say: Hello.", "        - sya: Hello.").replace(
        "          kind: code", "          kind: colour"
    )
    probs = _problems(tmp_path, bad)
    assert any(
        ":13:" in p and "flow.steps.greeting.enter[0]" in p and "one of: say" in p for p in probs
    ), probs
    assert any(":18:" in p and "slots[0].kind" in p for p in probs), probs


@pytest.mark.parametrize(
    ("edit", "line", "why"),
    [
        (("goto: identify", "goto: nowhere"), 14, "goto: no step 'nowhere'"),
        (
            ("        - goto: identify", "        - goto: identify\n        - say: After."),
            14,
            "nothing may follow it",
        ),
        (("- call: verify_identity", "- call: lookup_order"), 21, "has no binding"),
        (("sets_facts: [identity_verified]", "sets_facts: [vip]"), 6, "fact 'vip' is not declared"),
        (('{order_id: "{order_id}"', '{order_id: "{orderid}"'), 22, "no slot 'orderid'"),
        (
            ("    identify:\n", "    identify:\n      intents:\n        whatever: []\n"),
            17,
            "no such intent",
        ),
        (("    greeting:", "    greet:"), 11, "no step 'greet' in pack"),
    ],
)
def test_cross_checks_against_the_pack(
    tmp_path: Path, edit: tuple[str, str], line: int, why: str
) -> None:
    probs = _problems(tmp_path, GOOD.replace(*edit))
    assert any(f":{line}:" in p and why in p for p in probs), probs


def test_database_is_built_once_outside_the_source_tree(acme: Agent, tmp_path: Path) -> None:
    db = acme.database(tmp_path / "data")
    assert db is not None and db.is_file()
    assert not db.is_relative_to(SHIPPED_AGENTS.parent.parent)
    with sqlite3.connect(db) as conn:
        n = conn.execute("SELECT count(*) FROM orders").fetchone()[0]
    conn.close()
    assert n == 5
    assert acme.database(tmp_path / "data") == db  # reused, not rebuilt
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == [db.name]


def test_bad_sql_is_an_agent_error(tmp_path: Path) -> None:
    d = _write(tmp_path, GOOD + "data:\n  sql: data.sql\n")
    (d / "data.sql").write_text("CREATE TABLE oops (;")
    a = load_agent(str(d), policy_file=PACK)
    with pytest.raises(AgentError, match="the SQL does not run"):
        a.database(tmp_path / "data")
    assert not any((tmp_path / "data").iterdir())
