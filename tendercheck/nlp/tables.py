"""Reading a tender's tables by their headers: which column holds the question (or label), its
id, weight, word or page limit, date; which rows are totals; which cells say "not applicable".

The header words are data (tendercheck/data/tables.yaml), shared by every table reader.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tendercheck import lazyre

_FIRST_WINS = ("question", "label", "date")  # of other roles, a later column replaces an earlier
_WHOLE_CELL = ("id",)  # "ID", "Ref": the whole cell, not "Tender reference"


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    """tables.yaml, with each list's phrases lower-cased, longest first."""
    from tendercheck.data import data_yaml

    raw = data_yaml("tables.yaml")
    columns = {
        role: tuple(sorted((str(p).lower() for p in phrases), key=len, reverse=True))
        for role, phrases in raw["columns"].items()
    }
    return {
        "columns": columns,
        "substrings": {
            role: tuple(str(p).lower() for p in subs)
            for role, subs in (raw.get("substrings") or {}).items()
        },
        "percent_headers": tuple(str(p).lower() for p in raw["percent_headers"]),
        "total_rows": _words_re(raw["total_rows"]),
        "not_applicable": frozenset(str(p).lower() for p in raw["not_applicable"]),
        "criterion_types": {
            " ".join(str(p).lower().split()): kind
            for kind, phrases in (raw.get("criterion_types") or {}).items()
            for p in phrases
        },
    }


def _words_re(phrases) -> re.Pattern:
    alts = sorted((re.escape(str(p).lower()) for p in phrases), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])", re.I)


def _contains(cell: str, phrase: str) -> bool:
    if cell == phrase:
        return True
    if phrase not in cell:  # the pattern is the phrase itself, between word edges
        return False
    return re.search(r"(?<![\w-])" + re.escape(phrase) + r"(?![\w-])", cell) is not None


@lru_cache(maxsize=4096)
def cell_role(cell: str) -> str | None:
    """The column a header cell names (a key of ``columns`` in tables.yaml), or None.
    Remembered per cell text: the same headers recur table after table."""
    low = " ".join(cell.lower().split()).strip(" :")
    if not low or len(low) > 60:
        return None
    best: tuple[int, str] | None = None
    for role, phrases in vocabulary()["columns"].items():
        for phrase in phrases:
            if len(phrase) <= (best[0] if best else 0):
                break
            if low == phrase if role in _WHOLE_CELL else _contains(low, phrase):
                best = (len(phrase), role)
                break
    if best:
        return best[1]
    for role, subs in vocabulary()["substrings"].items():
        if any(sub in low for sub in subs):
            return role
    return None


def header(rows: list[list[str]], look: int = 3) -> tuple[int | None, dict[str, int]]:
    """The header row among the first ``look`` rows and its columns ({role: column index}).

    A row is a header when a cell names an id or weight column, or when one names a limit or
    pages column and another the question or label. (None, {}) when no row is."""
    for r, row in enumerate(rows[:look]):
        cols: dict[str, int] = {}
        for i, cell in enumerate(row):
            role = cell_role(cell)
            if role and (role not in cols or role not in _FIRST_WINS):
                cols[role] = i  # several weight columns ("Lot 1 weighting", "Lot 2 …"): the last
        if (
            "id" in cols
            or "weight" in cols
            or (("limit" in cols or "pages" in cols) and ("question" in cols or "label" in cols))
        ):
            return r, cols
    return None, {}


def percent_column(header_cell: str) -> bool:
    """Whether a weight column's header says its figures are percent."""
    low = header_cell.lower()
    return any(p in low for p in vocabulary()["percent_headers"])


def is_total(label: str) -> bool:
    """Whether a row's label makes it a total or sub-total ("Total", "Quality sub-total")."""
    return len(label) < 80 and vocabulary()["total_rows"].search(label) is not None


def criterion_type(cell: str) -> str | None:
    """The kind of award criterion a "type" cell names as a whole ("quality", "cost": price),
    or None."""
    return vocabulary()["criterion_types"].get(" ".join(cell.lower().split()).strip(" .:"))


def not_applicable(cell: str) -> bool:
    return " ".join(cell.lower().split()).strip(" .") in vocabulary()["not_applicable"]


_NUMBER_CELL = lazyre.compile(
    r"^\s*(\d{1,4}(?:\.\d+)?)\s*(%|per ?cent|marks?|points?|pts\.?)?\s*$", re.I
)


def number_cell(cell: str) -> tuple[float, str | None] | None:
    """A weight cell's figure and unit ("%", "marks", None for a bare number), or None."""
    m = _NUMBER_CELL.match(cell)
    if not m:
        return None
    unit = (m.group(2) or "").lower()
    return float(m.group(1)), ("%" if unit.startswith(("%", "per")) else unit or None)
