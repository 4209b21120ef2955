# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
from __future__ import annotations

from pathlib import Path

import pytest

from aiframe.demo.script import DEFAULT_SCRIPT, ScriptError, load_script


def test_the_shipped_script_loads_and_covers_the_call():
    s = load_script(DEFAULT_SCRIPT)
    kinds = [st.kind for st in s.steps]
    assert kinds.count("say") >= 6 and "sound" in kinds and kinds[-1] == "hangup"
    assert any(st.tempt for st in s.steps)
    assert any(st.barge_in_after_ms for st in s.steps)
    assert [st.expected for st in s.steps if st.say == "Yeah."] == ["resume"]


def test_a_bare_list_is_a_script(tmp_path: Path):
    f = tmp_path / "s.yaml"
    f.write_text('- say: "Hello."\n- dtmf: "0"\n  wait_for: nothing\n')
    s = load_script(f)
    assert [st.kind for st in s.steps] == ["say", "dtmf"]
    assert s.steps[1].waits_for == "nothing"
    assert s.steps[1].expected == "reply"


def test_barge_in_after_means_waiting_for_the_agent_to_speak(tmp_path: Path):
    f = tmp_path / "s.yaml"
    f.write_text('steps:\n  - say: "Stop."\n    barge_in_after_ms: 1500\n')
    st = load_script(f).steps[0]
    assert (st.waits_for, st.delay_ms) == ("ai_speaking", 1500)


@pytest.mark.parametrize(
    ("text", "where", "what"),
    [
        ('steps:\n  - say: "Hi."\n    dtmf: "1"\n', "line 2", "exactly one of"),
        ('steps:\n  - say: "Hi."\n  - sound: sneeze\n', "line 3", "steps.1.sound"),
        ('steps:\n  - dtmf: "12x"\n', "line 2", "steps.0.dtmf"),
        ('- say: "Hi."\n  wait_for: ai_speaking\n  barge_in_after_ms: 5\n', "line 1", "already"),
        ('- sound: cough\n  tempt: "I promise."\n', "line 1", "tempt goes with say"),
        ("steps: []\n", "line 1", "at least 1"),
        ("steps:\n  - say: [unclosed\n", "line", "not valid YAML"),
        ("just text\n", "", "a list of steps"),
    ],
)
def test_bad_scripts_say_where_and_what(tmp_path: Path, text: str, where: str, what: str):
    f = tmp_path / "bad.yaml"
    f.write_text(text)
    with pytest.raises(ScriptError) as e:
        load_script(f)
    msg = str(e.value)
    assert str(f) in msg and where in msg and what in msg


def test_a_missing_script_is_a_clear_error(tmp_path: Path):
    with pytest.raises(ScriptError, match="cannot read"):
        load_script(tmp_path / "nope.yaml")
