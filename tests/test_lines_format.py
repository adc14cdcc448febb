"""Issue 14: ``-f lines`` prints one finding a line as compilers and linters do,
``FILE:PAGE: RULE-ID severity message``, so an editor can jump to each."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from click.testing import CliRunner

from tendercheck.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
LINE = re.compile(
    r"^(?P<file>[^:\n]+):(?:(?P<page>\d+):)? (?P<rule>[A-Z][A-Z0-9]*-\d{2,3}) "
    r"(?P<severity>error|warning|info) (?P<message>\S.*)$"
)


def test_each_finding_is_one_line_an_editor_can_jump_to(tmp_path: Path, monkeypatch) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    shutil.copy(FIXTURES / "council-cleaning-itt.docx", pack / "itt.docx")
    (pack / "tender.toml").write_text("presentations = true\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    args = ["pack", "--no-cache", "--jobs", "1"]
    lines = CliRunner().invoke(main, [*args, "-f", "lines"])
    data = json.loads(CliRunner().invoke(main, [*args, "-f", "json"]).stdout)
    assert lines.exit_code == 1  # the same exit code as any format
    failed = {r["id"]: r for r in data["rules"] if r["status"] == "fail" and "waived" not in r}
    printed = lines.stdout.splitlines()
    assert len(printed) == len(failed)
    seen = set()
    for text in printed:
        m = LINE.match(text)
        assert m, text
        r = failed[m["rule"]]
        seen.add(m["rule"])
        assert m["severity"] == r["severity"]
        assert m["message"] == " ".join(r["message"].split())
        assert Path(m["file"]).exists(), text  # relative to where the command ran
        if r["evidence"]:
            ev = r["evidence"][0]
            expected = "pack/itt.docx" if ev["document"] == "itt.docx" else ev["document"]
            assert Path(m["file"]).resolve() == Path(expected).resolve(), text
            assert int(m["page"] or 0) == ev["page"], text
        else:
            assert m["file"] == "pack" and m["page"] is None, text
    assert seen == set(failed)
    assert any(m["page"] for m in map(LINE.match, printed))  # pages where the quote has one
    # a fact given in tender.toml is placed in tender.toml
    assert any(t.startswith("pack/tender.toml: EFFORT-04 ") for t in printed), printed
    # ordered by file and page, as an editor's list of problems is
    keys = [(m["file"], int(m["page"] or 0)) for m in map(LINE.match, printed)]
    assert keys == sorted(keys)


def test_in_a_markdown_document_the_place_is_the_line_an_editor_opens_at(
    tmp_path: Path, monkeypatch
) -> None:
    (tmp_path / "itt.md").write_text(
        "# Invitation to tender: cleaning\n\nAnytown Council invites tenders for cleaning. The "
        "contract is worth £40,000 a year for three years.\n\n## Selection\n\nTenderers must "
        "enclose with their tender three (3)\nyears' **audited accounts**.\n\nTenderers must have "
        "a minimum annual turnover of £5,000,000.\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["itt.md", "-f", "lines", "--no-cache", "--jobs", "1"])
    places = {m["rule"]: m["page"] for m in map(LINE.match, result.stdout.splitlines())}
    assert places["SUPPLIER-03"] == "7"  # where the sentence starts, across a line break
    assert places["SUPPLIER-01"] == "10"
