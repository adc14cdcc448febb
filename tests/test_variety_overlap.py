"""The wording-variety rounds' no-overlap check (bench/variety/check_overlap.py): every round
from the fourth passes it, and an entry that repeats an earlier round's sentence fails it."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location(
    "check_overlap", ROOT / "bench" / "variety" / "check_overlap.py"
)
check_overlap = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_overlap)


@pytest.mark.parametrize("round_", ["variety-fresh3", "variety-fresh4", "variety-fresh5"])
def test_each_round_shares_no_sentence_with_the_earlier_ones(round_: str) -> None:
    assert check_overlap.main([f"tests/labels/{round_}"]) == 0


def test_an_entry_repeating_an_earlier_rounds_sentence_fails(tmp_path: Path, capsys) -> None:
    earlier = yaml.safe_load((ROOT / "tests/labels/variety-fresh4/insurance.yaml").read_text())
    text = next(e["text"] for e in earlier if "text" in e and len(e["text"]) > 40)
    planted = [
        {"source": "authored-v5", "where": "authored-v5 Z1", "text": text, "expect": None,
         "note": "a sentence copied from the fifth round"},
        {"source": "authored-v5", "where": "authored-v5 Z2", "text": "Insurance please.",
         "expect": None},
    ]  # fmt: skip
    folder = tmp_path / "variety-fresh5"
    folder.mkdir()
    (folder / "insurance.yaml").write_text(yaml.safe_dump(planted, allow_unicode=True))
    assert check_overlap.main([str(folder)]) == 1
    out = capsys.readouterr().out
    assert "already in an earlier round" in out
    assert "Z2): missing source/where/expect/note" in out


def test_a_round_it_does_not_know_is_refused() -> None:
    assert check_overlap.main(["tests/labels/variety"]) == 2
