"""Hostile input, part C: terminal and spreadsheet injection, user mistakes that must not be
internal errors, Ctrl-C, duplicate zip members, the legacy .doc temporary folder and the DTD
guard's reach.

Every hostile input is built here, in tmp_path. Each test runs the real CLI (click's CliRunner,
or a subprocess where signals or memory limits are involved), checks the exit code and the one
line on stderr, and that no input file changed.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from tendercheck.cli import main

from .helpers import make_docx_bytes

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
            ("       spec\\n", "| ", "> — spec", "## tendercheck: spec",
             '       waiver: rule = ', "**Waiver:** rule = "))], lines  # fmt: skip
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
    assert (
        "  empty\\nERROR FORGED-01 All packs approved\\n.docx: the file is empty" in result.stdout
    )
    # batch and hook: one line per pack.
    summary = tmp_path / "summary.csv"
    result = run("batch", str(folder), "--summary", str(summary), "--no-cache", "--jobs", "1")
    lines = stderr_lines(result)
    assert len(lines) == 1 and lines[0].startswith("tendercheck: "), lines
    assert "\\nERROR FORGED-01" in lines[0]
    result = run("hook", str(folder / f"empty{FORGED}.docx"), "--no-cache", "--jobs", "1")
    assert result.exit_code == 2
    assert len(result.stdout.splitlines()) == 1, result.stdout


# --- 4. user mistakes and odd numbers are exit 2 or read gracefully, never exit 3 ---------------


def docx_with(edits: dict[str, list[tuple[str, str]]]) -> bytes:
    """A small .docx (a paragraph, a table, a numbered item) with text replaced in its parts."""
    import docx

    document = docx.Document()
    document.add_paragraph("Specification")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Lot 1"
    document.add_paragraph("Cleaning of the offices.", style="List Number")
    buf = io.BytesIO()
    document.save(buf)
    source = zipfile.ZipFile(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in source.infolist():
            data = source.read(info)
            if info.filename in edits:
                text = data.decode("utf-8")
                for old, new in edits[info.filename]:
                    assert old in text, (info.filename, old)
                    text = text.replace(old, new, 1)
                data = text.encode("utf-8")
            zf.writestr(info.filename, data)
    return out.getvalue()


ODD_NUMBERS = ["inf", "1e999", "9" * 5000, "²", "-1e400", "nan"]


@pytest.mark.parametrize(
    "number", ODD_NUMBERS, ids=["inf", "1e999", "5000-digits", "sup2", "-1e400", "nan"]
)
def test_odd_numbers_in_word_xml_are_read_gracefully(tmp_path: Path, number: str) -> None:
    path = tmp_path / "spec.docx"
    path.write_bytes(
        docx_with(
            {
                "docProps/app.xml": [("<Pages>1</Pages>", f"<Pages>{number}</Pages>"),
                                     ("<Words>0</Words>", f"<Words>{number}</Words>")],
                "word/document.xml": [
                    ('<w:tcW w:type="dxa" w:w="4320"/>',
                     f'<w:tcW w:type="dxa" w:w="{number}"/><w:gridSpan w:val="{number}"/>'),
                    ('<w:pStyle w:val="ListNumber"/>',
                     f'<w:pStyle w:val="ListNumber"/><w:numPr><w:ilvl w:val="{number}"/>'
                     f'<w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="{number}"/>'
                     f'<w:spacing w:before="{number}" w:line="{number}"/>'),
                    ('<w:gridCol w:w="4320"/>', f'<w:gridCol w:w="{number}"/>'),
                ],
            }
        )
    )  # fmt: skip
    before = sha(path)
    start = time.monotonic()
    result = run("inspect", "--all", str(path))
    assert result.exit_code == 0, result.output
    assert "Cleaning of the offices." in result.stdout and "Lot 1" in result.stdout
    assert time.monotonic() - start < 20
    assert sha(path) == before


@pytest.mark.parametrize(
    "number", ODD_NUMBERS, ids=["inf", "1e999", "5000-digits", "sup2", "-1e400", "nan"]
)
def test_odd_numbers_in_opendocument_xml_are_read_gracefully(tmp_path: Path, number: str) -> None:
    from .test_odt_reader import NS, odt

    styles = (
        f"<office:document-styles {NS}><office:styles>"
        f'<style:style style:name="H" style:family="paragraph" style:default-outline-level="{number}">'
        f'<style:text-properties fo:font-weight="{number}"/></style:style>'
        f'<text:list-style style:name="L"><text:list-level-style-number text:level="{number}" '
        f'text:display-levels="{number}" text:start-value="{number}" style:num-format="i"/>'
        "</text:list-style></office:styles></office:document-styles>"
    )
    body = (
        f'<text:h text:outline-level="{number}">Specification</text:h>'
        f'<text:list text:style-name="L"><text:list-item text:start-value="{number}">'
        "<text:p>Cleaning of the offices.</text:p></text:list-item></text:list>"
        f'<text:p>Grass<text:s text:c="{number}"/>cutting.</text:p>'
        f'<table:table><table:table-column table:number-columns-repeated="{number}"/>'
        f'<table:table-row table:number-rows-repeated="{number}"><table:table-cell '
        f'table:number-columns-spanned="{number}" table:number-columns-repeated="{number}">'
        "<text:p>Lot 1</text:p></table:table-cell></table:table-row></table:table>"
    )
    meta = (
        f"<office:document-meta {NS}><office:meta><meta:document-statistic "
        f'meta:page-count="{number}" meta:word-count="{number}"/></office:meta>'
        "</office:document-meta>"
    )
    path = tmp_path / "spec.odt"
    path.write_bytes(odt(body, styles=styles, meta=meta))
    before = sha(path)
    result = run("inspect", "--all", str(path))
    assert result.exit_code == 0, result.output
    assert "Cleaning of the offices." in result.stdout and "Lot 1" in result.stdout
    assert sha(path) == before


def test_lone_surrogate_from_a_word_symbol_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "spec.docx"
    path.write_bytes(
        docx_with(
            {
                "word/document.xml": [
                    ("<w:t>Cleaning of the offices.</w:t>",
                     '<w:t>Cleaning of the offices.</w:t><w:sym w:font="Arial" w:char="D800"/>'
                     '<w:sym w:font="Arial" w:char="001B"/><w:sym w:font="Arial" w:char="2713"/>')
                ]
            }
        )
    )  # fmt: skip
    before = sha(path)
    for args in (["inspect", "--all"], ["inspect", "-f", "json"], ["-f", "json", "--no-cache"]):
        result = run(*args, str(path))
        assert result.exit_code in (0, 1), (args, result.output)
        assert "Traceback" not in result.output
        assert "\ud800" not in result.stdout and "\x1b" not in result.stdout
    assert "Cleaning of the offices.✓" in run("inspect", "--all", str(path)).stdout
    assert sha(path) == before


@pytest.mark.parametrize(
    ("option", "value", "reason"),
    [
        ("--value", "nan", "not an amount"),
        ("--value", "inf", "not an amount"),
        ("--value", "-40000", "must not be negative"),
        ("--annual-value", "1e999", "not an amount"),
        ("--duration-months", "-3", "must not be negative"),
        ("--fail-under", "nan", "must be a score from 0 to 100"),
        ("--fail-under", "-inf", "must be a score from 0 to 100"),
    ],
)
def test_bad_numbers_in_options_are_exit_2(
    tmp_path: Path, option: str, value: str, reason: str
) -> None:
    path = tmp_path / "spec.txt"
    path.write_text(TENDER.format(hostile=""), encoding="utf-8")
    result = run(str(path), "-f", "json", "--no-cache", f"{option}={value}")
    assert_one_line_error(result, option, reason)
    assert "NaN" not in result.stdout and "Infinity" not in result.stdout


@pytest.mark.parametrize(
    ("sidecar", "reason"),
    [
        ("value = nan", "'value' must be a finite number"),
        ("annual_value = -inf", "'annual_value' must be a finite number"),
        ("value = -5", "must not be negative"),
        ("duration_months = inf", "'duration_months' must be a finite number"),
        ('duration_months = "9' + "9" * 5000 + '"', "'duration_months' must be a number of months"),
        ("lots = -2", "must not be negative"),
        ("insurance = {public_liability = nan}", "'insurance.public_liability' must be a finite"),
    ],
)
def test_bad_numbers_in_tender_toml_are_exit_2(tmp_path: Path, sidecar: str, reason: str) -> None:
    path = tmp_path / "spec.txt"
    path.write_text(TENDER.format(hostile=""), encoding="utf-8")
    (tmp_path / "tender.toml").write_text(sidecar + "\n", encoding="utf-8")
    before = hashes(tmp_path)
    result = run(str(path), "-f", "json", "--no-cache")
    assert_one_line_error(result, str(tmp_path / "tender.toml"), reason)
    assert hashes(tmp_path) == before


@pytest.mark.parametrize(
    "tender",
    [
        '{"value": {"amount": NaN, "currency": "GBP"}}',
        '{"value": {"amount": Infinity, "currency": "GBP"}}',
        '{"value": {"amount": 1' + "0" * 5000 + ', "currency": "GBP"}}',
        '{"contractPeriod": {"durationInDays": -Infinity}}',
    ],
    ids=["nan", "infinity", "5000-digits", "-infinity-days"],
)
def test_bad_numbers_in_notices_are_exit_2(tmp_path: Path, tender: str) -> None:
    path = tmp_path / "spec.txt"
    path.write_text(TENDER.format(hostile=""), encoding="utf-8")
    notice = tmp_path / "notice.json"
    notice.write_text('{"ocid": "ocds-1", "tender": ' + tender + "}", encoding="utf-8")
    result = run(str(path), "-f", "json", "--no-cache", "--notice", str(notice))
    assert_one_line_error(result, str(notice), "not valid JSON")


@pytest.mark.parametrize(
    ("config", "reason"),
    [
        ("fail_under = nan", "'fail_under' must be a finite number"),
        ('fail_under = "high"', "'fail_under' must be a score from 0 to 100"),
        ("fail_under = 1e999", "'fail_under' must be a finite number"),
        ("[effort]\nday_rate = inf", "'effort.day_rate' must be a finite number"),
        ("[effort]\nday_rate = nan", "'effort.day_rate' must be a finite number"),
        ('[thresholds."TIME-04"]\nmin_working_days = nan', "must be a finite number"),
    ],
)
def test_bad_numbers_in_configuration_are_exit_2(tmp_path: Path, config: str, reason: str) -> None:
    path = tmp_path / "spec.txt"
    path.write_text(TENDER.format(hostile=""), encoding="utf-8")
    (tmp_path / "tendercheck.toml").write_text(config + "\n", encoding="utf-8")
    result = run(str(path), "-f", "json", "--no-cache")
    assert_one_line_error(result, str(tmp_path / "tendercheck.toml"), reason)


def test_json_report_never_writes_nan(tmp_path: Path) -> None:
    """The last guard: a NaN that slipped past the checks is an error, never invalid JSON."""
    import math

    from tendercheck.report import Report, render
    from tendercheck.runner import CheckSettings, check_paths

    path = tmp_path / "spec.txt"
    path.write_text(TENDER.format(hostile=""), encoding="utf-8")
    analysis, result, _, _ = check_paths([path], CheckSettings(use_cache=False))
    report = Report(analysis=analysis, result=result, generated=None)
    json.loads(render(report, "json"))  # clean values: valid JSON
    next(iter(analysis.facts.values())).value = math.nan
    with pytest.raises(ValueError, match="not JSON compliant"):
        render(report, "json")


def test_unreadable_file_in_a_folder_pack_is_skipped_with_a_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "1 spec.txt").write_text(TENDER.format(hostile=""), encoding="utf-8")
    locked = folder / "2 pricing.txt"
    locked.write_text("Pricing schedule", encoding="utf-8")
    locked.chmod(0)
    before = {p: sha(p) for p in (folder / "1 spec.txt",)}
    if os.geteuid() == 0:  # root reads a chmod 000 file: make opening it fail as it would
        real_open = Path.open

        def guarded_open(self, *args, **kwargs):
            if self == locked:
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", guarded_open)
    try:
        result = run("inspect", str(folder))
    finally:
        locked.chmod(0o644)
    assert result.exit_code == 0, result.output
    assert "2 pricing.txt: error: permission denied" in result.stdout
    assert "1 document(s)" in result.stdout
    assert {p: sha(p) for p in before} == before


# --- 5. Ctrl-C: one line, exit 130, no worker tracebacks ----------------------------------------


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):  # a thread that ended since the listing
            out += [int(c) for c in (task / "children").read_text().split()]
    return out


def _descendants(pid: int) -> list[int]:
    found = []
    with contextlib.suppress(OSError):
        for child in _children(pid):
            found += [child, *_descendants(child)]
    return found


def _maps(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return ""


def _state(pid: int) -> str:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        wchan = Path(f"/proc/{pid}/wchan").read_text()
        return f"{stat} {wchan} {Path(f'/proc/{pid}/syscall').read_text().split()[:1]}"
    except OSError:
        return "gone"


def _running(pid: int) -> bool:
    """Alive and not a zombie."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


# Where a run is, read from outside through /proc, with no hook in the product: the folder's
# files are read in worker processes forked before spaCy is imported; spaCy (numpy first) is
# then loaded in the CLI's own process, with no worker alive; sentences, extractors and rules
# are then built in workers forked with spaCy in memory.
# ``batch`` checks each pack in a worker of its own ("workers": any worker alive).
def _in_phase(pid: int, phase: str) -> bool:
    children = _children(pid)
    if phase == "workers":
        return bool(children)
    parent = _maps(pid)
    if phase == "loading":
        return not children and "/numpy/" in parent
    spacy = [c for c in children if "/spacy/" in _maps(c)]
    if phase == "analysis":
        return bool(spacy)
    assert phase == "reading", phase
    return bool(children) and not spacy and "/spacy/" not in parent


def _ctrl_c_answered() -> None:
    """In the child, before the CLI starts: Ctrl-C as a terminal's foreground job has it. A job
    started in the background by a shell without job control (a CI script's ``cmd &``) inherits
    SIGINT ignored, and Python then never raises KeyboardInterrupt: the press would be lost."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _interrupt_mid_run(
    args: list[str], cwd: Path, phase: str
) -> tuple[subprocess.CompletedProcess, float, list[int]]:
    """Run the CLI in its own process group; when it reaches ``phase``, stop the group
    (SIGSTOP), check the phase again while nothing moves, press Ctrl-C (SIGINT to the whole
    group, as a terminal does) and let it go on (SIGCONT): the interrupt lands exactly in that
    phase, however busy the machine. Returns the run, how long it took to stop after the
    press, and the processes it had then."""
    # PYTHONFAULTHANDLER: a run that does not stop is sent SIGABRT, which prints where each of
    # its processes was.
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONFAULTHANDLER": "1"}
    env.pop("TENDERCHECK_DEBUG", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "tendercheck", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=_ctrl_c_answered,
    )
    try:
        deadline = time.monotonic() + 60
        pressed = None
        while time.monotonic() < deadline and proc.poll() is None:
            if _in_phase(proc.pid, phase):
                os.killpg(proc.pid, signal.SIGSTOP)
                if _in_phase(proc.pid, phase):  # still, now that nothing runs
                    processes = [proc.pid, *_descendants(proc.pid)]
                    os.killpg(proc.pid, signal.SIGINT)  # held until the group goes on
                    pressed = time.monotonic()
                    os.killpg(proc.pid, signal.SIGCONT)
                    break
                os.killpg(proc.pid, signal.SIGCONT)  # it moved on meanwhile: look again
            time.sleep(0.001)
        assert pressed is not None, f"the run never reached the {phase} phase"
        try:
            stdout, stderr = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            states = {pid: _state(pid) for pid in [proc.pid, *_descendants(proc.pid), *processes]}
            os.killpg(proc.pid, signal.SIGABRT)
            stdout, stderr = proc.communicate(timeout=30)
            pytest.fail(f"did not stop: {states}\n{stderr[-6000:]}")
        stopped_after = time.monotonic() - pressed
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
    return (
        subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr),
        stopped_after,
        processes,
    )


def _long_tender(n: int) -> str:
    clauses = [
        f"{i}. The contractor must clean the offices at site {i} every weekday, keep records of "
        f"the work and report to the contract manager by 10 June 2026. Bidders must hold "
        f"public liability insurance of £{i} million and a minimum annual turnover of £5,000,000."
        for i in range(1, 250)
    ]
    return f"Specification part {n}\n\n" + "\n\n".join(clauses) + "\n"


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
@pytest.mark.parametrize(
    ("command", "phase"),
    [
        ("folder", "reading"),  # workers reading the files
        ("folder", "loading"),  # spaCy being imported and its pipeline built, no worker
        ("folder", "analysis"),  # workers building sentences, running extractors or rules
        ("file", "loading"),  # one file, --jobs 1: no worker at any time
        ("batch", "workers"),  # batch workers checking packs
    ],
)
def test_ctrl_c_prints_one_line_and_exits_130(tmp_path: Path, command: str, phase: str) -> None:
    folder = tmp_path / "tenders"
    folder.mkdir()
    for n in range(12 if phase == "reading" else 4):  # enough files to be caught reading
        (folder / f"{n} spec.txt").write_text(_long_tender(n), encoding="utf-8")
    before = hashes(folder)
    out = tmp_path / "out" / "report.txt"
    out.parent.mkdir()
    if command == "folder":
        args = [str(folder), "-f", "text", "-o", str(out), "--no-cache", "--jobs", "2"]
    elif command == "file":
        args = [str(folder / "0 spec.txt"), "-f", "text", "-o", str(out), "--no-cache",
                "--jobs", "1"]  # fmt: skip
    else:
        args = ["batch", str(folder), "--summary", str(out.with_suffix(".csv")), "--no-cache",
                "--jobs", "2"]  # fmt: skip
    done, stopped_after, processes = _interrupt_mid_run(args, tmp_path, phase)
    assert done.returncode == 130, (done.returncode, done.stderr[-3000:])
    assert done.stderr.splitlines() == ["tendercheck: interrupted"], done.stderr[-3000:]
    assert stopped_after < 3, stopped_after  # workers are stopped, not waited for
    assert "Traceback" not in done.stdout
    assert not [pid for pid in processes if _running(pid)]  # no worker left behind
    assert hashes(folder) == before
    assert list(out.parent.iterdir()) == []  # no report, whole or partial, no temporary file


# --- 6. a zip with two members of the same name is refused ---------------------------------------


def _zip_with_duplicates(entries: list[tuple[str, bytes]]) -> bytes:
    import warnings

    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile warns: "Duplicate name"
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in entries:
                zf.writestr(name, data)
    return buf.getvalue()


def test_zip_with_two_members_of_the_same_name_is_refused(tmp_path: Path) -> None:
    demanding = make_docx_bytes([("Heading 1", "Specification"), (None, TENDER.format(hostile=""))])
    harmless = make_docx_bytes([("Heading 1", "Specification"), (None, "We need cleaning.")])
    path = tmp_path / "pack.zip"
    path.write_bytes(_zip_with_duplicates([("spec.docx", demanding), ("spec.docx", harmless)]))
    before = hashes(tmp_path)
    result = run(str(path), "--annotate", "-f", "json", "--no-cache")
    assert_one_line_error(result, str(path), "two entries named 'spec.docx'")
    assert hashes(tmp_path) == before  # no report, no annotated copy
    # One level down, the inner zip is skipped with the reason and the rest is read.
    outer = tmp_path / "outer.zip"
    with zipfile.ZipFile(outer, "w") as zf:
        zf.writestr("1 itt.docx", demanding)
        zf.writestr("annexes.zip", path.read_bytes())
    result = run("inspect", str(outer))
    assert result.exit_code == 0, result.output
    assert "annexes.zip: error: zip holds two entries named 'spec.docx'" in result.stdout


# --- 7. a legacy .doc from a zip goes to a private temporary folder, removed even on error -------


def test_legacy_doc_in_a_zip_is_converted_in_a_private_folder_removed_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "hostile" / "legacy-word-97.doc"
    pack = tmp_path / "pack.zip"
    with zipfile.ZipFile(pack, "w") as zf:
        zf.writestr("1 itt.txt", TENDER.format(hostile=""))
        zf.writestr("2 old-spec.doc", fixture.read_bytes())
    before = hashes(tmp_path)
    # A stand-in for LibreOffice that records where it was asked to work, then fails.
    log = tmp_path / "soffice.log"
    fake = tmp_path / "bin" / "soffice"
    fake.parent.mkdir()
    fake.write_text(
        "#!/bin/sh\n"
        "for last; do :; done\n"  # the .doc is the last argument
        f'stat -c "%a %u" "$(dirname "$last")" > "{log}"\n'
        f'echo "$last" >> "{log}"\n'
        "exit 1\n",
        encoding="utf-8",
    )
    fake.chmod(0o755)
    temp_root = tmp_path / "tmp"
    temp_root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp_root))
    monkeypatch.setattr("tendercheck.documents.legacy.find_soffice", lambda: str(fake))
    result = run("inspect", str(pack))
    assert result.exit_code == 0, result.output
    assert "2 old-spec.doc: error: LibreOffice could not convert the .doc" in result.stdout
    mode, owner = log.read_text().split("\n")[0].split()
    folder = Path(log.read_text().split("\n")[1]).parent
    assert mode == "700" and int(owner) == os.geteuid()  # private to this user
    assert folder.parent == temp_root
    assert not folder.exists() and list(temp_root.iterdir()) == []  # removed, even on error
    log.unlink()
    fake.unlink()
    fake.parent.rmdir()
    temp_root.rmdir()
    assert hashes(tmp_path) == before


# --- 8. the DTD guard reads the whole prolog, in the part's own encoding --------------------------


BILLION_LAUGHS = (
    '<!DOCTYPE w:document [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
              for i in range(1, 10))
    + "]>"
)  # fmt: skip
BODY = (
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
)


def _limited() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (1024**3, 1024**3))


@pytest.mark.parametrize(
    ("prolog", "encoding"),
    [
        ('<?xml version="1.0" encoding="UTF-8"?>\n<!--' + "x" * 10_240 + "-->", "utf-8"),
        ('\ufeff<?xml version="1.0" encoding="UTF-16"?>\n<!--' + "x" * 10_240 + "-->", "utf-16-le"),
        ('\ufeff<?xml version="1.0" encoding="UTF-16"?><!--' + "x" * 3_000 + "-->", "utf-16-be"),
        ('<?xml version="1.0"?><?tendercheck ' + "y" * 70_000 + "?>\n<!-- -->", "utf-8"),
    ],
    ids=["utf8-10kb-comment", "utf16le-bom-10kb-comment", "utf16be-bom-6kb", "70kb-pi"],
)
def test_dtd_after_a_long_prolog_is_refused(tmp_path: Path, prolog: str, encoding: str) -> None:
    part = (prolog + BILLION_LAUGHS + BODY).encode(encoding)
    path = tmp_path / "spec.docx"
    path.write_bytes(docx_with({}))
    with zipfile.ZipFile(path) as src:
        parts = {i.filename: src.read(i) for i in src.infolist()}
    parts["word/document.xml"] = part
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    before = sha(path)
    done = subprocess.run(
        [sys.executable, "-m", "tendercheck", "inspect", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_limited,
        cwd=tmp_path,
    )
    lines = done.stderr.splitlines()
    assert done.returncode == 2, (done.returncode, done.stderr[-2000:])
    assert len(lines) == 1, lines
    assert str(path) in lines[0]
    assert "part word/document.xml declares a DTD or XML entities" in lines[0]
    assert sha(path) == before
