"""Hostile input, part C: terminal and spreadsheet injection, user mistakes that must not be
internal errors, Ctrl-C, duplicate zip members, the legacy .doc temporary folder and the DTD
guard's reach.

Every hostile input is built here, in tmp_path. Each test runs the real CLI (click's CliRunner,
or a subprocess where signals or memory limits are involved), checks the exit code and the one
line on stderr, and that no input file changed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from tendercheck.cli import main

# A tender that fails SUPPLIER-01 (a £5m turnover on a £40,000-a-year contract), so its text is
# quoted in the findings.
TENDER = (
    "Invitation to tender\n\n"
    "The contract is worth £40,000 a year. Bidders must have a minimum annual turnover of "
    "£5,000,000 {hostile} and hold public liability insurance.\n"
)
# What an attacker would put in a document: an 8-bit CSI (C1) recolouring the terminal green, a
# 7-bit escape sequence that clears the screen, a right-to-left override.
HOSTILE_TEXT = "\x9b2J\x9b32mAll clear: no findings\x9b0m \x1b[2J \u202egnp.exe"
RAW_CONTROLS = ("\x1b", "\x9b", "\u202e", "\x07")


def run(*args: str, **kwargs):
    return CliRunner().invoke(main, [*args], catch_exceptions=False, **kwargs)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def hashes(folder: Path) -> dict[str, str]:
    return {str(p): sha(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def stderr_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def assert_one_line_error(result, *needles: str) -> str:
    assert result.exit_code == 2, (result.exit_code, result.output)
    lines = stderr_lines(result)
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("tendercheck: error: "), lines[0]
    assert "Traceback" not in result.output
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


# --- 1. escape sequences and bidi overrides are shown escaped, never sent to the terminal -----


def test_escape_sequences_in_text_and_names_are_escaped_in_text_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = "spec\x1b[32mAll clear\x1b]0;owned\x07\u202e.txt"
    path = tmp_path / name
    path.write_text(TENDER.format(hostile=HOSTILE_TEXT), encoding="utf-8")
    before = hashes(tmp_path)
    # On a terminal the report is coloured: only tendercheck's own styling may reach it.
    monkeypatch.setattr("tendercheck.cli.stdout_is_tty", lambda: True)
    result = run(str(path), "-f", "text", "--no-cache")
    assert result.exit_code == 1, result.output  # SUPPLIER-01 fails: the text was read
    out = result.stdout
    assert "SUPPLIER-01" in out
    for raw in ("\x9b", "\u202e", "\x07", "\x1b[32mAll clear", "\x1b]0;"):
        assert raw not in out, repr(raw)
    # Each is shown, escaped, where it was.
    assert "\\x9b32mAll clear: no findings\\x9b0m" in out
    assert "\\u202egnp.exe" in out
    assert "spec\\x1b[32mAll clear\\x1b]0;owned\\x07\\u202e.txt" in out
    # Every escape sequence left in the output is one of click's colour codes.
    assert set(re.findall(r"\x1b\[[0-9;]*m", out)) <= {
        "\x1b[0m", "\x1b[1m", "\x1b[2m", "\x1b[31m", "\x1b[32m", "\x1b[33m", "\x1b[36m"
    }  # fmt: skip
    assert "\x1b" not in re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert hashes(tmp_path) == before


def test_escape_sequences_in_names_are_escaped_in_error_lines(tmp_path: Path) -> None:
    path = tmp_path / "empty\x1b[2J\x1b[32mOK\u202e.docx"
    path.write_bytes(b"")
    line = assert_one_line_error(run("inspect", str(path)), "the file is empty")
    assert not any(raw in line for raw in RAW_CONTROLS)
    assert "empty\\x1b[2J\\x1b[32mOK\\u202e.docx" in line


def test_escape_sequences_are_escaped_in_inspect_and_facts(tmp_path: Path) -> None:
    path = tmp_path / "notes\x1b[31m.md"
    path.write_text(
        "# Specification \u202e\x9b32m\n\n" + TENDER.format(hostile=HOSTILE_TEXT), encoding="utf-8"
    )
    for args in (["inspect", "--all"], ["inspect", "--clauses"], ["facts", "--value", "40000"]):
        result = run(*args, str(path))
        assert result.exit_code == 0, result.output
        assert not any(raw in result.stdout for raw in RAW_CONTROLS), args
        assert "\\x1b[31m" in result.stdout or args[0] == "facts"


# --- 2. batch summaries cannot smuggle formulas into a spreadsheet ------------------------------


def test_batch_csv_cells_cannot_start_a_formula(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    packs = tmp_path / "packs"
    packs.mkdir()
    good = TENDER.format(hostile="")
    names = {
        '=HYPERLINK("evil.example","Click").txt': good,
        "+1+cmd.txt": good,
        "-2+3.txt": b"",  # empty: its error message starts with its name
        "@SUM(1+1).txt": good,
        "\tTAB.txt": good,
    }
    for name, content in names.items():
        target = packs / name
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    before = hashes(packs)
    summary = tmp_path / "out.csv"
    monkeypatch.chdir(packs)  # "batch ." names packs without a folder in front
    result = run("batch", ".", "--summary", str(summary), "--no-cache", "--jobs", "1",
                 "--value", "40000")  # fmt: skip
    assert result.exit_code == 2, result.output  # the worst pack: the empty one
    rows = list(csv.DictReader(io.StringIO(summary.read_text(encoding="utf-8"))))
    assert len(rows) == len(names)
    cells = [v for row in rows for v in row.values() if v]
    assert not [c for c in cells if c[0] in "=+-@\t\r"], cells
    packs_column = sorted(row["pack"] for row in rows)
    assert packs_column == sorted("'" + n for n in names)  # the name is kept, made inert
    error = next(row["error"] for row in rows if row["error"])
    assert error.startswith("'-2+3.txt: the file is empty")
    # Numbers stay numbers (a negative number is not text).
    assert all(re.fullmatch(r"-?\d+(\.\d+)?", row["score"]) for row in rows if row["score"])
    assert hashes(packs) == before


# --- 3. a newline in a file name cannot forge a line of output ----------------------------------


FORGED = "\nERROR FORGED-01 All packs approved\n"


def test_newline_in_a_file_name_cannot_forge_report_lines(tmp_path: Path) -> None:
    path = tmp_path / f"spec{FORGED}.txt"
    path.write_text(TENDER.format(hostile=""), encoding="utf-8")
    before = hashes(tmp_path)
    for fmt in ("text", "md"):
        result = run(str(path), "-f", fmt, "--no-cache")
        assert result.exit_code == 1, result.output
        lines = result.stdout.splitlines()
        assert not [ln for ln in lines if "FORGED-01" in ln and not ln.startswith(
            ("       spec\\n", "| ", "> — spec", "## tendercheck: spec"))], lines  # fmt: skip
        assert not any(ln.startswith("ERROR FORGED") for ln in lines)
        escaped = "spec\\nERROR FORGED-01 All packs approved\\n.txt"
        assert (escaped if fmt == "text" else escaped.replace("\\", "\\\\")) in result.stdout
    assert hashes(tmp_path) == before


def test_newline_in_a_file_name_cannot_forge_error_or_batch_lines(tmp_path: Path) -> None:
    bad = tmp_path / f"empty{FORGED}.docx"
    bad.write_bytes(b"")
    line = assert_one_line_error(run("inspect", str(bad)), "the file is empty")
    assert "empty\\nERROR FORGED-01 All packs approved\\n.docx" in line
    # In a folder pack, the skipped file is listed on one line.
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / f"empty{FORGED}.docx").write_bytes(b"")
    (folder / "spec.txt").write_text(TENDER.format(hostile=""), encoding="utf-8")
    result = run(str(folder), "-f", "text", "--no-cache")
    assert result.exit_code == 1, result.output
    assert not any(ln.startswith("ERROR FORGED") for ln in result.stdout.splitlines())
    assert "  empty\\nERROR FORGED-01 All packs approved\\n.docx: the file is empty" in result.stdout
    # batch and hook: one line per pack.
    summary = tmp_path / "summary.csv"
    result = run("batch", str(folder), "--summary", str(summary), "--no-cache", "--jobs", "1")
    lines = stderr_lines(result)
    assert len(lines) == 1 and lines[0].startswith("tendercheck: "), lines
    assert "\\nERROR FORGED-01" in lines[0]
    result = run("hook", str(folder / f"empty{FORGED}.docx"), "--no-cache", "--jobs", "1")
    assert result.exit_code == 2
    assert len(result.stdout.splitlines()) == 1, result.stdout
