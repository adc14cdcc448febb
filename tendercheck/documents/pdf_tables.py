"""Table structure of a PDF from pdfplumber, on the pages with ruled grids, within a budget."""

from __future__ import annotations

import io
import time

from tendercheck.documents.limits import Limits
from tendercheck.documents.pdf_page import Page, page_list
from tendercheck.documents.pdf_rules import table_edges
from tendercheck.documents.pdf_text import clean_line, join_line


def extract_tables(
    data: bytes, name: str, pages: list[Page], limits: Limits, deadline: float, notes: list[str]
) -> None:
    flagged = [p for p in pages if p.ruled and p.lines]
    if not flagged:
        return
    try:
        import pdfplumber
    except ImportError:  # pragma: no cover - a dependency, but degrade rather than fail
        notes.append("pdfplumber is not installed: tables were read as text")
        return
    budget_end = min(time.monotonic() + limits.pdf_table_budget_s, deadline)
    done = 0
    failed: list[int] = []
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception:
        notes.append("table structure could not be read (pdfplumber failed): tables read as text")
        return
    try:
        for page in flagged:
            if time.monotonic() > budget_end:
                break
            if page.rotation % 360:
                continue  # pdfplumber and PDFium disagree on rotated page coordinates
            try:
                plumb = pdf.pages[page.number - 1]
            except Exception:
                failed.append(page.number)
                continue
            try:
                settings = None
                if page.rules is not None:
                    h_edges, v_edges = table_edges(page)
                    if len(h_edges) >= 2 and len(v_edges) >= 2:
                        settings = {
                            "vertical_strategy": "explicit",
                            "horizontal_strategy": "explicit",
                            "explicit_vertical_lines": v_edges,
                            "explicit_horizontal_lines": h_edges,
                        }
                page.tables = _plumb_tables(plumb, page, settings)
                if not page.tables and settings is not None:
                    # pdfplumber's own edges (it has already parsed the page: this is cheap)
                    page.tables = _plumb_tables(plumb, page, None)
            except Exception:
                failed.append(page.number)
            finally:
                plumb.close()
            done += 1
    finally:
        pdf.close()
    if done < len(flagged):
        rest = [p.number for p in flagged[done:]]
        notes.append(
            f"the {limits.pdf_table_budget_s:g} s time budget for table structure ran out after "
            f"{done} of {len(flagged)} pages with ruled tables; tables on pages "
            f"{page_list(rest)} were read as text"
        )
    if failed:
        notes.append(f"table structure could not be read on pages {page_list(failed)}")


def _plumb_tables(plumb, page: Page, settings: dict | None) -> list:
    out = []
    for table in plumb.find_tables(settings):
        rows = _clean_rows(table.extract())
        if rows is None:
            continue
        x0, top, x1, bottom = table.bbox
        out.append((page.left + x0, page.top - bottom, page.left + x1, page.top - top, rows))
    return out


def _clean_rows(raw_rows) -> list[list[str]] | None:
    """Normalised cell text; None for 'tables' that are really frames or boxes."""
    rows = []
    for raw in raw_rows:
        row = [_clean_cell(c) for c in raw]
        if any(row):
            rows.append(row)
    if not rows:
        return None
    width = max(len(r) for r in rows)
    used = [i for i in range(width) if any(i < len(r) and r[i] for r in rows)]
    filled = sum(1 for r in rows for c in r if c)
    # two rows of two columns, or one row of three (a table carried over from the last page)
    if len(used) < 2 or filled < 2 or (len(rows) < 2 and len(used) < 3):
        return None
    return [r + [""] * (width - len(r)) for r in rows]


def _clean_cell(cell) -> str:
    if not cell:
        return ""
    parts = [clean_line(p) for p in str(cell).split("\n")]
    text = ""
    for part in parts:
        if not part:
            continue
        text = join_line(text, part, None) if text else part
    return text


# ---------------------------------------------------------------------------------------------
# 5. Blocks
# ---------------------------------------------------------------------------------------------
