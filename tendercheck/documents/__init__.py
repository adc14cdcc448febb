"""read: turn the paths a user gives into a TenderPack.

One public entry point, :func:`read_pack`. A single file that cannot be read raises
:class:`~tendercheck.errors.InputError`; inside a folder or zip a bad file is recorded in
``pack.skipped`` (with ``error=True``) and the rest are read.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tendercheck.documents.limits import DEFAULT_LIMITS, Limits
from tendercheck.documents.model import Block, Document, Skipped, TenderPack
from tendercheck.errors import InputError

__all__ = [
    "Block",
    "Document",
    "InputError",
    "Limits",
    "Skipped",
    "TenderPack",
    "read_document_bytes",
    "read_pack",
]


def read_pack(
    paths: list[str | Path],
    limits: Limits = DEFAULT_LIMITS,
    jobs: int = 1,
    progress: Callable[[str], None] | None = None,
    memo=None,
) -> TenderPack:
    """Read every path (file, folder or zip) into one pack, in the order given; a folder's
    files are read in up to ``jobs`` processes. ``progress`` is told of each file of a folder
    as it is read ("reading 12/73: Attachment 4.docx"). ``memo``, the run's per-document cache
    (tendercheck/doccache.py) or None, answers documents it has kept instead of reading them."""
    from tendercheck.documents.pack import read_path

    pack = TenderPack()
    for path in paths:
        read_path(Path(path), pack, limits, jobs, progress, memo)
    return pack


def read_document_bytes(
    data: bytes, name: str, fmt: str, limits: Limits = DEFAULT_LIMITS
) -> Document:
    """Read one document of a known (sniffed) format from memory."""
    if fmt == "docx":
        from tendercheck.documents.docx_reader import read_docx

        return read_docx(data, name, limits)
    if fmt == "pdf":
        from tendercheck.documents.pdf_reader import read_pdf

        return read_pdf(data, name, limits)
    if fmt in ("md", "txt"):
        from tendercheck.documents.text_reader import read_text

        return read_text(data, name, fmt)
    if fmt == "odt":
        from tendercheck.documents.odt_reader import read_odt

        return read_odt(data, name, limits)
    if fmt == "doc":
        from tendercheck.documents.legacy import read_legacy_doc

        return read_legacy_doc(data, name, limits)
    raise InputError(name, f"unsupported format {fmt!r}")
