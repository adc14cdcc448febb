"""Read Markdown and plain-text tender notices into a Document.

Markdown: ATX/setext headings, list items, pipe tables. Plain text: paragraphs split on blank
lines, short numbered or capitalised lines as headings. Form feeds mark pages; otherwise pages
are estimated from the word count and marked estimated.
"""

from __future__ import annotations

import re

from tendercheck import lazyre
from tendercheck.documents.model import Block, Document
from tendercheck.errors import InputError

WORDS_PER_PAGE = 500

_ATX = lazyre.compile(r"^(#{1,6})\s+(.*)$")  # the closing #s are stripped after (_atx_title)
_LIST = lazyre.compile(r"^\s*(?:([-*+•])|(\(?[0-9]{1,3}[.)]|\(?[a-z][.)]))\s+(.*)$")
_TABLE_RULE = lazyre.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_NUMBERED_HEADING = lazyre.compile(
    r"^(?:(?:section|part|schedule|annex|appendix)\s+[0-9A-Z]{1,3}\b[.:\s–-]*|[0-9]{1,2}(?:\.[0-9]{1,2})*\.?\s+)(?P<title>\S.*)$",
    re.I,
)


def decode_text(data: bytes, name: str) -> str:
    if data[:3] == b"\xef\xbb\xbf":
        return data[3:].decode("utf-8", "replace")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def read_text(data: bytes, name: str, fmt: str) -> Document:
    text = decode_text(data, name).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(name, "the file is empty")
    pages = text.split("\f")
    doc = Document(name=name, format=fmt)
    for page_no, page_text in enumerate(pages, start=1):
        if fmt == "md":
            doc.blocks.extend(_markdown_blocks(page_text, page_no))
        else:
            doc.blocks.extend(_plain_blocks(page_text, page_no))
    if len(pages) == 1:
        _estimate_pages(doc)
    else:
        doc.pages = len(pages)
    return doc.finish()


def _estimate_pages(doc: Document) -> None:
    words = 0
    for block in doc.blocks:
        block.page = 1 + words // WORDS_PER_PAGE
        words += len(block.text.split())
    doc.pages = max(1, 1 + (words - 1) // WORDS_PER_PAGE) if words else 1
    doc.pages_estimated = True


def _markdown_blocks(text: str, page: int) -> list[Block]:
    blocks: list[Block] = []
    lines = text.split("\n")
    para: list[str] = []
    i = 0

    def flush() -> None:
        if para:
            blocks.append(Block("paragraph", " ".join(s.strip() for s in para), page))
            para.clear()

    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if not stripped:
            flush()
        elif m := _ATX.match(stripped):
            flush()
            blocks.append(Block("heading", _atx_title(m.group(2)), page, level=len(m.group(1))))
        elif stripped and re.fullmatch(r"=+|-+", nxt.strip() or "x") and not para:
            blocks.append(Block("heading", stripped, page, level=1 if nxt.strip()[0] == "=" else 2))
            i += 1
        elif "|" in stripped and _TABLE_RULE.match(nxt):
            flush()
            rows = [_pipe_cells(stripped)]
            i += 2
            while i < len(lines) and "|" in lines[i]:
                rows.append(_pipe_cells(lines[i]))
                i += 1
            blocks.append(_table_block(rows, page))
            continue
        elif m := _LIST.match(line):
            flush()
            label = m.group(2)
            blocks.append(Block("list_item", _strip_md(m.group(3)), page, label=label))
        else:
            para.append(_strip_md(stripped))
        i += 1
    flush()
    return blocks


def _atx_title(text: str) -> str:
    """A heading's text without its closing #s. (A regex "(.*?)\\s*#*\\s*$" did this in time
    cubic in a run of spaces: "# a", 6,000 spaces and "b" took minutes.)"""
    return text.rstrip().rstrip("#").strip()


def _strip_md(text: str) -> str:
    # links; a bracket never crosses another, so a line of 10,000 "[" is not quadratic
    text = re.sub(r"\[([^\[\]]+)\]\([^()]*\)", r"\1", text)
    return re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)


def _pipe_cells(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|"):
        line = line[:-1]
    return [c.strip() for c in line.split("|")]


def _table_block(rows: list[list[str]], page: int) -> Block:
    return Block("table", "\n".join(" | ".join(r) for r in rows), page, rows=rows)


def _plain_blocks(text: str, page: int) -> list[Block]:
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text):
        lines = [ln.strip() for ln in chunk.split("\n") if ln.strip()]
        if not lines:
            continue
        first = lines[0]
        if _is_plain_heading(first):
            blocks.append(Block("heading", first, page, level=_plain_level(first)))
            lines = lines[1:]
            if not lines:
                continue
        if all(_LIST.match(ln) for ln in lines):
            for ln in lines:
                m = _LIST.match(ln)
                assert m is not None
                blocks.append(Block("list_item", m.group(3), page, label=m.group(2)))
        else:
            blocks.append(Block("paragraph", " ".join(lines), page))
    return blocks


def _is_plain_heading(line: str) -> bool:
    words = line.split()
    if (
        not words
        or len(words) > 12
        or (line.endswith((".", ",", ";", ":")) and not line.endswith(":"))
    ):
        return False
    if line.endswith(":") or len(line) < 3:
        return False
    if line.isupper() and any(c.isalpha() for c in line):
        return True
    m = _NUMBERED_HEADING.match(line)
    return bool(m and m.group("title")[:1].isupper() and len(words) <= 10)


def _plain_level(line: str) -> int:
    m = re.match(r"^([0-9]{1,2}(?:\.[0-9]{1,2})*)", line)
    if m:
        return m.group(1).rstrip(".").count(".") + 1
    return 1
