"""The text of an OCDS notice that the extractors read like a document's: its selection
criteria (``tender.selectionCriteria`` and each lot's), with their minimum levels.

A notice's structured fields (value, dates, lots, suitability) are read as supplied facts in
tendercheck/nlp/supplied.py; what a buyer wrote in words (a minimum turnover, the insurance
levels asked) is only in the criteria's text, so it becomes a document of the pack, one
paragraph per criterion and per minimum, under a heading naming the notice.
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


def notice_document(path: Path) -> Document | None:
    """The selection criteria of the notice at ``path`` as a document, or None when it has
    none (or cannot be read: supplied.notice_facts reports a bad notice first)."""
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
    paragraphs = _criteria_text(tender.get("selectionCriteria"))
    if paragraphs:
        blocks.append(Block(kind="heading", text="Selection criteria", level=1))
        blocks.extend(Block(kind="paragraph", text=p) for p in paragraphs)
    for lot in tender.get("lots") or []:
        if not isinstance(lot, dict):
            continue
        paragraphs = _criteria_text(lot.get("selectionCriteria"))
        if paragraphs:
            title = lot.get("title") if isinstance(lot.get("title"), str) else ""
            name = f"Lot {lot.get('id', '')}".strip() + (f": {title.strip()}" if title else "")
            blocks.append(Block(kind="heading", text=f"Selection criteria, {name}", level=1))
            blocks.extend(Block(kind="paragraph", text=p) for p in paragraphs)
    if not blocks:
        return None
    doc = Document(name=f"{path.name} (selection criteria)", format="json", blocks=blocks)
    doc.path = str(path)
    return doc.finish()
