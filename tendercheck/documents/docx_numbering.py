"""List labels of a .docx, counted the way Word numbers its lists."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from tendercheck.documents.docx_styles import Styles
from tendercheck.documents.docx_xml import VAL, W, to_int, toggle
from tendercheck.documents.office_text import BULLET, format_number


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str | None = None
    legal: bool = False
    pstyle: str | None = None


@dataclass
class _Num:
    abstract: str
    overrides: dict[int, int] = field(default_factory=dict)  # level -> startOverride
    levels: dict[int, _Level] = field(default_factory=dict)  # level -> replacement definition


class Numbering:
    """List labels computed by counting, the way Word numbers its lists (best effort)."""

    def __init__(self, root: etree._Element | None, styles: Styles):
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.style_link: dict[str, str] = {}  # abstract -> numbering style it takes levels from
        self.style_owner: dict[str, str] = {}  # numbering style -> abstract that defines it
        self.nums: dict[str, _Num] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        self.styles = styles
        if root is None:
            return
        for ab in root.iter(W + "abstractNum"):
            aid = ab.get(W + "abstractNumId")
            if aid is None:
                continue
            levels = {}
            for el in ab.iter(W + "lvl"):
                idx, lvl = self._level(el)
                if idx is not None:
                    levels[idx] = lvl
            self.abstract[aid] = levels
            link = ab.find(W + "numStyleLink")
            if link is not None and link.get(VAL):
                self.style_link[aid] = link.get(VAL) or ""
            own = ab.find(W + "styleLink")
            if own is not None and own.get(VAL):
                self.style_owner[own.get(VAL) or ""] = aid
        for num in root.iter(W + "num"):
            nid = num.get(W + "numId")
            ab = num.find(W + "abstractNumId")
            if nid is None or ab is None or ab.get(VAL) is None:
                continue
            entry = _Num(abstract=ab.get(VAL) or "")
            for ov in num.iter(W + "lvlOverride"):
                idx = to_int(ov.get(W + "ilvl"))
                if idx is None:
                    continue
                so = ov.find(W + "startOverride")
                start = to_int(so.get(VAL)) if so is not None else None
                if start is not None:
                    entry.overrides[idx] = start
                lvl_el = ov.find(W + "lvl")
                if lvl_el is not None:
                    entry.levels[idx] = self._level(lvl_el)[1]
            self.nums[nid] = entry

    @staticmethod
    def _level(el: etree._Element) -> tuple[int | None, _Level]:
        lvl = _Level()
        start = el.find(W + "start")
        if start is not None:
            lvl.start = to_int(start.get(VAL), 1) or 0
        fmt = el.find(W + "numFmt")
        if fmt is not None and fmt.get(VAL):
            lvl.fmt = fmt.get(VAL) or "decimal"
        text = el.find(W + "lvlText")
        if text is not None:
            lvl.text = text.get(VAL) or ""
        lvl.legal = bool(toggle(el.find(W + "isLgl")))
        ps = el.find(W + "pStyle")
        if ps is not None:
            lvl.pstyle = ps.get(VAL)
        return to_int(el.get(W + "ilvl")), lvl

    def _abstract_for(self, num_id: str) -> str | None:
        num = self.nums.get(num_id)
        if num is None:
            return None
        aid = num.abstract
        for _ in range(5):  # numStyleLink -> numbering style -> its num -> the real abstract
            link = self.style_link.get(aid)
            if link is None:
                break
            if link in self.style_owner:
                aid = self.style_owner[link]
                break
            linked = self.styles.style_num(link)
            if linked is None or linked not in self.nums:
                break
            aid = self.nums[linked].abstract
        return aid if aid in self.abstract else None

    def level_for_style(self, num_id: str, style_id: str) -> int | None:
        aid = self._abstract_for(num_id)
        if aid is None:
            return None
        for idx, lvl in self.abstract[aid].items():
            if lvl.pstyle == style_id:
                return idx
        return None

    def next_label(self, num_id: str, ilvl: int) -> str | None:
        """Advance the list's counter; the label shown ("4.2", "a)", "•"), or None."""
        aid = self._abstract_for(num_id)
        if aid is None:
            return None
        ilvl = max(0, min(ilvl, 8))
        num = self.nums[num_id]
        levels = {**self.abstract[aid], **num.levels}
        counters = self.counters.setdefault(aid, {})
        if num_id not in self.started:  # a list instance with startOverride restarts there
            self.started.add(num_id)
            for idx, start in num.overrides.items():
                counters[idx] = start - 1
                for deeper in [k for k in counters if k > idx]:
                    del counters[deeper]
        lvl = levels.get(ilvl, _Level())
        for above in range(ilvl):  # a level used before its parent counts the parent as started
            if above not in counters:
                counters[above] = levels.get(above, _Level()).start
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else lvl.start
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if lvl.fmt == "bullet":
            return BULLET
        template = lvl.text if lvl.text is not None else f"%{ilvl + 1}."

        def sub(m: re.Match[str]) -> str:
            i = int(m.group(1)) - 1
            ref = levels.get(i, _Level())
            fmt = "decimal" if lvl.legal and i < ilvl else ref.fmt
            return format_number(counters.get(i, ref.start), fmt)

        return re.sub(r"%([1-9])", sub, template).strip() or None
