"""Record tables: a header row of field names over one row of values ("Published At | Open For |
Expected Contract Length | Contract amount" over "2017-09-20 | 2 weeks | 3 months | 48000.0").

The header names what each cell is, so a cell is read by its column, not by words around it:
the issue date, the contract's start, the term in the cell's own words, the contract's value,
and the closing date worked out from the publication date and how long the opportunity is open
("Open For | 2 weeks"), marked derived with its arithmetic. The field names are data
(tendercheck/data/record_tables.yaml).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from functools import lru_cache

from tendercheck import lazyre
from tendercheck.nlp.clauses import reads
from tendercheck.nlp.extractors import Context, extractor
from tendercheck.nlp.model import Fact, Sentence
from tendercheck.nlp.numbers import NUMBER_WORDS

_OPEN_FOR = lazyre.compile(r"^\s*(\d{1,2}|[a-z]+)\s*(weeks?|days?)\s*$", re.IGNORECASE)
_AMOUNT = lazyre.compile(r"^\s*(?:£\s?|GBP\s?)?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[dict[str, str], float]:
    from tendercheck.data import data_yaml

    raw = data_yaml("record_tables.yaml")
    names = {str(p).lower(): field for field, phrases in raw["fields"].items() for p in phrases}
    return names, float(raw["least_contract_amount"])


def _field(cell: str) -> str | None:
    return _vocabulary()[0].get(" ".join(cell.lower().split()).strip(" :"))


def _one_record_tables(
    sentences: list[Sentence],
) -> Iterator[tuple[list[tuple[str, int]], list[tuple[str, int]], Sentence]]:
    """Each table of exactly a header row and one row of values, as (header cells, value cells,
    the value row's sentence), the cells with their offsets; a list of several records (lots,
    past contracts), a table without a header or rows of unequal widths is none."""
    tables: dict[tuple[int, int], dict[int, Sentence]] = {}
    for sentence in sentences:
        if sentence.kind == "table" and sentence.row >= 0:
            tables.setdefault((sentence.doc_index, sentence.block), {})[sentence.row] = sentence
    for rows in tables.values():
        if sorted(rows) != [0, 1]:
            continue
        head, row = _cells(rows[0].text), _cells(rows[1].text)
        if len(head) == len(row):
            yield head, row, rows[1]


@extractor
def record_tables(ctx: Context) -> Iterator[Fact]:
    for head, row, sentence in _one_record_tables(ctx.sentences):
        fields = {f: i for i, (cell, _) in enumerate(head) if (f := _field(cell))}
        if (
            fields
            and reads("tender_dates", sentence.clause)
            and reads("tender_figures", sentence.clause)
        ):
            # not another procurement's record, a worked example or a template's
            yield from _record(sentence, [c for c, _ in row], row, fields)


def title_cells(sentences: list[Sentence]) -> dict[int, tuple[int, int]]:
    """Where a record's title cell stands, by the id of its row sentence: the cell under a
    title header ("Opportunity") of a one-record table, which names the service bought."""
    out = {}
    for head, row, sentence in _one_record_tables(sentences):
        for i, (cell, _) in enumerate(head):
            if _field(cell) == "title":
                out[id(sentence)] = (row[i][1], row[i][1] + len(row[i][0]))
    return out


_CELL = lazyre.compile(r"(?:^|\|)\s*([^|]*?)\s*(?=\||$)")


def _cells(text: str) -> list[tuple[str, int]]:
    """A row sentence's cells ("a | b | | c"), each with its offset in the text."""
    return [(m.group(1), m.start(1)) for m in _CELL.finditer(text)]


def _cell(sentence: Sentence, cells: list[tuple[str, int]], i: int):
    """The evidence for cell ``i`` of a row sentence."""
    return sentence.evidence(cells[i][0], cells[i][1])


def _record(
    sentence: Sentence, cells: list[str], at: list[tuple[str, int]], fields: dict[str, int]
) -> Iterator[Fact]:
    from tendercheck.nlp.dates import find_dates
    from tendercheck.nlp.extractors.duration import cell_term

    def one_date(field: str) -> dt.date | None:
        if field not in fields:
            return None
        dates = [d for d in find_dates(cells[fields[field]]) if d.date and d.year_stated]
        return dates[0].date if len(dates) == 1 else None

    issued, start = one_date("issue_date"), one_date("contract_start")
    if issued is not None:
        ev = _cell(sentence, at, fields["issue_date"])
        yield Fact("issue_date", issued.isoformat(), evidence=[ev], confidence=0.85,
                   note="the publication date of a record table")  # fmt: skip
        open_for = _open_days(cells[fields["open_for"]]) if "open_for" in fields else None
        if open_for is not None:
            days, said = open_for
            closing = issued + dt.timedelta(days=days)
            yield Fact("submission_deadline", closing.isoformat(), "derived",
                       [ev, _cell(sentence, at, fields["open_for"])], 0.7,
                       note=f"derived: published {issued} and open for {said}, so it closes "
                       f"{closing}")  # fmt: skip
    if start is not None:
        yield Fact("contract_start", start.isoformat(), evidence=[_cell(sentence, at,
                   fields["contract_start"])], confidence=0.8)  # fmt: skip
    if "term" in fields:
        term = cell_term(cells[fields["term"]], start)
        if term is not None:
            months, note = term
            ev = _cell(sentence, at, fields["term"])
            yield Fact("contract_duration_months", months, evidence=[ev], confidence=0.85,
                       note=note)  # fmt: skip
    if "amount" in fields:
        m = _AMOUNT.match(cells[fields["amount"]])
        if m:
            value = float(m.group(1).replace(",", "") + (m.group(2) or ""))
            if value >= _vocabulary()[1]:
                yield Fact("contract_value_total", value if value % 1 else int(value),
                           evidence=[_cell(sentence, at, fields["amount"])], confidence=0.8,
                           note="the contract amount of a record table")  # fmt: skip


def _open_days(cell: str) -> tuple[int, str] | None:
    m = _OPEN_FOR.match(cell)
    if not m:
        return None
    n = int(m.group(1)) if m.group(1).isdigit() else NUMBER_WORDS.get(m.group(1).lower())
    if not n:
        return None
    days = n * 7 if m.group(2).lower().startswith("w") else n
    return days, m.group(0).strip()
