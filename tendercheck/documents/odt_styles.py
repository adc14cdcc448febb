"""Styles of an .odt: paragraph and text styles with parents resolved, tables, page layouts."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from tendercheck import lazyre
from tendercheck.documents.odt_lists import list_levels
from tendercheck.documents.odt_xml import FO, OFFICE, STYLE, TEXT, length_pt, percent
from tendercheck.documents.office_pages import Geometry
from tendercheck.documents.office_text import first_given, xml_count

_HEADING_NAME = lazyre.compile(r"^heading[ _]*(?:20_)?([1-9])$")
_TOC_NAME = lazyre.compile(r"^(toc|contents|table[ _](?:20_)?of[ _](?:20_)?contents|index)")


@dataclass
class _Raw:
    name: str
    display: str
    family: str
    parent: str | None = None
    outline: int | None = None
    bold: bool | None = None
    caps: bool | None = None
    size: float | None = None
    size_pct: float | None = None
    before: float | None = None
    after: float | None = None
    line: float | None = None
    break_before: bool | None = None
    break_after: bool | None = None
    master_page: str | None = None
    width: float | None = None  # columns and tables
    min_height: float | None = None  # rows


@dataclass
class StyleInfo:
    name: str = ""
    heading: int | None = None
    named: bool = False
    toc: bool = False
    bold: bool = False
    caps: bool = False
    size: float = 12.0
    before: float = 0.0
    after: float = 0.0
    line: float = 1.0
    break_before: bool = False
    break_after: bool = False
    master_page: str | None = None


class Styles:
    def __init__(self, *containers: etree._Element | None):
        self.raw: dict[tuple[str, str], _Raw] = {}
        self.defaults: dict[str, _Raw] = {}
        self.resolved: dict[tuple[str, str | None], StyleInfo] = {}
        self.list_styles: dict[str, dict[int, tuple[str, str, str, int, int]]] = {}
        self.outline: dict[int, tuple[str, str, str, int, int]] = {}
        self.page_layouts: dict[str, Geometry] = {}
        self.master_pages: dict[str, str] = {}  # master page -> page layout
        for container in containers:
            if container is not None:
                self._load(container)

    def _load(self, container: etree._Element) -> None:
        for el in container:
            tag = el.tag
            if tag == STYLE + "style":
                raw = self._style(el)
                self.raw[(raw.family, raw.name)] = raw
            elif tag == STYLE + "default-style":
                raw = self._style(el)
                self.defaults[raw.family] = raw
            elif tag == TEXT + "list-style":
                self.list_styles[el.get(STYLE + "name") or ""] = list_levels(el)
            elif tag == TEXT + "outline-style":
                self.outline = list_levels(el)
            elif tag == STYLE + "page-layout":
                props = el.find(STYLE + "page-layout-properties")
                if props is not None:
                    self.page_layouts[el.get(STYLE + "name") or ""] = _page_geometry(props)
            elif tag == STYLE + "master-page":
                self.master_pages[el.get(STYLE + "name") or ""] = (
                    el.get(STYLE + "page-layout-name") or ""
                )
            elif tag in (OFFICE + "styles", OFFICE + "automatic-styles", OFFICE + "master-styles"):
                self._load(el)

    @staticmethod
    def _style(el: etree._Element) -> _Raw:
        name = el.get(STYLE + "name") or ""
        raw = _Raw(
            name=name,
            display=el.get(STYLE + "display-name") or name.replace("_20_", " "),
            family=el.get(STYLE + "family") or "paragraph",
            parent=el.get(STYLE + "parent-style-name"),
            master_page=el.get(STYLE + "master-page-name") or None,
        )
        level = el.get(STYLE + "default-outline-level")
        if xml_count(level) is not None:
            raw.outline = xml_count(level)
        text = el.find(STYLE + "text-properties")
        if text is not None:
            weight = text.get(FO + "font-weight")
            if weight:
                raw.bold = weight == "bold" or (xml_count(weight, 0) >= 600)
            transform = text.get(FO + "text-transform")
            if transform:
                raw.caps = transform == "uppercase"
            variant = text.get(FO + "font-variant")
            if variant == "small-caps":
                raw.caps = True
            size = text.get(FO + "font-size")
            raw.size = length_pt(size)
            raw.size_pct = percent(size)
        para = el.find(STYLE + "paragraph-properties")
        if para is not None:
            raw.before = length_pt(para.get(FO + "margin-top"))
            raw.after = length_pt(para.get(FO + "margin-bottom"))
            raw.line = percent(para.get(FO + "line-height"))
            if para.get(FO + "break-before"):
                raw.break_before = para.get(FO + "break-before") == "page"
            if para.get(FO + "break-after"):
                raw.break_after = para.get(FO + "break-after") == "page"
        table = el.find(STYLE + "table-properties")
        if table is not None:
            raw.width = length_pt(table.get(STYLE + "width"))
            if table.get(FO + "break-before"):
                raw.break_before = table.get(FO + "break-before") == "page"
        column = el.find(STYLE + "table-column-properties")
        if column is not None:
            raw.width = length_pt(column.get(STYLE + "column-width"))
        row = el.find(STYLE + "table-row-properties")
        if row is not None:
            raw.min_height = length_pt(row.get(STYLE + "min-row-height")) or length_pt(
                row.get(STYLE + "row-height")
            )
        return raw

    def chain(self, family: str, name: str | None) -> list[_Raw]:
        out: list[_Raw] = []
        seen: set[str] = set()
        while name and (family, name) in self.raw and name not in seen and len(out) < 30:
            seen.add(name)
            raw = self.raw[(family, name)]
            out.append(raw)
            name = raw.parent
        if family in self.defaults:
            out.append(self.defaults[family])
        return out

    def para(self, name: str | None) -> StyleInfo:
        key = ("paragraph", name)
        hit = self.resolved.get(key)
        if hit is not None:
            return hit
        chain = self.chain("paragraph", name)
        style = StyleInfo(name=chain[0].display if chain else "")
        for raw in chain:
            low = raw.display.strip().lower()
            m = _HEADING_NAME.match(low) or _HEADING_NAME.match(raw.name.lower())
            if _TOC_NAME.match(low) or _TOC_NAME.match(raw.name.lower()):
                style.toc = True
            if style.heading is None and (m or low == "title"):
                style.heading = int(m.group(1)) if m else 1
                style.named = True
            if style.heading is None and raw.outline:
                style.heading = min(raw.outline, 9)
        if style.toc:
            style.heading = None
        style.bold = bool(first_given(r.bold for r in chain))
        style.caps = bool(first_given(r.caps for r in chain))
        size = 12.0
        for raw in reversed(chain):  # from the default style down, percentages apply to parents
            if raw.size:
                size = raw.size
            elif raw.size_pct:
                size *= raw.size_pct
        style.size = size
        style.before = first_given(r.before for r in chain) or 0.0
        style.after = first_given(r.after for r in chain) or 0.0
        style.line = first_given(r.line for r in chain) or 1.0
        style.break_before = bool(first_given(r.break_before for r in chain))
        style.break_after = bool(first_given(r.break_after for r in chain))
        style.master_page = chain[0].master_page if chain else None
        self.resolved[key] = style
        return style

    def text_flags(self, name: str | None) -> tuple[bool | None, bool | None]:
        chain = self.chain("text", name)
        return first_given(r.bold for r in chain), first_given(r.caps for r in chain)

    def table_width(self, name: str | None) -> float | None:
        return first_given(r.width for r in self.chain("table", name))

    def column_width(self, name: str | None) -> float | None:
        return first_given(r.width for r in self.chain("table-column", name))

    def row_height(self, name: str | None) -> float | None:
        return first_given(r.min_height for r in self.chain("table-row", name))

    def table_breaks(self, name: str | None) -> bool:
        return bool(first_given(r.break_before for r in self.chain("table", name)))

    def geometry(self, master_page: str | None = None) -> Geometry:
        if master_page is None:
            master_page = "Standard" if "Standard" in self.master_pages else None
            if master_page is None and self.master_pages:
                master_page = next(iter(self.master_pages))
        layout = self.master_pages.get(master_page or "")
        return self.page_layouts.get(layout or "", Geometry())


def _page_geometry(props: etree._Element) -> Geometry:
    width = length_pt(props.get(FO + "page-width")) or 595.0
    height = length_pt(props.get(FO + "page-height")) or 842.0
    margins = [
        length_pt(props.get(FO + side)) or 0.0
        for side in ("margin-left", "margin-right", "margin-top", "margin-bottom")
    ]
    return Geometry(
        max(72.0, width - margins[0] - margins[1]), max(72.0, height - margins[2] - margins[3])
    )
