"""Small builders shared by tests: real .docx bytes made with python-docx."""

from __future__ import annotations

import io
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def make_docx_bytes(paragraphs: list[tuple[str | None, str]]) -> bytes:
    """A .docx with one paragraph per (style, text); style None means Normal."""
    import docx

    document = docx.Document()
    for style, text in paragraphs:
        document.add_paragraph(text, style=style)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()
