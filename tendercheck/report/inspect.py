"""`tendercheck inspect`: show what the readers made of a pack, for users and developers."""

from __future__ import annotations

import json

from tendercheck.documents.model import Block, Document, TenderPack
from tendercheck.printable import printable as p

_KIND_MARK = {
    "paragraph": "¶",
    "list_item": "•",
    "caption": "cap",
    "table": "TABLE",
    "contents": "…",
}


def render_inspect(pack: TenderPack, fmt: str = "text", show_all: bool = False) -> str:
    if fmt == "json":
        return (
            json.dumps(
                pack.to_dict(with_blocks=True), indent=2, ensure_ascii=False, allow_nan=False
            )
            + "\n"
        )
    lines = [
        f"pack: {len(pack.documents)} document(s), {pack.pages} page(s)"
        + (f", {len(pack.skipped)} file(s) skipped" if pack.skipped else "")
    ]
    for number, doc in enumerate(pack.documents, start=1):
        lines.extend(_document_lines(number, doc, show_all))
    if pack.skipped:
        lines.append("skipped:")
        for item in pack.skipped:
            mark = "error" if item.error else "skipped"
            lines.append(f"    {p(item.name)}: {mark}: {p(item.reason)}")
    return "\n".join(lines) + "\n"


def _document_lines(number: int, doc: Document, show_all: bool) -> list[str]:
    pages = f"{doc.pages} page{'s' if doc.pages != 1 else ''}"
    if doc.pages_estimated:
        pages += " (estimated)"
    out = [f"[{number}] {p(doc.name)}  {doc.format}, {pages}, {doc.word_count} words"]
    out.extend(f"    note: {p(note)}" for note in doc.notes)
    counts: dict[str, int] = {}
    for block in doc.blocks:
        counts[block.kind] = counts.get(block.kind, 0) + 1
        if block.kind == "heading":
            indent = "  " * ((block.level or 1) - 1)
            label = f"{p(block.label)} " if block.label else ""
            out.append(
                f"    p{block.page:<4} H{block.level} {indent}{label}{_clip(block.text, 90)}"
            )
        elif block.kind == "table":
            out.extend(_table_lines(block))
        elif show_all:
            label = f"{p(block.label)} " if block.label else ""
            out.append(f"    p{block.page:<4} {_KIND_MARK[block.kind]:<2} {label}{p(block.text)}")
    summary = ", ".join(
        f"{n} {kind.replace('_', ' ')}{'s' if n != 1 else ''}" for kind, n in sorted(counts.items())
    )
    out.append(f"    ({summary or 'no text'})")
    return out


def _table_lines(block: Block) -> list[str]:
    rows = block.rows or []
    width = max((len(r) for r in rows), default=0)
    out = [f"    p{block.page:<4} TABLE {len(rows)}×{width}"]
    for row in rows:
        out.append("           | " + " | ".join(_clip(c, 40) for c in row))
    return out


def render_clauses(pack: TenderPack, sentences, fmt: str = "text") -> str:
    """Every sentence and table row with its clause (docs/clause-labels.md)."""
    if fmt == "json":
        units = [
            {
                "document": s.document,
                "page": s.page,
                "section": list(s.section),
                "kind": s.kind,
                "text": s.text,
                "clause": s.clause.to_dict() if s.clause else None,
            }
            for s in sentences
        ]
        return json.dumps({"units": units}, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    lines = [
        f"pack: {len(pack.documents)} document(s); {len(sentences)} sentences and table rows",
        "  page part               stage    force        lots    text",
    ]
    current = None
    for s in sentences:
        if s.document != current:
            current = s.document
            procedure = s.clause.procedure if s.clause else "unknown"
            lines.append(f"[{p(s.document)}]  procedure: {procedure}")
        c = s.clause
        if c is None:
            continue
        force = c.force + ("+eq" if c.equivalent else "")
        part = c.part + ("*" if c.other and c.part != "other_procurement" else "")
        lots = ",".join(c.lots) or "all"
        lines.append(
            f"  p{s.page:<4}{part:<18} {c.stage:<8} {force:<12} {_clip(lots, 7):<7} "
            f"{_clip(s.text, 90)}"
        )
    lines.append("(* about another procurement)")
    return "\n".join(lines) + "\n"


def _clip(text: str, limit: int) -> str:
    text = p(" ".join(text.split()))
    return text if len(text) <= limit else text[: limit - 1] + "…"
