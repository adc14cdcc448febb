"""Issue 16: the same file always gives the same report, however busy the machine is; and the
start-up and rule-check speed-ups keep behaviour (timings themselves live in bench/)."""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tendercheck.cli import main
from tendercheck.documents.limits import DEFAULT_LIMITS, Limits
from tendercheck.documents.pdf_reader import read_pdf

# ---------------------------------------------------------------------------------------------
# Deterministic PDF tables
# ---------------------------------------------------------------------------------------------

PAGES = 30


def ruled_tables_pdf(pages: int = PAGES) -> bytes:
    """A PDF with one ruled table (a grid of thin lines) on every page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    styles = getSampleStyleSheet()
    story = []
    for page in range(1, pages + 1):
        story.append(Paragraph(f"Section {page}: questions for suppliers", styles["Heading2"]))
        rows = [["Question", "Answer required", "Weighting"]]
        rows += [
            [f"Q{page}.{k} Describe your approach to item {k}.", "Free text", f"{k * 5}%"]
            for k in range(1, 5)
        ]
        table = Table(rows)
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")]))
        story += [table, PageBreak()]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, invariant=1).build(story)
    return out.getvalue()


class _SlowClock:
    """time.monotonic / perf_counter as on a very busy machine: a second passes per call."""

    def __init__(self) -> None:
        self.ticks = itertools.count()
        self.base = time.monotonic()

    def __call__(self) -> float:
        return self.base + float(next(self.ticks))


def _blocks(doc) -> list[dict]:
    return [b.to_dict() for b in doc.blocks]


def test_pdf_tables_do_not_depend_on_machine_load(monkeypatch: pytest.MonkeyPatch) -> None:
    data = ruled_tables_pdf()
    calm = read_pdf(data, "tables.pdf", DEFAULT_LIMITS)
    assert len(calm.tables) >= PAGES - 1  # a table on every page (some may join across pages)
    assert calm.notes == []
    clock = _SlowClock()
    monkeypatch.setattr(time, "monotonic", clock)
    monkeypatch.setattr(time, "perf_counter", clock)
    # PDFium reads in a forked process of its own; here in this one, so that the count below
    # covers its pass too
    import tendercheck.documents.pdf_reader as pdf_reader

    monkeypatch.setattr(pdf_reader, "run_isolated", lambda func, *args, memory=None: func(*args))
    busy = read_pdf(data, "tables.pdf", DEFAULT_LIMITS)
    assert next(clock.ticks) == 0  # reading a PDF never looks at the clock (no time limit)
    assert _blocks(busy) == _blocks(calm)
    assert busy.notes == calm.notes == []


def test_same_report_on_a_busy_machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "tables.pdf"
    path.write_bytes(ruled_tables_pdf())
    before = hashlib.sha256(path.read_bytes()).hexdigest()

    def report(name: str) -> dict:
        out = tmp_path / name
        result = CliRunner().invoke(
            main, [str(path), "-f", "json", "-o", str(out), "--no-cache", "--jobs", "1"]
        )
        assert result.exit_code in (0, 1), result.output
        data = json.loads(out.read_text(encoding="utf-8"))
        data.pop("generated", None)
        return data

    calm = report("calm.json")
    monkeypatch.setattr(time, "monotonic", _SlowClock())
    busy = report("busy.json")
    assert busy == calm
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_table_cell_limits_are_noted_not_timed() -> None:
    data = ruled_tables_pdf(4)
    few = read_pdf(data, "tables.pdf", Limits(max_pdf_table_cells=20))
    # 15 cells a table: the first fits, the rest are read as text, and the report says so
    assert len(few.tables) == 1
    assert few.notes == [
        "table structure is read for at most 20 cells of a PDF; tables on pages 2, 3, 4 were "
        "read as text"
    ]
    assert "Q3.2 Describe your approach to item 2." in few.text
    short = read_pdf(data, "tables.pdf", Limits(max_table_cell_chars=5))
    assert all(len(cell) <= 5 for t in short.tables for row in t.rows for cell in row)
    assert short.notes == [
        "table cells longer than 5 characters were cut short on pages 1, 2, 3, 4"
    ]
