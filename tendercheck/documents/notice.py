"""The text of an OCDS notice that the extractors read like a document's: its selection
criteria (``tender.selectionCriteria`` and each lot's), with their minimum levels, and its award
criteria (``tender.awardCriteria`` and each lot's).

A notice's structured fields (value, dates, lots, suitability) are read as supplied facts in
tendercheck/nlp/supplied.py; what a buyer wrote in words (a minimum turnover, the insurance
levels asked) is only in the criteria's text, so it becomes a document of the pack, one
paragraph per criterion and per minimum, under a heading naming the notice. The award criteria
become a table each, as the notice page shows them: a header of the criterion fields (``type |
name | description``) and a row per criterion, under a heading naming the lot; the weightings
extractor reads it by its header (UK publishers give each criterion's weight in its
``description``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tendercheck.documents.model import Block, Document


def releases(data: Any) -> list[dict]:
    """The releases of an OCDS release, release package or record package (compiled releases
    of a record package, else its releases that carry a tender)."""
    if not isinstance(data, dict):
        return []
    if isinstance(data.get("records"), list):
        out = []
        for record in data["records"]:
            if isinstance(record, dict):
                compiled = record.get("compiledRelease")
                if isinstance(compiled, dict):
                    out.append(compiled)
                elif isinstance(record.get("releases"), list):
                    out.extend(
                        r for r in record["releases"] if isinstance(r, dict) and "tender" in r
                    )
        return out
    if isinstance(data.get("releases"), list):
        return [r for r in data["releases"] if isinstance(r, dict)]
    if "ocid" in data and ("tender" in data or "tag" in data):
        return [data]
    return []


def _criteria_text(selection: Any) -> list[str]:
    """The paragraphs of one ``selectionCriteria`` object: each criterion's description, then
    its minimum when it says more; a free-text ``description`` of the whole."""
    if not isinstance(selection, dict):
        return []
    out: list[str] = []
    whole = selection.get("description")
    if isinstance(whole, str) and whole.strip():
        out.append(whole.strip())
    for criterion in selection.get("criteria") or []:
        if not isinstance(criterion, dict):
            continue
        description = criterion.get("description")
        description = description.strip() if isinstance(description, str) else ""
        if description:
            out.append(description)
        minimum = criterion.get("minimum")
        if isinstance(minimum, str) and minimum.strip() and minimum.strip() != description:
            out.append(minimum.strip())
    return out


_AWARD_FIELDS = ("type", "name", "description")


def _award_table(award: Any) -> Block | None:
    """One ``awardCriteria`` object as a table block (None when it lists no criterion with a
    description)."""
    if not isinstance(award, dict):
        return None
    rows = [list(_AWARD_FIELDS)]
    for criterion in award.get("criteria") or []:
        if not isinstance(criterion, dict):
            continue
        row = [criterion.get(k) for k in _AWARD_FIELDS]
        row = [" ".join(v.split()) if isinstance(v, str) else "" for v in row]
        if row[2]:
            rows.append(row)
    if len(rows) < 2:
        return None
    return Block(kind="table", text="\n".join(" | ".join(r) for r in rows), rows=rows)


def _lot_name(lot: dict) -> str:
    title = lot.get("title") if isinstance(lot.get("title"), str) else ""
    return f"Lot {lot.get('id', '')}".strip() + (f": {title.strip()}" if title.strip() else "")


def notice_document(path: Path) -> Document | None:
    """The award and selection criteria of the notice at ``path`` as a document, or None when
    it has none (or cannot be read: supplied.notice_facts reports a bad notice first)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    found = sorted(releases(data), key=lambda r: str(r.get("date") or ""))
    if not found:
        return None
    tender = found[-1].get("tender")  # the latest release, as for the notice's facts
    if not isinstance(tender, dict):
        return None
    blocks: list[Block] = []
    # Award criteria first, each table just after its lot's heading: the weightings extractor
    # takes a table's lot from the few blocks before it.
    table = _award_table(tender.get("awardCriteria"))
    if table is not None:
        blocks += [Block(kind="heading", text="Award criteria", level=1), table]
    for lot in tender.get("lots") or []:
        table = _award_table(lot.get("awardCriteria")) if isinstance(lot, dict) else None
        if table is not None:
            heading = f"Award criteria, {_lot_name(lot)}"
            blocks += [Block(kind="heading", text=heading, level=1), table]
    award = len(blocks)
    paragraphs = _criteria_text(tender.get("selectionCriteria"))
    if paragraphs:
        blocks.append(Block(kind="heading", text="Selection criteria", level=1))
        blocks.extend(Block(kind="paragraph", text=p) for p in paragraphs)
    for lot in tender.get("lots") or []:
        if not isinstance(lot, dict):
            continue
        paragraphs = _criteria_text(lot.get("selectionCriteria"))
        if paragraphs:
            heading = f"Selection criteria, {_lot_name(lot)}"
            blocks.append(Block(kind="heading", text=heading, level=1))
            blocks.extend(Block(kind="paragraph", text=p) for p in paragraphs)
    if not blocks:
        return None
    selection = len(blocks) > award
    what = "award and selection" if award and selection else "award" if award else "selection"
    doc = Document(name=f"{path.name} ({what} criteria)", format="json", blocks=blocks)
    doc.path = str(path)
    return doc.finish()
