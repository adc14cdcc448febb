"""The parts of a .docx package: main document, styles, numbering and saved statistics."""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass

from lxml import etree

from tendercheck.documents.docx_xml import REL, STRICT_WNS, WNS, W, to_int
from tendercheck.documents.limits import Limits
from tendercheck.documents.safety import read_member
from tendercheck.errors import InputError


def safe_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True
    )


def corrupt(name: str, detail: str) -> InputError:
    return InputError(name, f"the .docx is corrupt or incomplete ({detail})")


def _find_member(zf: zipfile.ZipFile, path: str) -> zipfile.ZipInfo | None:
    path = path.lstrip("/")
    try:
        return zf.getinfo(path)
    except KeyError:
        lower = path.lower()
        for info in zf.infolist():
            if info.filename.lower() == lower:
                return info
    return None


def _parse_member(
    zf: zipfile.ZipFile, path: str, name: str, limits: Limits, required: bool = False
) -> etree._Element | None:
    info = _find_member(zf, path)
    if info is None:
        if required:
            raise corrupt(name, f"{path} is missing")
        return None
    data = read_member(zf, info, name, limits)
    if STRICT_WNS in data[:4096]:  # ISO strict documents: same vocabulary, other namespace
        data = data.replace(STRICT_WNS, WNS.encode())
    try:
        return etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as exc:
        raise corrupt(name, f"{info.filename}: {exc}") from exc


def _relationships(zf: zipfile.ZipFile, source: str, name: str, limits: Limits) -> dict[str, str]:
    """Relationship type (last path segment, e.g. "styles") -> part path, for one source part."""
    folder, base = posixpath.split(source)
    root = _parse_member(zf, posixpath.join(folder, "_rels", base + ".rels"), name, limits)
    out: dict[str, str] = {}
    if root is None:
        return out
    for rel in root.iter(REL):
        if rel.get("TargetMode") == "External":
            continue
        rtype = (rel.get("Type") or "").rsplit("/", 1)[-1]
        target = rel.get("Target") or ""
        if target and rtype not in out:
            out[rtype] = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(folder, target))
            )
    return out


@dataclass
class Parts:
    document: etree._Element
    styles: etree._Element | None
    numbering: etree._Element | None
    saved_pages: int | None  # page and word counts the authoring application saved
    saved_words: int | None


def load_parts(zf: zipfile.ZipFile, name: str, limits: Limits) -> Parts:
    """The main document, styles, numbering and extended-properties parts."""
    package = _relationships(zf, "", name, limits)
    main = package.get("officeDocument")
    if main is None or _find_member(zf, main) is None:
        main = "word/document.xml" if _find_member(zf, "word/document.xml") else None
    if main is None:
        if _find_member(zf, "xl/workbook.xml") or _find_member(zf, "ppt/presentation.xml"):
            raise InputError(name, "the file is an Excel or PowerPoint file, not a Word document")
        raise InputError(name, "the file is a zip but not a Word document (no word/document.xml)")
    root = _parse_member(zf, main, name, limits, required=True)
    if root is None or root.tag != W + "document":
        raise InputError(name, f"the file is not a Word document ({main} is not a document part)")
    rels = _relationships(zf, main, name, limits)
    folder = posixpath.dirname(main)
    styles = _parse_member(
        zf, rels.get("styles", posixpath.join(folder, "styles.xml")), name, limits
    )
    numbering = _parse_member(
        zf, rels.get("numbering", posixpath.join(folder, "numbering.xml")), name, limits
    )
    pages = words = None
    try:
        app = _parse_member(
            zf, package.get("extended-properties", "docProps/app.xml"), name, limits
        )
    except InputError:
        app = None  # statistics are a nicety; a broken app.xml is not a broken document
    if app is not None:
        for el in app:
            local = etree.QName(el).localname if isinstance(el.tag, str) else ""
            if local == "Pages":
                pages = to_int((el.text or "").strip())
            elif local == "Words":
                words = to_int((el.text or "").strip())
    return Parts(root, styles, numbering, pages, words)
