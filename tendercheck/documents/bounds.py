"""Bound the text a document hands on to the analysis: after reading, no block is longer than
``limits.max_block_chars`` (spaCy refuses a text over a million characters and every stage after
it works per block) and no run of punctuation or symbols is longer than
``limits.max_symbol_run`` (a tokenizer peels such a run one mark at a time: 30,000 of them took
78 s). What was cut or split is said in the document's reading notes."""

from __future__ import annotations

import dataclasses
import re

from tendercheck.documents.limits import Limits
from tendercheck.documents.model import Block, Document

_NOTEWORTHY_RUN = 1000


def bound_text(doc: Document, limits: Limits) -> Document:
    run = limits.max_symbol_run
    symbols = re.compile(rf"[^\w\s]{{{run + 1},}}")
    runs = 0

    def shorten(match: re.Match[str]) -> str:
        nonlocal runs
        # dot leaders and signature lines ("…………", "______") are cut without a word; a run
        # long enough to be hostile is said in the notes
        runs += len(match.group()) > _NOTEWORTHY_RUN
        return match.group()[:run] + "…"

    longest = limits.max_block_chars
    blocks: list[Block] = []
    split = 0
    for block in doc.blocks:
        if symbols.search(block.text):
            block.text = symbols.sub(shorten, block.text)
            if block.rows:
                block.rows = [[symbols.sub(lambda m: m.group()[:run] + "…", c) for c in row]
                              for row in block.rows]  # fmt: skip
        if block.rows and any(len(" | ".join(row)) > longest for row in block.rows):
            split += 1
            block.rows = [_fit_row(row, longest) for row in block.rows]
            block.text = "\n".join(" | ".join(row) for row in block.rows)
        if len(block.text) > longest and not block.rows:
            split += 1
            for n, piece in enumerate(_pieces(block.text, longest)):
                kind = block.kind if n == 0 or block.kind != "heading" else "paragraph"
                label = block.label if n == 0 else None
                blocks.append(dataclasses.replace(block, text=piece, kind=kind, label=label))
            continue
        blocks.append(block)
    if runs:
        doc.notes.append(
            f"{runs} run(s) of more than {_NOTEWORTHY_RUN:,} punctuation marks or symbols were "
            f"cut to {run}"
        )
    if split:
        doc.notes.append(
            f"{split} paragraph(s) or table row(s) longer than {longest:,} characters were split"
            " or cut to that length"
        )
        doc.blocks = blocks
        doc.finish()
    return doc


def _pieces(text: str, longest: int) -> list[str]:
    """``text`` in pieces of at most ``longest`` characters, broken at a space where one is."""
    pieces = []
    while len(text) > longest:
        cut = text.rfind(" ", longest // 2, longest)
        cut = cut if cut > 0 else longest
        pieces.append(text[:cut])
        text = text[cut:].lstrip()
    if text:
        pieces.append(text)
    return pieces


def _fit_row(row: list[str], longest: int) -> list[str]:
    if len(" | ".join(row)) <= longest:
        return row
    each = max(1, longest // max(1, len(row)) - 3)
    return [cell if len(cell) <= each else cell[:each] + "…" for cell in row]
