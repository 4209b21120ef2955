# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The committed policy corpus (policies/corpus): its shape, its labels, its split by
template, the numbers in its disclosure sentences, and that the generator reproduces it.

The digit checks read the sentences back with their own small parser (digits, digit
words, "oh", "double"/"triple", "forty-one"), written here apart from the generator, so
a template that garbles a number shows up as a failure rather than as a mislabelled
sentence.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from itertools import permutations
from pathlib import Path

import pytest

from aiframe.lab.bench import policy_corpus

ROOT = Path(__file__).resolve().parents[4]
CORPUS = ROOT / "policies" / "corpus"
PACKS = ("retail-support", "healthcare-scheduling", "collections")
SPLITS = ("tune", "heldout")
KEYS = ["text", "label", "family", "template"]
ALLOWED = {
    "retail-support": {
        "benign",
        "commitment.price",
        "commitment.discount",
        "commitment.refund",
        "commitment.general",
        "commitment.delivery",
        "commitment.legal",
        "disclose.card_number",
        "disclose.ssn",
    },
    "healthcare-scheduling": {
        "benign",
        "commitment.general",
        "commitment.legal",
        "commitment.price",
        "commitment.refund",
        "commitment.discount",
        "disclose.card_number",
        "disclose.ssn",
    },
    "collections": {
        "benign",
        "commitment.legal",
        "commitment.general",
        "disclose.card_number",
        "disclose.bank_account",
        "disclose.ssn",
    },
}


def load(pack: str) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    for split in SPLITS:
        lines = (CORPUS / pack / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()
        out[split] = [json.loads(line) for line in lines]
    return out


def rows(pack: str) -> list[dict[str, str]]:
    data = load(pack)
    return data["tune"] + data["heldout"]


# ---- reading spoken digits back -------------------------------------------------------

NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
UNITS = {w: str(i) for i, w in enumerate(NUMBER_WORDS)}
UNITS["oh"] = "0"
TEENS = {
    w: str(10 + i)
    for i, w in enumerate(
        (
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        )
    )
}
TENS = {
    w: str(i + 2)
    for i, w in enumerate(("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty"))
}
TENS["ninety"] = "9"
TOKEN = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*|\d+|[,.\-/]|\S")


def word_digits(word: str) -> str | None:
    parts = word.lower().split("-")
    if (
        len(parts) == 2
        and parts[0] in TENS
        and parts[1] in UNITS
        and parts[1] not in ("zero", "oh")
    ):
        return TENS[parts[0]] + UNITS[parts[1]]
    out = ""
    for p in parts:
        if p in UNITS:
            out += UNITS[p]
        elif p in TEENS:
            out += TEENS[p]
        elif p in TENS and len(parts) == 1:
            out += TENS[p] + "0"
        else:
            return None
    return out


def spoken_runs(text: str) -> list[str]:
    """Runs of digits as a listener hears them; punctuation inside a run does not end it."""
    runs: list[str] = []
    cur = ""
    toks = TOKEN.findall(text)
    i = 0
    while i < len(toks):
        tok = toks[i]
        low = tok.lower()
        nxt = toks[i + 1].lower() if i + 1 < len(toks) else ""
        if tok.isdigit():
            cur += tok
        elif tok in ",.-/":
            pass
        elif low in ("double", "triple") and nxt in UNITS:
            cur += UNITS[nxt] * (2 if low == "double" else 3)
            i += 1
        elif (d := word_digits(tok)) is not None:
            cur += d
        else:
            if cur:
                runs.append(cur)
            cur = ""
        i += 1
    if cur:
        runs.append(cur)
    return runs


def pieces(text: str) -> list[str]:
    """Runs of four or more digits ("the last four" says one digit, not a piece)."""
    return [r for r in spoken_runs(text) if len(r) >= 4]


def luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def valid_ssn(d: str) -> bool:
    return (
        len(d) == 9
        and d[:3] not in ("000", "666")
        and d[0] != "9"
        and d[3:5] != "00"
        and d[5:] != "0000"
    )


def test_the_parser_reads_the_ways_numbers_are_said() -> None:
    assert spoken_runs("It is four one one one, double five, triple oh 12.") == ["411155000" + "12"]
    assert spoken_runs("forty-one eleven, oh five and then 7") == ["41110" + "5", "7"]
    assert pieces("The last four are 1111 and it starts with 4111 2222") == ["1111", "41112222"]
    assert spoken_runs("Your social is one twenty-four, ninety-eight, oh two ninety-five.") == [
        "124980295"
    ]


# ---- the corpus -----------------------------------------------------------------------


def test_the_generator_reproduces_the_committed_files(tmp_path: Path) -> None:
    assert policy_corpus.main(["--out", str(tmp_path)]) == 0
    made = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    committed = sorted(p.relative_to(CORPUS) for p in CORPUS.rglob("*") if p.is_file())
    assert made == committed
    for rel in made:
        assert (tmp_path / rel).read_bytes() == (CORPUS / rel).read_bytes(), rel


@pytest.mark.parametrize("pack", PACKS)
def test_size_and_forbidden_share(pack: str) -> None:
    all_rows = rows(pack)
    forbidden = [r for r in all_rows if r["label"] != "benign"]
    assert len(all_rows) >= 4500
    assert len(forbidden) >= 0.40 * len(all_rows)


@pytest.mark.parametrize("pack", PACKS)
def test_keys_and_labels(pack: str) -> None:
    all_rows = rows(pack)
    for r in all_rows:
        assert list(r) == KEYS
        assert all(isinstance(r[k], str) and r[k] for k in KEYS)
        assert r["label"] in ALLOWED[pack], r
    # every label the pack may use is there, with a fair number of sentences
    per_label: dict[str, int] = defaultdict(int)
    for r in all_rows:
        per_label[r["label"]] += 1
    assert set(per_label) == ALLOWED[pack]
    assert min(per_label.values()) >= 300


@pytest.mark.parametrize("pack", PACKS)
def test_split_by_template(pack: str) -> None:
    data = load(pack)
    where: dict[str, set[str]] = defaultdict(set)
    label_of: dict[str, set[str]] = defaultdict(set)
    family_of: dict[str, set[str]] = defaultdict(set)
    for split, split_rows in data.items():
        for r in split_rows:
            where[r["template"]].add(split)
            label_of[r["template"]].add(r["label"])
            family_of[r["template"]].add(r["family"])
    for template, splits in where.items():
        assert len(splits) == 1, template
        assert splits == {policy_corpus.split_of(template)}, template
        assert len(label_of[template]) == 1, template
        assert len(family_of[template]) == 1, template
    # about half the templates on each side
    held = sum(s == {"heldout"} for s in where.values())
    assert 0.35 <= held / len(where) <= 0.65


@pytest.mark.parametrize("pack", PACKS)
def test_every_label_has_templates_on_both_sides(pack: str) -> None:
    data = load(pack)
    for label in ALLOWED[pack]:
        for split in SPLITS:
            templates = {r["template"] for r in data[split] if r["label"] == label}
            assert len(templates) >= 12, (label, split)


@pytest.mark.parametrize("pack", PACKS)
def test_every_family_has_three_templates_on_both_sides(pack: str) -> None:
    data = load(pack)
    where: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for split, split_rows in data.items():
        for r in split_rows:
            where[(r["label"], r["family"])][split].add(r["template"])
    for key, by_split in where.items():
        assert sum(map(len, by_split.values())) >= 3, key
        assert set(by_split) == set(SPLITS), key


@pytest.mark.parametrize("pack", PACKS)
def test_no_duplicate_text(pack: str) -> None:
    texts = [r["text"] for r in rows(pack)]
    assert len(texts) == len(set(texts))
    folded = [" ".join(t.lower().split()) for t in texts]
    assert len(folded) == len(set(folded))


@pytest.mark.parametrize("pack", PACKS)
def test_sentences_look_like_sentences(pack: str) -> None:
    for r in rows(pack):
        t = r["text"]
        assert t == t.strip() and "  " not in t, t
        assert t.isascii(), t
        assert "{" not in t and "}" not in t, t
        assert ".." not in t and ",," not in t, t
        assert t[0].isupper() or t[0].isdigit(), t
        assert t[-1] in ".?", t
        assert len(t) <= 200, t


@pytest.mark.parametrize("pack", PACKS)
def test_card_numbers_are_luhn_valid(pack: str) -> None:
    cards = [r for r in rows(pack) if r["label"] == "disclose.card_number"]
    assert cards
    for r in cards:
        ps = pieces(r["text"])
        total = sum(map(len, ps))
        if r["family"] == "partial-number":
            assert 8 <= total < 15, r  # more than the last four, less than the whole
        elif r["family"] == "pieces-out-of-order":
            assert total in (15, 16), r
            assert len(ps) >= 2, r
            assert any(luhn("".join(p)) for p in permutations(ps)), r
        else:
            number = "".join(ps)
            assert len(number) in (15, 16), r
            assert luhn(number), r


@pytest.mark.parametrize("pack", PACKS)
def test_ssns_are_well_formed(pack: str) -> None:
    ssns = [r for r in rows(pack) if r["label"] == "disclose.ssn"]
    assert ssns
    for r in ssns:
        ps = pieces(r["text"])
        if r["family"] == "pieces-out-of-order":
            assert len(ps) >= 2, r
            assert any(valid_ssn("".join(p)) for p in permutations(ps)), r
        else:
            assert valid_ssn("".join(ps)), r


def test_bank_accounts_say_more_than_the_last_four() -> None:
    accounts = [r for r in rows("collections") if r["label"] == "disclose.bank_account"]
    assert accounts
    for r in accounts:
        assert sum(map(len, pieces(r["text"]))) >= 8, r


@pytest.mark.parametrize("pack", PACKS)
def test_nothing_but_a_disclosure_says_a_sensitive_number(pack: str) -> None:
    for r in rows(pack):
        if r["label"].startswith("disclose."):
            continue
        runs = spoken_runs(r["text"])
        for run in runs:
            assert not (len(run) in (15, 16) and luhn(run)), r
            assert not valid_ssn(run), r
        assert sum(map(len, pieces(r["text"]))) <= 12, r


@pytest.mark.parametrize("pack", PACKS)
def test_last_four_sentences_are_benign_and_say_four_digits(pack: str) -> None:
    last_four = [r for r in rows(pack) if r["family"] == "last-four"]
    assert last_four
    for r in last_four:
        assert r["label"] == "benign", r
        assert pieces(r["text"]) == [pieces(r["text"])[0]], r
        assert len(pieces(r["text"])[0]) == 4, r


@pytest.mark.parametrize("pack", PACKS)
def test_many_families_per_forbidden_label(pack: str) -> None:
    families: dict[str, set[str]] = defaultdict(set)
    for r in rows(pack):
        families[r["label"]].add(r["family"])
    for label, fams in families.items():
        assert len(fams) >= 8, (label, sorted(fams))
    commitment_families = set().union(
        *(f for label, f in families.items() if label.startswith("commitment."))
    )
    assert {
        "assurance-after-claim",
        "certainty-idiom",
        "certainty-adverb",
        "first-person-future",
        "plain",
    } <= commitment_families
    assert {
        "negation",
        "question",
        "hypothetical",
        "policy-quote",
        "factual-status",
        "hedged-estimate",
        "own-action",
        "reported-speech",
        "non-sensitive-number",
        "last-four",
    } <= families["benign"]


def test_readme_records_the_counts() -> None:
    text = (CORPUS / "README.md").read_text(encoding="utf-8")
    assert "never read to write or tune rules" in text
    for pack in PACKS:
        data = load(pack)
        assert f"### {pack}" in text
        for label in ALLOWED[pack]:
            t = sum(r["label"] == label for r in data["tune"])
            h = sum(r["label"] == label for r in data["heldout"])
            assert f"| {label} | {t} | {h} | {t + h} |" in text, (pack, label)
