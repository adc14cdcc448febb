"""Page geometry of a .docx for the page estimate: sections, page sizes, pictures."""

from __future__ import annotations

from lxml import etree

from tendercheck.documents.docx_xml import PPR, SECTPR, TYPE, VAL, WP, P, W, to_int
from tendercheck.documents.office_pages import Geometry


def section_geometry(sect: etree._Element | None) -> Geometry:
    if sect is None:
        return Geometry()
    w, h = 11906, 16838
    top = bottom = left = right = 1440
    size = sect.find(W + "pgSz")
    if size is not None:
        w = to_int(size.get(W + "w"), w) or w
        h = to_int(size.get(W + "h"), h) or h
    mar = sect.find(W + "pgMar")
    if mar is not None:
        top = abs(to_int(mar.get(W + "top"), top) or 0)
        bottom = abs(to_int(mar.get(W + "bottom"), bottom) or 0)
        left = to_int(mar.get(W + "left"), left) or 0
        right = to_int(mar.get(W + "right"), right) or 0
    width = max(72.0, (w - left - right) / 20)
    height = max(72.0, (h - top - bottom) / 20)
    cols = sect.find(W + "cols")
    num = to_int(cols.get(W + "num"), 1) if cols is not None else 1
    if num and 1 < num <= 6:
        width, height = width / num, height * num
    return Geometry(width, height)


def picture_height(el: etree._Element, page_height: float) -> float:
    """Points of page a picture takes (inline or wrapped pictures; floating ones take none)."""
    for holder in el.iter(WP + "inline", WP + "anchor"):
        if holder.tag == WP + "anchor" and (
            holder.find(WP + "wrapNone") is not None or holder.get("behindDoc") == "1"
        ):
            return 0.0
        extent = holder.find(WP + "extent")
        if extent is not None:
            cy = to_int(extent.get("cy"), 0) or 0
            return min(max(cy / 12700, 0.0), page_height)
        break
    return 0.0


def section_type(sect: etree._Element) -> str:
    kind = sect.find(TYPE)
    return (kind.get(VAL) if kind is not None else None) or "nextPage"


def sections_of(body: etree._Element) -> list[etree._Element]:
    """Section properties in document order: those ending sections inside the body (in a
    paragraph's pPr), then the body's own, which describes the last section."""
    out = [
        s
        for s in body.iter(SECTPR)
        if s.getparent().tag == PPR and s.getparent().getparent().tag == P
    ]
    final = body.find(SECTPR)
    if final is not None:
        out.append(final)
    return out
