"""``-f lines``: one finding a line, ``FILE:PAGE: RULE-ID severity message``, as compilers and
linters print, so an editor (Vim's quickfix, Emacs compile mode, VS Code's problem matchers) can
jump to each. The place is the finding's first quote: its document's path (relative to the
current folder when it is under it), and its page when it has one; in a plain-text document
(.md, .txt), which an editor opens, the line the quote starts on instead. A finding with no
quote is placed at the first input the user gave, with no page. Waived findings are left out.
"""

from __future__ import annotations

import os
import re
from typing import Any

from tendercheck.engine.model import RuleResult
from tendercheck.printable import printable
from tendercheck.report import Report
from tendercheck.report.findings import failing


def render_lines(report: Report) -> str:
    analysis = report.analysis
    documents = {d.name: d for d in analysis.pack.documents}
    first = analysis.pack.inputs[0]["path"] if analysis.pack.inputs else ""
    sources: dict[str, str | None] = {}
    rows = []
    for r in failing(report.result):
        path, page = _place(r, documents, first, sources)
        rows.append((path, page, r.rule.id, _line(path, page, r)))
    rows.sort(key=lambda row: (row[0], row[1], row[2]))
    return "".join(row[3] + "\n" for row in rows)


def _place(
    r: RuleResult, documents: dict[str, Any], first: str, sources: dict[str, str | None]
) -> tuple[str, int]:
    if not r.evidence:
        return _shown_path(first), 0
    ev = r.evidence[0]
    doc = documents.get(ev.document)
    if doc is None:  # a fact given in tender.toml or a notice: that file
        return _shown_path(ev.document), 0
    path = doc.path or doc.name
    if doc.format in ("md", "txt"):
        if path not in sources:
            sources[path] = _source(path)
        return _shown_path(path), _line_of(sources[path], ev.quote)
    return _shown_path(path), max(ev.page, 0)


def _source(path: str) -> str | None:
    """A plain-text document's text as an editor shows it, or None (a zip member, unreadable)."""
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as handle:
            return handle.read()
    except OSError:
        return None


def _line_of(source: str | None, quote: str) -> int:
    """The line of ``source`` where ``quote`` starts (its first words, with any markup or line
    breaks between them), 0 when it cannot be found."""
    words = re.findall(r"\w+", quote)[:6]
    if source is None or not words:
        return 0
    found = re.search(r"\W+".join(map(re.escape, words)), source)
    return source.count("\n", 0, found.start()) + 1 if found else 0


def _shown_path(path: Any) -> str:
    """A path as the user would type it here: relative to the current folder when under it."""
    text = str(path)
    if not text:
        return text
    if "!" in text and not os.path.exists(text):  # a zip member: "pack.zip!Spec.docx"
        head, _, member = text.partition("!")
        return f"{_shown_path(head)}!{member}"
    try:
        relative = os.path.relpath(os.path.abspath(text))
    except ValueError:  # another drive on Windows
        return text
    return text if relative.startswith(os.pardir) else relative


def _line(path: str, page: int, r: RuleResult) -> str:
    where = f"{path}:{page}:" if page else f"{path}:"
    message = " ".join((r.message or r.rule.title).split())
    return printable(f"{where} {r.rule.id} {r.severity} {message}")
