"""Paragraph and character styles of a .docx, with basedOn chains resolved."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from tendercheck import lazyre
from tendercheck.documents.docx_xml import PPR, RPR, SPACING, VAL, W, is_on, to_int, toggle
from tendercheck.documents.office_text import first_given

_HEADING_STYLE = lazyre.compile(r"^heading\s*([1-9])$")
_TOC_STYLE = lazyre.compile(r"^(toc|contents|table of (contents|figures)|index)\b")


def paragraph_spacing(sp: etree._Element | None) -> tuple[float | None, float | None, float | None]:
    """(before, after) in points and the line factor from a w:spacing, None where unset."""
    if sp is None:
        return None, None, None
    before = to_int(sp.get(W + "before"))
    after = to_int(sp.get(W + "after"))
    if is_on(sp.get(W + "beforeAutospacing")):
        before = 280
    if is_on(sp.get(W + "afterAutospacing")):
        after = 280
    line = to_int(sp.get(W + "line"))
    factor = None
    if line is not None and line > 0 and (sp.get(W + "lineRule") or "auto") == "auto":
        factor = min(line / 240, 4.0)
    return (
        before / 20 if before is not None else None,
        after / 20 if after is not None else None,
        factor,
    )


@dataclass
class _RawStyle:
    name: str
    based_on: str | None
    outline: int | None = None
    num_id: str | None = None
    ilvl: int | None = None
    bold: bool | None = None
    caps: bool | None = None
    break_before: bool | None = None
    size: float | None = None
    before: float | None = None
    after: float | None = None
    line: float | None = None


@dataclass
class StyleInfo:
    """A paragraph style with its basedOn chain resolved."""

    style_id: str
    name: str = ""
    heading: int | None = None  # 1-9 from the style name or an outline level
    named: bool = False  # the level comes from a built-in heading style (Heading N, Title)
    toc: bool = False
    caption: bool = False
    num_id: str | None = None
    ilvl: int | None = None
    bold: bool = False
    caps: bool = False
    break_before: bool = False
    size: float = 11.0
    before: float = 0.0
    after: float = 0.0
    line: float = 1.0


class Styles:
    def __init__(self, root: etree._Element | None):
        self.raw: dict[str, _RawStyle] = {}
        self.default_para: str | None = None
        self.resolved: dict[str | None, StyleInfo] = {}
        self.defaults = _RawStyle(name="", based_on=None, size=10.0)
        if root is None:
            return
        docdefaults = root.find(W + "docDefaults")
        if docdefaults is not None:
            rpr = docdefaults.find(f"{W}rPrDefault/{RPR}")
            ppr = docdefaults.find(f"{W}pPrDefault/{PPR}")
            d = self.defaults
            if rpr is not None:
                d.bold = toggle(rpr.find(W + "b"))
                d.size = font_size(rpr) or d.size
            if ppr is not None:
                d.before, d.after, d.line = paragraph_spacing(ppr.find(SPACING))
        for st in root.iter(W + "style"):
            sid = st.get(W + "styleId")
            if not sid:
                continue
            name_el = st.find(W + "name")
            based = st.find(W + "basedOn")
            ppr = st.find(PPR)
            rpr = st.find(RPR)
            raw = _RawStyle(
                name=((name_el.get(VAL) if name_el is not None else None) or sid),
                based_on=based.get(VAL) if based is not None else None,
            )
            if ppr is not None:
                ol = ppr.find(W + "outlineLvl")
                if ol is not None:
                    raw.outline = to_int(ol.get(VAL))
                num = ppr.find(W + "numPr")
                if num is not None:
                    nid = num.find(W + "numId")
                    lvl = num.find(W + "ilvl")
                    raw.num_id = nid.get(VAL) if nid is not None else None
                    raw.ilvl = to_int(lvl.get(VAL)) if lvl is not None else None
                raw.break_before = toggle(ppr.find(W + "pageBreakBefore"))
                raw.before, raw.after, raw.line = paragraph_spacing(ppr.find(SPACING))
            if rpr is not None:
                raw.bold = toggle(rpr.find(W + "b"))
                raw.caps = toggle(rpr.find(W + "caps"))
                raw.size = font_size(rpr)
            self.raw[sid] = raw
            if (st.get(W + "type") or "paragraph") == "paragraph" and is_on(st.get(W + "default")):
                self.default_para = sid

    def _chain(self, sid: str | None) -> list[_RawStyle]:
        out: list[_RawStyle] = []
        seen: set[str] = set()
        while sid and sid in self.raw and sid not in seen and len(out) < 30:
            seen.add(sid)
            out.append(self.raw[sid])
            sid = self.raw[sid].based_on
        return out

    def para(self, sid: str | None) -> StyleInfo:
        """The resolved paragraph style (the default paragraph style when sid is None/unknown)."""
        if sid not in self.raw:
            sid = self.default_para
        hit = self.resolved.get(sid)
        if hit is not None:
            return hit
        info = StyleInfo(style_id=sid or "")
        chain = self._chain(sid)
        if chain:
            info.name = chain[0].name
            low = info.name.strip().lower()
            info.toc = bool(_TOC_STYLE.match(low))
            info.caption = low == "caption"
        for st in chain:  # the nearest style that says anything about outline decides
            low = st.name.strip().lower()
            named = bool(_HEADING_STYLE.match(low)) or low == "title"
            if st.outline is not None:
                info.heading = st.outline + 1 if 0 <= st.outline < 9 else None
                info.named = named
                break
            m = _HEADING_STYLE.match(low)
            if m or low == "title":
                info.heading = int(m.group(1)) if m else 1
                info.named = True
                break
        if info.toc:
            info.heading = None
        for st in chain:
            if info.num_id is None and st.num_id is not None:
                info.num_id = st.num_id
            if info.ilvl is None and st.ilvl is not None:
                info.ilvl = st.ilvl
        full = [*chain, self.defaults]
        info.bold = bool(first_given(st.bold for st in full))
        info.caps = bool(first_given(st.caps for st in chain))
        info.break_before = bool(first_given(st.break_before for st in chain))
        info.size = first_given(st.size for st in full) or 10.0
        info.before = first_given(st.before for st in full) or 0.0
        info.after = first_given(st.after for st in full) or 0.0
        info.line = first_given(st.line for st in full) or 1.0
        self.resolved[sid] = info
        return info

    def char_flags(self, sid: str) -> tuple[bool | None, bool | None]:
        chain = self._chain(sid)
        return first_given(st.bold for st in chain), first_given(st.caps for st in chain)

    def style_num(self, sid: str) -> str | None:
        st = self.raw.get(sid)
        return st.num_id if st is not None else None


def font_size(rpr: etree._Element) -> float | None:
    sz = rpr.find(W + "sz")
    value = to_int(sz.get(VAL)) if sz is not None else None
    return value / 2 if value and 2 <= value <= 400 else None
