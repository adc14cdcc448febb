"""Decide what a file is from its first bytes (and its zip directory), not from its name."""

from __future__ import annotations

import zipfile
from typing import BinaryIO

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office (.doc/.xls) and encrypted OOXML
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")

# Formats we do not read but recognise, so a pack can say what it skipped and why.
NOT_READ = {
    "xlsx": "spreadsheet (.xlsx) is not read: tendercheck reads .docx, .pdf, .odt, .md and .txt",
    "xls": "legacy spreadsheet (.xls) is not read",
    "pptx": "presentation (.pptx) is not read",
    "ods": "spreadsheet (.ods) is not read",
    "odp": "presentation (.odp) is not read",
    "image": "image file is not read (no text layer)",
    "binary": "not a document tendercheck reads",
    "data": "data file (.json, .csv, .xml) is not a tender document; give an OCDS notice with "
    "--notice FILE",
}

DATA_EXTENSIONS = (".json", ".csv", ".tsv", ".xml", ".yaml", ".yml")

TEXT_EXTENSIONS = {".md": "md", ".markdown": "md", ".txt": "txt", ".text": "txt"}


def sniff_bytes(head: bytes, name: str) -> str:
    """Return the format for a file whose first bytes are ``head``.

    Answers: pdf, zip (to look inside), ole (legacy Office or encrypted OOXML), md, txt,
    image, binary, empty. Zip-based formats are refined by :func:`sniff_zip`.
    """
    if not head:
        return "empty"
    if head[:4] in ZIP_MAGICS:  # first: a stored zip may hold a PDF's bytes near its start
        return "zip"
    if head.lstrip(b"\xef\xbb\xbf\r\n\t ")[:5] == b"%PDF-" or b"%PDF-" in head[:1024]:
        return "pdf"
    if head[:8] == OLE_MAGIC:
        return "ole"
    if (
        head[:3] == b"\xff\xd8\xff"
        or head[:8] == b"\x89PNG\r\n\x1a\n"
        or head[:4]
        in (
            b"II*\x00",
            b"MM\x00*",
        )
    ):
        return "image"
    if head[:5] == b"{\\rtf":
        return "rtf"
    if _looks_like_text(head):
        lower = name.lower()
        if lower.endswith(DATA_EXTENSIONS):
            return "data"
        for ext, fmt in TEXT_EXTENSIONS.items():
            if lower.endswith(ext):
                return fmt
        return "txt"
    return "binary"


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        # UTF-16 text has NULs; we only accept it with a BOM.
        return head[:2] in (b"\xff\xfe", b"\xfe\xff")
    try:
        head.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 4:  # a multibyte char cut by the sniff window
            return True
    try:
        text = head.decode("cp1252")
    except UnicodeDecodeError:
        return False
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
    return printable / max(1, len(text)) > 0.95


def sniff_zip(zf: zipfile.ZipFile) -> str:
    """Tell an OOXML / ODF document from a plain zip of files, by the members it holds."""
    names = set(zf.namelist())
    if "[Content_Types].xml" in names:
        if any(n.startswith("word/") for n in names):
            return "docx"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        if any(n.startswith("ppt/") for n in names):
            return "pptx"
        return "binary"
    if "mimetype" in names:
        try:
            with zf.open("mimetype") as fh:  # its head only, whatever size it declares
                mime = fh.read(100).decode("ascii", "replace").strip()
        except (KeyError, zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError):
            mime = ""
        if mime == "application/vnd.oasis.opendocument.text":
            return "odt"
        if mime == "application/vnd.oasis.opendocument.spreadsheet":
            return "ods"
        if mime == "application/vnd.oasis.opendocument.presentation":
            return "odp"
    return "zip"


def read_head(stream: BinaryIO, size: int = 4096) -> bytes:
    return stream.read(size)
