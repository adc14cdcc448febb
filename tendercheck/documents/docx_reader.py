"""Read a .docx into a Document: blocks in body order, heading levels, list labels, pages.

The WordprocessingML parts are parsed with lxml directly, through a safe parser (no entities,
no network, no huge trees), after :func:`open_office_zip` has checked the container. python-docx's
object layer is not used: it is several times slower on big documents and knows nothing of text
boxes, content controls, fields or tracked changes, which all matter here.

What is read, in document order:
- body paragraphs and tables, including those wrapped in content controls (``w:sdt``) and
  custom XML; a table nested in a cell is flattened into that cell's text;
- runs, hyperlinks, smart tags, inserted text (``w:ins``) and the displayed result of fields;
  deleted text, field instructions and hidden text are skipped;
- text boxes once (the ``mc:Choice`` of an ``mc:AlternateContent``, never its Fallback); at body
  level each text-box paragraph becomes a block of its own, before its anchor paragraph.

Headings come from paragraph styles (``Heading 1``..``9``, ``Title``) and outline levels,
following ``basedOn``; those that read like body text are demoted. Short bold or capitalised
numbered lines ("4 Specification", "SCHEDULE 4 – SPECIFICATION") are headings by a conservative
heuristic. Table-of-contents entries are never headings.

Pages: Word saves ``w:lastRenderedPageBreak`` where its layout put each page break; when the
document has them they are used with the explicit breaks (a rendered break that follows an
explicit one with nothing between is the same break). Without them, explicit breaks split the
document and any stretch longer than a page is estimated from a rough layout (section page size,
font sizes, spacing, table column widths, pictures), and ``Document.pages_estimated`` is set.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import posixpath
import re
import time
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from tendercheck.documents.limits import Limits
from tendercheck.documents.model import Block, Document
from tendercheck.documents.safety import open_office_zip, read_member
from tendercheck.errors import InputError

_WNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_STRICT_WNS = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
W = "{" + _WNS + "}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"

_P, _R, _T, _TBL, _TR, _TC = W + "p", W + "r", W + "t", W + "tbl", W + "tr", W + "tc"
_PPR, _RPR, _TCPR, _TRPR = W + "pPr", W + "rPr", W + "tcPr", W + "trPr"
_SDT, _SDTCONTENT, _SDTPR = W + "sdt", W + "sdtContent", W + "sdtPr"
_CUSTOMXML, _HYPERLINK, _FLDSIMPLE = W + "customXml", W + "hyperlink", W + "fldSimple"
_FLDCHAR, _INSTR, _TAB, _PTAB = W + "fldChar", W + "instrText", W + "tab", W + "ptab"
_BR, _CR, _SYM, _NBHYPHEN = W + "br", W + "cr", W + "sym", W + "noBreakHyphen"
_LRPB = W + "lastRenderedPageBreak"
_PSTYLE, _NUMPR, _OUTLINE, _SPACING = W + "pStyle", W + "numPr", W + "outlineLvl", W + "spacing"
_PAGEBREAKBEFORE = W + "pageBreakBefore"
_DRAWING, _PICT, _OBJECT = W + "drawing", W + "pict", W + "object"
_TXBX, _ALTCHUNK, _SECTPR = W + "txbxContent", W + "altChunk", W + "sectPr"
_ALTCONTENT, _CHOICE, _FALLBACK = MC + "AlternateContent", MC + "Choice", MC + "Fallback"
_VAL, _TYPE, _ANCHOR = W + "val", W + "type", W + "anchor"
_BODY_WRAPPERS = frozenset((_CUSTOMXML, W + "ins", W + "moveTo"))

# Children of paragraphs (or of their wrappers) that never hold displayed text.
_SKIP_INLINE = frozenset(
    W + t
    for t in (
        "pPr", "rPr", "del", "moveFrom", "bookmarkStart", "bookmarkEnd", "proofErr",
        "commentRangeStart", "commentRangeEnd", "permStart", "permEnd", "sdtPr", "sdtEndPr",
        "customXmlPr", "fldData",
    )
) | {_FALLBACK}  # fmt: skip

_FALSE = {"0", "false", "off", "none"}

_HEADING_STYLE = re.compile(r"^heading\s*([1-9])$")
_TOC_STYLE = re.compile(r"^(toc|contents|table of (contents|figures)|index)\b")


class Budget:
    """Raise InputError when reading a document takes longer than the limit allows."""

    def __init__(self, name: str, seconds: float):
        self.name = name
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self.ticks = 0

    def tick(self) -> None:
        self.ticks += 1
        if self.ticks & 255 == 0 and time.monotonic() > self.deadline:
            raise InputError(
                self.name, f"reading took longer than the {self.seconds:.0f} s limit; gave up"
            )


# ----------------------------------------------------------------------------------------------
# Text helpers shared with the ODT reader

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_LABEL_RE = re.compile(
    r"""^[ \u00a0]*(?P<label>
        \d{1,3}(?:\.\d{1,3})+\.?                       # 3.1  3.1.2  1.1.
      | \d{1,3}[.)]                                    # 4.  4)
      | \(\d{1,3}\) | \([a-z]{1,2}\) | [a-z]\)         # (1) (a) a)
      | \([ivxlc]{1,6}\) | [ivxlc]{1,6}\)             # (iv) iv)
      | \d{1,3}(?=[ \u00a0]*\t)                        # 4<tab>
    )(?P<sep>[ \t\u00a0]+|(?=[A-Z]))(?=\S)""",
    re.X,
)
_SPACE_NUMBER_RE = re.compile(r"^[ \u00a0]*(?P<label>\d{1,2})[ \u00a0]+(?=[A-Z])")
_KEYWORD_NUMBER_RE = re.compile(
    r"^(schedule|section|part|annex|appendix|chapter)\s+(\d{1,3}[a-z]?|[ivx]{1,5}|[a-z])\b",
    re.I,
)
_MONTHS = re.compile(r"^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.I)
_LIST_END = re.compile(r"[;,]\s*(and|or|and/or)$", re.I)
_DECIMAL_LABEL = re.compile(r"^\d{1,3}(?:\.\d{1,3})*\.?$")


def squeeze(raw: str) -> str:
    """Collapse runs of spaces and tabs, keeping every line (for measuring height)."""
    return _SPACES.sub(" ", raw).strip(" ")


def clean_text(raw: str) -> str:
    """Collapse runs of spaces and tabs, keep line breaks (without empty lines), strip."""
    if "\n" not in raw:
        return _SPACES.sub(" ", raw).strip()
    lines = (_SPACES.sub(" ", line).strip() for line in raw.split("\n"))
    return "\n".join(line for line in lines if line)


def split_literal_label(raw: str, heading_candidate: bool = False) -> tuple[str | None, str]:
    """("3.1.2", rest) when the paragraph text starts with a typed clause or list number.

    A digit label followed by a space must be followed by a capital, so "1.5 million" is not a
    label; a bare "4 " counts only for short bold or capitalised lines (``heading_candidate``),
    and never before a month ("18 October").
    """
    m = _LABEL_RE.match(raw)
    if m:
        label, sep = m.group("label"), m.group("sep")
        rest = raw[m.end() :]
        if (
            label[0].isdigit()
            and "\t" not in sep
            and not (rest[:1].isupper() or rest[:1] in "(“\"‘'[")
        ):
            return None, raw
        return label, rest
    if heading_candidate:
        m = _SPACE_NUMBER_RE.match(raw)
        if m and not _MONTHS.match(raw[m.end() :]):
            return m.group("label"), raw[m.end() :]
    return None, raw


def label_depth(label: str | None) -> int | None:
    """1 for "4" / "4.", 2 for "3.1", None for labels that are not decimal clause numbers."""
    if not label or not _DECIMAL_LABEL.match(label):
        return None
    return min(label.rstrip(".").count(".") + 1, 9)


def _upper(text: str, caps: bool) -> bool:
    return caps or (text.upper() == text and sum(c.isalpha() for c in text) >= 2)


def _sentence_case(text: str) -> bool:
    """Mostly lower-case words, as in a sentence (not "Social Value - Applicable to all lots")."""
    words = [w for w in text.split() if w[:1].isalpha()]
    capitals = sum(1 for w in words if w[0].isupper())
    return capitals < 0.34 * len(words)


def heading_plausible(
    text: str, words: int, named: bool, bold: bool, caps: bool, label: str | None
) -> bool:
    """Whether a paragraph that a style or outline level calls a heading reads like one.

    Templates put body clauses in outline-level styles ("Level 2" clauses of 40 words) and
    heading styles ("2.1 The Supplier grants the Buyer a licence on the terms set out in..."),
    and set outline levels on form lines ("Signed by"). A built-in heading style (``named``) is
    trusted unless the text reads as a sentence or a list entry; an outline level alone needs
    a short line that is also bold, capitalised or numbered like "5.1".
    """
    if words == 0 or text[0].islower() or text[-1] in ";," or _LIST_END.search(text):
        return False
    if not any(c.isalpha() for c in text):
        return False
    if text.startswith("[") and text.endswith("]"):
        return False  # a template placeholder such as "[Insert Timetable]"
    ends_sentence = text[-1] in ".:"
    if ends_sentence and label and not label_depth(label) and label != BULLET:
        return False  # "(e) Paragraph 11.1." is a list entry
    if named:
        if words > 25 or (ends_sentence and words > 10):
            return False
        return not (ends_sentence and words > 5 and _sentence_case(text))
    if words > 12 or ends_sentence:
        return False
    return bold or _upper(text, caps) or (label_depth(label) or 0) >= 2


def heuristic_heading(
    text: str, words: int, label: str | None, bold: bool, caps: bool
) -> int | None:
    """Level for a short bold or capitalised numbered line; 0 for an unnumbered line in bold
    capitals (one level below the last heading); None for anything else."""
    if words == 0 or words > 12 or text[-1] in ".;," or text[0].islower():
        return None
    upper = _upper(text, caps)
    if not (bold or upper):
        return None
    depth = label_depth(label)
    if depth:
        return depth
    keyword = _KEYWORD_NUMBER_RE.match(text)
    if keyword and (upper or keyword.group(1).lower() not in ("annex", "appendix")):
        return 1
    if bold and upper and words <= 8 and label is None and text[-1] != ":":
        return 0
    return None


# ----------------------------------------------------------------------------------------------
# Pages


class PageTracker:
    """Page breaks and the space content takes, while a document is walked; then page numbers.

    Counted breaks split the document into segments. Each block records (segment, space used in
    the segment before it), space in pages. A segment fuller than a page is split by estimate
    (when the document carries rendered breaks, only one that is clearly more than a page).
    """

    def __init__(self, rendered: bool):
        self.rendered = rendered  # the document carries layout-rendered page breaks
        self.segment = 0
        self.used = 0.0  # pages used so far in the current segment
        self.content = False  # something visible since the last counted break
        self.seg_used: list[float] = []
        self.breaks = 0

    def page_break(self) -> None:
        """A hard or rendered break. Breaks with nothing visible between them are one break."""
        if not self.content:
            return
        self.seg_used.append(self.used)
        self.segment += 1
        self.breaks += 1
        self.used = 0.0
        self.content = False

    def position(self) -> tuple[int, float]:
        return self.segment, self.used

    def add(self, pages: float, since: int | None = None) -> None:
        """Count space used; content that began in segment ``since`` (and ran over breaks
        since) is spread evenly over the segments it spans."""
        if since is None or since >= self.segment:
            self.used += pages
            return
        since = max(since, 0)
        share = pages / (self.segment - since + 1)
        for i in range(since, self.segment):
            self.seg_used[i] += share
        self.used += share

    def snapshot(self) -> tuple:
        return self.segment, self.used, self.content, self.breaks, len(self.seg_used)

    def restore(self, snap: tuple, tail: list[float] | None = None) -> None:
        self.segment, self.used, self.content, self.breaks, n = snap
        del self.seg_used[n:]
        if tail:
            self.seg_used.extend(tail)

    def resolve(
        self, positions: list[tuple[int, float]], scale: float = 1.0
    ) -> tuple[list[int], int, int]:
        """Page per position, the total, and how many of those pages were estimated.

        Without rendered breaks a segment over a page takes as many pages as its content fills.
        With them, only a segment well over a page is split (Word writes no rendered break
        where a page starts without a run of text, as in a table of empty rows), into about as
        many pages as it fills. ``scale`` stretches the estimate (to match a known total).
        """
        segments = [*self.seg_used, self.used]
        starts: list[int] = []
        sizes: list[int] = []
        page = 1
        added = 0
        for used in segments:
            used *= scale
            if self.rendered:
                size = max(2, round(used)) if used > 1.75 else 1
            elif self.breaks == 0 or used > 1.05:
                size = max(1, math.ceil(used - 0.05))
            else:
                size = 1
            starts.append(page)
            sizes.append(size)
            added += size - 1
            page += size
        total = max(1, page - 1)
        pages = []
        for seg, before in positions:
            offset = min(int(before * scale), sizes[seg] - 1) if sizes[seg] > 1 else 0
            pages.append(starts[seg] + offset)
        if self.breaks == 0:
            added = total
        return pages, total, added

    def fit(
        self, positions: list[tuple[int, float]], known_total: int | None
    ) -> tuple[list[int], int, bool]:
        """Page per position, total pages and whether they are estimated, calibrated to the
        page count the authoring application saved (``known_total``) when there is one."""
        pages, total, added = self.resolve(positions)
        stretch = known_total and (added or self.breaks == 0 or known_total > total)
        if known_total and known_total != total and stretch:
            lo, hi = 0.3, 3.0
            best = (abs(total - known_total), pages, total, added)
            for _ in range(30):  # totals grow with the scale: bisect towards the known one
                mid = (lo + hi) / 2
                p, t, a = self.resolve(positions, mid)
                if abs(t - known_total) < best[0]:
                    best = (abs(t - known_total), p, t, a)
                if t == known_total:
                    break
                lo, hi = (mid, hi) if t < known_total else (lo, mid)
            _, pages, total, added = best
        estimated = self.breaks == 0 or added > 0.1 * total
        return pages, total, estimated


# Layout estimate: an average character is CHAR_WIDTH of the font size wide, a line is
# LINE_HEIGHT of it tall (before the paragraph's own line spacing).
CHAR_WIDTH = 0.5
LINE_HEIGHT = 1.15
CELL_PADDING_PT = 5.0


def text_height(text: str, width_pt: float, size_pt: float, line: float = 1.0) -> float:
    """Points of height a text takes set in a column ``width_pt`` wide."""
    per_line = max(4.0, width_pt / (size_pt * CHAR_WIDTH))
    lines = sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))
    return lines * size_pt * LINE_HEIGHT * line


@dataclass(frozen=True)
class Geometry:
    """The text area of a page, in points."""

    width: float = 451.0  # A4 with 1 inch margins
    height: float = 698.0


def _geometry(sect: etree._Element | None) -> Geometry:
    if sect is None:
        return Geometry()
    w, h = 11906, 16838
    top = bottom = left = right = 1440
    size = sect.find(W + "pgSz")
    if size is not None:
        w = _int(size.get(W + "w"), w) or w
        h = _int(size.get(W + "h"), h) or h
    mar = sect.find(W + "pgMar")
    if mar is not None:
        top = abs(_int(mar.get(W + "top"), top) or 0)
        bottom = abs(_int(mar.get(W + "bottom"), bottom) or 0)
        left = _int(mar.get(W + "left"), left) or 0
        right = _int(mar.get(W + "right"), right) or 0
    width = max(72.0, (w - left - right) / 20)
    height = max(72.0, (h - top - bottom) / 20)
    cols = sect.find(W + "cols")
    num = _int(cols.get(W + "num"), 1) if cols is not None else 1
    if num and 1 < num <= 6:
        width, height = width / num, height * num
    return Geometry(width, height)


# ----------------------------------------------------------------------------------------------
# Package parts


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True
    )


def _corrupt(name: str, detail: str) -> InputError:
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
            raise _corrupt(name, f"{path} is missing")
        return None
    data = read_member(zf, info, name, limits)
    if _STRICT_WNS in data[:4096]:  # ISO strict documents: same vocabulary, other namespace
        data = data.replace(_STRICT_WNS, _WNS.encode())
    try:
        return etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise _corrupt(name, f"{info.filename}: {exc}") from exc


def _relationships(zf: zipfile.ZipFile, source: str, name: str, limits: Limits) -> dict[str, str]:
    """Relationship type (last path segment, e.g. "styles") -> part path, for one source part."""
    folder, base = posixpath.split(source)
    root = _parse_member(zf, posixpath.join(folder, "_rels", base + ".rels"), name, limits)
    out: dict[str, str] = {}
    if root is None:
        return out
    for rel in root.iter(_REL):
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
class _Parts:
    document: etree._Element
    styles: etree._Element | None
    numbering: etree._Element | None
    saved_pages: int | None  # page and word counts the authoring application saved
    saved_words: int | None


def _load_parts(zf: zipfile.ZipFile, name: str, limits: Limits) -> _Parts:
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
                pages = _int((el.text or "").strip())
            elif local == "Words":
                words = _int((el.text or "").strip())
    return _Parts(root, styles, numbering, pages, words)


# ----------------------------------------------------------------------------------------------
# Styles


def _on(el: etree._Element | None) -> bool | None:
    """A toggle property (w:b, w:caps...): None when absent."""
    if el is None:
        return None
    return (el.get(_VAL) or "1").lower() not in _FALSE


def _int(value: str | None, default: int | None = None) -> int | None:
    try:
        return int(value) if value is not None else default
    except ValueError:
        try:
            return round(float(value))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return default


def _first(values):
    for v in values:
        if v is not None:
            return v
    return None


def _spacing(sp: etree._Element | None) -> tuple[float | None, float | None, float | None]:
    """(before, after) in points and the line factor from a w:spacing, None where unset."""
    if sp is None:
        return None, None, None
    before = _int(sp.get(W + "before"))
    after = _int(sp.get(W + "after"))
    if _on_attr(sp.get(W + "beforeAutospacing")):
        before = 280
    if _on_attr(sp.get(W + "afterAutospacing")):
        after = 280
    line = _int(sp.get(W + "line"))
    factor = None
    if line is not None and line > 0 and (sp.get(W + "lineRule") or "auto") == "auto":
        factor = min(line / 240, 4.0)
    return (
        before / 20 if before is not None else None,
        after / 20 if after is not None else None,
        factor,
    )


def _on_attr(value: str | None) -> bool:
    return value is not None and value.lower() not in _FALSE


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


class _Styles:
    def __init__(self, root: etree._Element | None):
        self.raw: dict[str, _RawStyle] = {}
        self.default_para: str | None = None
        self.resolved: dict[str | None, StyleInfo] = {}
        self.defaults = _RawStyle(name="", based_on=None, size=10.0)
        if root is None:
            return
        docdefaults = root.find(W + "docDefaults")
        if docdefaults is not None:
            rpr = docdefaults.find(f"{W}rPrDefault/{_RPR}")
            ppr = docdefaults.find(f"{W}pPrDefault/{_PPR}")
            d = self.defaults
            if rpr is not None:
                d.bold = _on(rpr.find(W + "b"))
                d.size = _size(rpr) or d.size
            if ppr is not None:
                d.before, d.after, d.line = _spacing(ppr.find(_SPACING))
        for st in root.iter(W + "style"):
            sid = st.get(W + "styleId")
            if not sid:
                continue
            name_el = st.find(W + "name")
            based = st.find(W + "basedOn")
            ppr = st.find(_PPR)
            rpr = st.find(_RPR)
            raw = _RawStyle(
                name=((name_el.get(_VAL) if name_el is not None else None) or sid),
                based_on=based.get(_VAL) if based is not None else None,
            )
            if ppr is not None:
                ol = ppr.find(W + "outlineLvl")
                if ol is not None:
                    raw.outline = _int(ol.get(_VAL))
                num = ppr.find(W + "numPr")
                if num is not None:
                    nid = num.find(W + "numId")
                    lvl = num.find(W + "ilvl")
                    raw.num_id = nid.get(_VAL) if nid is not None else None
                    raw.ilvl = _int(lvl.get(_VAL)) if lvl is not None else None
                raw.break_before = _on(ppr.find(W + "pageBreakBefore"))
                raw.before, raw.after, raw.line = _spacing(ppr.find(_SPACING))
            if rpr is not None:
                raw.bold = _on(rpr.find(W + "b"))
                raw.caps = _on(rpr.find(W + "caps"))
                raw.size = _size(rpr)
            self.raw[sid] = raw
            if (st.get(W + "type") or "paragraph") == "paragraph" and _on_attr(
                st.get(W + "default")
            ):
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
        info.bold = bool(_first(st.bold for st in full))
        info.caps = bool(_first(st.caps for st in chain))
        info.break_before = bool(_first(st.break_before for st in chain))
        info.size = _first(st.size for st in full) or 10.0
        info.before = _first(st.before for st in full) or 0.0
        info.after = _first(st.after for st in full) or 0.0
        info.line = _first(st.line for st in full) or 1.0
        self.resolved[sid] = info
        return info

    def char_flags(self, sid: str) -> tuple[bool | None, bool | None]:
        chain = self._chain(sid)
        return _first(st.bold for st in chain), _first(st.caps for st in chain)

    def style_num(self, sid: str) -> str | None:
        st = self.raw.get(sid)
        return st.num_id if st is not None else None


def _size(rpr: etree._Element) -> float | None:
    sz = rpr.find(W + "sz")
    value = _int(sz.get(_VAL)) if sz is not None else None
    return value / 2 if value and 2 <= value <= 400 else None


# ----------------------------------------------------------------------------------------------
# Numbering


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


BULLET = "•"


class _Numbering:
    """List labels computed by counting, the way Word numbers its lists (best effort)."""

    def __init__(self, root: etree._Element | None, styles: _Styles):
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
            if link is not None and link.get(_VAL):
                self.style_link[aid] = link.get(_VAL) or ""
            own = ab.find(W + "styleLink")
            if own is not None and own.get(_VAL):
                self.style_owner[own.get(_VAL) or ""] = aid
        for num in root.iter(W + "num"):
            nid = num.get(W + "numId")
            ab = num.find(W + "abstractNumId")
            if nid is None or ab is None or ab.get(_VAL) is None:
                continue
            entry = _Num(abstract=ab.get(_VAL) or "")
            for ov in num.iter(W + "lvlOverride"):
                idx = _int(ov.get(W + "ilvl"))
                if idx is None:
                    continue
                so = ov.find(W + "startOverride")
                start = _int(so.get(_VAL)) if so is not None else None
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
            lvl.start = _int(start.get(_VAL), 1) or 0
        fmt = el.find(W + "numFmt")
        if fmt is not None and fmt.get(_VAL):
            lvl.fmt = fmt.get(_VAL) or "decimal"
        text = el.find(W + "lvlText")
        if text is not None:
            lvl.text = text.get(_VAL) or ""
        lvl.legal = bool(_on(el.find(W + "isLgl")))
        ps = el.find(W + "pStyle")
        if ps is not None:
            lvl.pstyle = ps.get(_VAL)
        return _int(el.get(W + "ilvl")), lvl

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


_ROMAN = [
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
]  # fmt: skip


def format_number(value: int, fmt: str) -> str:
    """A list counter in one of Word's number formats (unknown formats fall back to decimal)."""
    if fmt in ("lowerLetter", "upperLetter"):
        if not 0 < value <= 780:  # "zz...": Word repeats the letter, at most 30 times here
            return str(value)
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        if not 0 < value < 4000:
            return str(value)
        out, n = "", value
        for amount, numeral in _ROMAN:
            while n >= amount:
                out += numeral
                n -= amount
        return out.upper() if fmt == "upperRoman" else out
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt == "ordinal":
        tens = 10 <= value % 100 <= 20
        suffix = "th" if tens else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
        return f"{value}{suffix}"
    if fmt in ("none", "bullet"):
        return ""
    return str(value)


# ----------------------------------------------------------------------------------------------
# The walk


class _Field:
    __slots__ = ("instr", "result", "toc")

    def __init__(self) -> None:
        self.instr: list[str] = []
        self.result = False
        self.toc = False


class _Para:
    """What one paragraph yields while its runs are walked."""

    __slots__ = (
        "bold",
        "caps",
        "extra",
        "has_text",
        "inline",
        "parts",
        "pos",
        "size",
        "style",
        "toc",
    )

    def __init__(self, style: StyleInfo, inline: bool):
        self.parts: list[str] = []
        self.style = style
        self.inline = inline  # text boxes go into this paragraph's text (table cells)
        self.bold = True
        self.caps = True
        self.has_text = False
        self.toc = False
        self.size: float | None = None  # font size of the first visible run
        self.extra = 0.0  # points of pictures
        self.pos: tuple[int, float] | None = None


class _Anchor:
    """A table waiting for its first content, to learn the page it starts on."""

    __slots__ = ("pos",)

    def __init__(self) -> None:
        self.pos: tuple[int, float] | None = None


class _Walker:
    def __init__(
        self,
        styles: _Styles,
        numbering: _Numbering,
        pages: PageTracker,
        sections: list[etree._Element],
        budget: Budget,
    ):
        self.styles = styles
        self.numbering = numbering
        self.pages = pages
        self.budget = budget
        self.sections = sections  # kept alive: lxml element identity lasts while referenced
        self.section_index = {id(s): i for i, s in enumerate(sections)}
        self.geometries = [_geometry(s) for s in sections] or [Geometry()]
        self.new_page = {  # paragraph sectPr after which the next section starts a page
            id(cur)
            for cur, nxt in itertools.pairwise(sections)
            if _section_type(nxt) in ("nextPage", "oddPage", "evenPage")
        }
        self.geom = self.geometries[0]
        self.items: list[tuple[Block, tuple[int, float]]] = []
        self.fields: list[_Field] = []
        self.hidden = False  # inside a field's instructions
        self.toc_field = False  # inside the result of a TOC field
        self.toc_sdt = 0
        self.txbx_depth = 0
        self.waiting: list[_Para | _Anchor] = []
        self.last_level = 0  # level of the last styled or numbered heading
        self.notes: set[str] = set()
        self.spaced_styles: dict[tuple, StyleInfo] = {}
        self.style_use: dict[str, list[int]] = {}  # heading style -> [paragraphs, demoted]
        self.punctuated: str | None = None
        self.punctuated_headings: list[tuple[Block, str]] = []

    # -- containers ----------------------------------------------------------------------------

    def body(self, container: etree._Element) -> None:
        for child in container:
            tag = child.tag
            if tag == _P:
                self.paragraph(child)
            elif tag == _TBL:
                self.table(child)
            elif tag == _SDT:
                content = child.find(_SDTCONTENT)
                if content is not None:
                    toc = _is_toc_sdt(child)
                    self.toc_sdt += toc
                    self.body(content)
                    self.toc_sdt -= toc
            elif tag in _BODY_WRAPPERS:
                self.body(child)
            elif tag == _ALTCONTENT:
                chosen = _choose(child)
                if chosen is not None:
                    self.body(chosen)
            elif tag == _ALTCHUNK:
                self.notes.add("embedded (altChunk) content was not read")

    # -- paragraphs ----------------------------------------------------------------------------

    def paragraph(self, p: etree._Element) -> None:
        self.budget.tick()
        para, num_label, outline, sect = self.walk_paragraph(p, inline=False)
        since = para.pos[0] if para.pos is not None else None
        raw = "".join(para.parts)
        text = clean_text(raw)
        if not text or para.pos is None:
            self.pages.add(self.height(para, "") / self.geom.height, since)
            self._end_paragraph(sect)
            return
        self.punctuated = None
        kind, level, label, text = self.classify(para, raw, text, num_label, outline)
        block = Block(kind=kind, text=text, level=level, label=label)  # type: ignore[arg-type]
        if self.punctuated is not None and kind == "heading":
            self.punctuated_headings.append((block, self.punctuated))
        self.items.append((block, para.pos))
        self.pages.add(self.height(para, text) / self.geom.height, since)
        self._end_paragraph(sect)

    def classify(
        self, para: _Para, raw: str, text: str, num_label: str | None, outline: int | None
    ) -> tuple[str, int | None, str | None, str]:
        """(kind, level, label, text) of a body paragraph."""
        style = para.style
        if style.toc or ((para.toc or self.toc_sdt > 0) and not style.heading):
            return "paragraph", None, None, text  # a table-of-contents entry
        words = len(text.split())
        if outline is None:
            level, named = style.heading, style.named
        else:
            level = outline + 1 if outline < 9 else None
            named = style.named and style.heading == level
        label = num_label
        if not label:
            emphatic = para.bold or para.caps or text.upper() == text
            lit, rest = split_literal_label(raw, heading_candidate=words <= 12 and emphatic)
            if lit is not None and clean_text(rest):
                label, text = lit, clean_text(rest)
                words = len(text.split())
        plain = label if label != BULLET else None
        if level is not None:
            stats = self.style_use.setdefault(style.style_id, [0, 0])
            stats[0] += 1
            if not heading_plausible(text, words, named, para.bold, para.caps, plain):
                level = None
                stats[1] += 1
            elif text[-1] in ".:":
                self.punctuated = style.style_id
        if level is None:
            guess = heuristic_heading(text, words, plain, para.bold, para.caps)
            if guess is not None:
                level = guess or min(9, self.last_level + 1)
                if guess:
                    self.last_level = guess
        else:
            self.last_level = level
        if level is not None:
            return "heading", level, plain, text.replace("\n", " ")
        if label is not None:
            return "list_item", None, label, text
        return ("caption" if style.caption else "paragraph"), None, None, text

    def review_heading_styles(self) -> None:
        """Demote punctuated "headings" ("The Supplier must:") in a heading style the document
        mostly uses for clauses (CCS contracts number every clause in Heading 2)."""
        for block, style_id in self.punctuated_headings:
            total, demoted = self.style_use.get(style_id, (0, 0))
            if demoted * 2 > total:
                block.kind = "list_item" if block.label else "paragraph"
                block.level = None

    def height(self, para: _Para, text: str, width: float | None = None) -> float:
        """Points a paragraph takes, roughly."""
        style = para.style
        size = para.size or style.size
        body = text_height(text, width or self.geom.width, size, style.line) if text else 0.0
        if not text and not para.extra:
            body = size * LINE_HEIGHT * style.line
        return body + para.extra + style.before + style.after

    def spaced(self, style: StyleInfo, spacing: etree._Element) -> StyleInfo:
        """The style with a paragraph's own spacing (cached: few combinations recur)."""
        before, after, line = _spacing(spacing)
        if before is None and after is None and line is None:
            return style
        key = (style.style_id, before, after, line)
        hit = self.spaced_styles.get(key)
        if hit is None:
            hit = dataclasses.replace(
                style,
                before=style.before if before is None else before,
                after=style.after if after is None else after,
                line=style.line if line is None else line,
            )
            self.spaced_styles[key] = hit
        return hit

    def _end_paragraph(self, sect: etree._Element | None) -> None:
        if any(not f.result for f in self.fields):  # instructions never span paragraphs
            self.fields = [f for f in self.fields if f.result]
            self._field_state()
        if sect is not None and id(sect) in self.section_index:
            if id(sect) in self.new_page and self.txbx_depth == 0:
                self.pages.page_break()
            nxt = self.section_index[id(sect)] + 1
            self.geom = self.geometries[min(nxt, len(self.geometries) - 1)]

    def walk_paragraph(
        self, p: etree._Element, inline: bool
    ) -> tuple[_Para, str | None, int | None, etree._Element | None]:
        """Walk one paragraph's runs: its text parts, list label, outline level and sectPr."""
        ppr = p.find(_PPR)
        sid = num_id = None
        ilvl = outline = None
        sect = spacing = None
        break_before = None
        if ppr is not None:
            for child in ppr:
                tag = child.tag
                if tag == _PSTYLE:
                    sid = child.get(_VAL)
                elif tag == _NUMPR:
                    for part in child:
                        if part.tag == W + "numId":
                            num_id = part.get(_VAL)
                        elif part.tag == W + "ilvl":
                            ilvl = _int(part.get(_VAL))
                elif tag == _OUTLINE:
                    outline = _int(child.get(_VAL))
                elif tag == _PAGEBREAKBEFORE:
                    break_before = _on(child)
                elif tag == _SECTPR:
                    sect = child
                elif tag == _SPACING:
                    spacing = child
        style = self.styles.para(sid)
        if spacing is not None:
            style = self.spaced(style, spacing)
        if break_before is None:
            break_before = style.break_before
        if break_before and self.txbx_depth == 0 and not inline:  # ignored in table cells
            self.pages.page_break()
        if num_id is None:
            num_id = style.num_id
            if ilvl is None:
                ilvl = style.ilvl
        elif ilvl is None:
            ilvl = style.ilvl
        label = None
        if num_id is not None and num_id != "0":
            if ilvl is None:
                ilvl = self.numbering.level_for_style(num_id, style.style_id) or 0
            label = self.numbering.next_label(num_id, ilvl)
        para = _Para(style, inline)
        self.waiting.append(para)
        self.inline(p, para)
        if para.pos is None and para in self.waiting:
            self.waiting.remove(para)
        return para, label, outline, sect

    def inline(self, el: etree._Element, para: _Para) -> None:
        for child in el:
            tag = child.tag
            if tag == _R:
                self.run(child, para)
            elif tag in _SKIP_INLINE:
                continue
            elif tag == _HYPERLINK:
                anchor = child.get(_ANCHOR)
                if anchor and anchor.startswith("_Toc"):
                    para.toc = True
                self.inline(child, para)
            elif tag == _SDT:
                content = child.find(_SDTCONTENT)
                if content is not None:
                    self.inline(content, para)
            elif tag == _ALTCONTENT:
                chosen = _choose(child)
                if chosen is not None:
                    self.inline(chosen, para)
            elif isinstance(tag, str):  # ins, moveTo, smartTag, fldSimple, customXml, dir, bdo
                self.inline(child, para)

    def run(self, r: etree._Element, para: _Para) -> None:
        rpr = r.find(_RPR)
        vanish = rpr is not None and bool(_on(rpr.find(W + "vanish")))  # hidden text
        for child in r:
            tag = child.tag
            if tag == _T:
                if child.text and not self.hidden and not vanish:
                    self.text(child.text, para, rpr)
            elif tag in (_TAB, _PTAB):
                if not self.hidden:
                    para.parts.append("\t")
            elif tag == _BR:
                kind = child.get(_TYPE)
                if kind == "page":
                    if self.txbx_depth == 0:
                        self.pages.page_break()
                elif kind != "column" and not self.hidden:
                    para.parts.append("\n")
            elif tag == _CR:
                if not self.hidden:
                    para.parts.append("\n")
            elif tag == _LRPB:
                if self.pages.rendered and self.txbx_depth == 0:
                    self.pages.page_break()
            elif tag == _FLDCHAR:
                self.field_char(child.get(W + "fldCharType"))
            elif tag == _INSTR:
                if self.fields and not self.fields[-1].result:
                    self.fields[-1].instr.append(child.text or "")
            elif tag == _NBHYPHEN:
                if not self.hidden:
                    para.parts.append("-")
            elif tag == _SYM:
                code = _int_hex(child.get(W + "char"))
                if code and not self.hidden and code <= 0x10FFFF and not 0xF000 <= code <= 0xF0FF:
                    para.parts.append(chr(code))
            elif tag in (_DRAWING, _PICT, _OBJECT):
                if not self.hidden:
                    self.drawing(child, para)
            elif tag == _ALTCONTENT:
                chosen = _choose(child)
                if chosen is not None:
                    self.run(chosen, para)

    def text(self, value: str, para: _Para, rpr: etree._Element | None) -> None:
        para.parts.append(value)
        if value.isspace():
            return
        if not para.has_text:
            para.has_text = True
            if self.toc_field:
                para.toc = True
            if rpr is not None:
                para.size = _size(rpr)
        self.content()
        if para.bold or para.caps:
            bold = caps = None
            if rpr is not None:
                bold = _on(rpr.find(W + "b"))
                caps = _on(rpr.find(W + "caps"))
                if bold is None or caps is None:
                    rs = rpr.find(W + "rStyle")
                    if rs is not None and rs.get(_VAL):
                        cb, cc = self.styles.char_flags(rs.get(_VAL) or "")
                        bold = cb if bold is None else bold
                        caps = cc if caps is None else caps
            para.bold = para.bold and (para.style.bold if bold is None else bold)
            para.caps = para.caps and (para.style.caps if caps is None else caps)

    def content(self) -> None:
        """Visible content here: whatever is waiting learns the page it starts on."""
        self.pages.content = True
        if self.waiting:
            pos = self.pages.position()
            for item in self.waiting:
                if item.pos is None:
                    item.pos = pos
            self.waiting.clear()

    def drawing(self, el: etree._Element, para: _Para) -> None:
        boxes = list(_text_boxes(el))
        if not boxes:
            para.extra += _picture_height(el, self.geom.height)
            self.content()  # a picture takes room on the page
            return
        saved = self.fields, self.hidden, self.toc_field
        self.fields, self.hidden, self.toc_field = [], False, False
        self.txbx_depth += 1
        try:
            for box in boxes:
                if para.inline:  # in a table cell: the box's lines join the cell's text
                    lines: list[str] = []
                    self.cell_text(box, lines, self.geom.width / 2)
                    para.parts.extend(("\n", *lines, "\n"))
                else:
                    self.body(box)
        finally:
            self.txbx_depth -= 1
            self.fields, self.hidden, self.toc_field = saved

    def field_char(self, kind: str | None) -> None:
        if kind == "begin":
            self.fields.append(_Field())
        elif kind == "separate":
            if self.fields and not self.fields[-1].result:
                f = self.fields[-1]
                f.result = True
                f.toc = "".join(f.instr).strip().upper().startswith("TOC")
        elif kind == "end" and self.fields:
            self.fields.pop()
        self._field_state()

    def _field_state(self) -> None:
        self.hidden = any(not f.result for f in self.fields)
        self.toc_field = any(f.toc for f in self.fields)

    # -- tables --------------------------------------------------------------------------------

    def table(self, tbl: etree._Element) -> None:
        anchor = _Anchor()
        self.waiting.append(anchor)
        rows = self.table_rows(tbl, self.geom.width, weigh=True)
        if anchor.pos is None and anchor in self.waiting:
            self.waiting.remove(anchor)
        text = _table_text(rows)
        if text and anchor.pos is not None:
            self.items.append((Block(kind="table", text=text, rows=rows), anchor.pos))

    def table_rows(self, tbl: etree._Element, width: float, weigh: bool) -> list[list[str]]:
        """Cell texts row by row. Merged cells appear once, with "" in the cells they cover."""
        rows: list[list[str]] = []
        grid = _grid(tbl)
        total = sum(grid) or 1
        row_broke = False
        for tr in _children(tbl, _TR):
            self.budget.tick()
            trpr = tr.find(_TRPR)
            if trpr is not None and trpr.find(W + "del") is not None:
                continue
            row: list[str] = []
            min_height = 0.0
            if trpr is not None:
                before = trpr.find(W + "gridBefore")
                if before is not None:
                    row.extend([""] * min(_int(before.get(_VAL), 0) or 0, 64))
                height_el = trpr.find(W + "trHeight")
                if height_el is not None:
                    min_height = min((_int(height_el.get(_VAL), 0) or 0) / 20, self.geom.height)
            cells = list(_children(tr, _TC))
            if row_broke and self.pages.rendered:
                # After a row that Word split over two pages, it marks a rendered break at the
                # start of the next row too, for the same page; don't count it twice.
                self.pages.content = False
            # A split row has a rendered break in each cell that runs on: the row moves on as
            # far as its longest cell, not by the sum of them.
            start = self.pages.snapshot()
            best: tuple[tuple, list[float]] | None = None
            tallest = 0.0
            for tc in cells:
                self.pages.restore(start)
                span, continuation = _cell_span(tc)
                col = len(row)
                if grid and col < len(grid):
                    cell_width = width * sum(grid[col : col + span]) / total
                else:
                    cell_width = width * span / max(len(cells), 1)
                parts: list[str] = []
                height = self.cell_text(tc, parts, max(cell_width - CELL_PADDING_PT, 20.0))
                row.append("" if continuation else clean_text("".join(parts)))
                row.extend([""] * (span - 1))
                tallest = max(tallest, height)
                end = self.pages.snapshot()
                if best is None or end[0] > best[0][0]:
                    best = (end, self.pages.seg_used[start[4] :])
            row_broke = False
            if best is not None:
                snap, tail = best
                self.pages.restore((*snap[:4], start[4]), tail)
                row_broke = snap[0] > start[0]
            rows.append(row)
            if weigh:
                height = max(tallest + CELL_PADDING_PT, min_height)
                self.pages.add(height / self.geom.height, start[0])
        return rows

    def cell_text(self, container: etree._Element, out: list[str], width: float) -> float:
        """Append a cell's (or inline text box's) text to ``out``: paragraphs on lines, nested
        tables flattened. Returns the points of height it takes at ``width``."""
        height = 0.0
        for child in container:
            tag = child.tag
            if tag == _P:
                para, label, _, _ = self.walk_paragraph(child, inline=True)
                text = "".join(para.parts)
                if text.strip():
                    if label and label != BULLET:
                        text = f"{label} {text}"
                    out.append(("\n" if out else "") + text)
                height += self.height(para, squeeze(text), width)
            elif tag == _TBL:
                rows = self.table_rows(child, width, weigh=False)
                text = _table_text(rows)
                if text:
                    out.append(("\n" if out else "") + text)
                    height += text_height(text, width, self.styles.para(None).size)
            elif tag == _SDT:
                content = child.find(_SDTCONTENT)
                if content is not None:
                    height += self.cell_text(content, out, width)
            elif tag == _CUSTOMXML:
                height += self.cell_text(child, out, width)
            elif tag == _ALTCONTENT:
                chosen = _choose(child)
                if chosen is not None:
                    height += self.cell_text(chosen, out, width)
        return height


def _table_text(rows: list[list[str]]) -> str:
    lines = (" | ".join(c.replace("\n", " ") for c in row if c) for row in rows)
    return "\n".join(line for line in lines if line)


def _cell_span(tc: etree._Element) -> tuple[int, bool]:
    """(grid columns the cell spans, whether it continues a merge from above or the left)."""
    tcpr = tc.find(_TCPR)
    if tcpr is None:
        return 1, False
    span = 1
    gs = tcpr.find(W + "gridSpan")
    if gs is not None:
        span = max(1, min(_int(gs.get(_VAL), 1) or 1, 64))
    continuation = False
    for merge in (tcpr.find(W + "vMerge"), tcpr.find(W + "hMerge")):
        if merge is not None and (merge.get(_VAL) or "continue") == "continue":
            continuation = True
    return span, continuation


def _children(el: etree._Element, tag: str):
    """Direct children with this tag, looking through content controls and custom XML."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDTCONTENT)
            if content is not None:
                yield from _children(content, tag)
        elif child.tag == _CUSTOMXML:
            yield from _children(child, tag)


def _grid(tbl: etree._Element) -> list[int]:
    """Column widths from the table grid (twentieths of a point), [] when absent."""
    grid = tbl.find(W + "tblGrid")
    if grid is None:
        return []
    return [max(_int(col.get(W + "w"), 0) or 0, 0) for col in grid.findall(W + "gridCol")]


def _choose(alt: etree._Element) -> etree._Element | None:
    """The one branch of mc:AlternateContent to read: the first Choice, else the Fallback."""
    choice = alt.find(_CHOICE)
    return choice if choice is not None else alt.find(_FALLBACK)


def _text_boxes(el: etree._Element):
    """The outermost w:txbxContent elements of a drawing, reading each AlternateContent once."""
    stack = [el]
    while stack:
        node = stack.pop()
        for child in reversed(node):
            tag = child.tag
            if tag == _TXBX:
                yield child
            elif tag == _ALTCONTENT:
                chosen = _choose(child)
                if chosen is not None:
                    stack.append(chosen)
            elif tag != _FALLBACK and isinstance(tag, str):
                stack.append(child)


def _picture_height(el: etree._Element, page_height: float) -> float:
    """Points of page a picture takes (inline or wrapped pictures; floating ones take none)."""
    for holder in el.iter(WP + "inline", WP + "anchor"):
        if holder.tag == WP + "anchor" and (
            holder.find(WP + "wrapNone") is not None or holder.get("behindDoc") == "1"
        ):
            return 0.0
        extent = holder.find(WP + "extent")
        if extent is not None:
            cy = _int(extent.get("cy"), 0) or 0
            return min(max(cy / 12700, 0.0), page_height)
        break
    return 0.0


def _is_toc_sdt(sdt: etree._Element) -> bool:
    pr = sdt.find(_SDTPR)
    if pr is None:
        return False
    return any(
        "contents" in (gallery.get(_VAL) or "").lower() for gallery in pr.iter(W + "docPartGallery")
    )


def _int_hex(value: str | None) -> int | None:
    try:
        return int(value, 16) if value else None
    except ValueError:
        return None


def _section_type(sect: etree._Element) -> str:
    kind = sect.find(_TYPE)
    return (kind.get(_VAL) if kind is not None else None) or "nextPage"


def saved_page_count(
    saved_pages: int | None,
    saved_words: int | None,
    words: int,
    pages: PageTracker,
    positions: list[tuple[int, float]],
) -> int | None:
    """The page count the authoring application saved, when it can be believed: its saved
    word count must match what was read (templates carry stale statistics, python-docx files
    claim one page) and the count must be near the estimate."""
    if not saved_pages or not saved_words or words < 50:
        return None
    if abs(saved_words - words) > 0.2 * max(words, saved_words):
        return None
    _, total, _ = pages.resolve(positions)
    if not 0.5 <= saved_pages / total <= 2.0:
        return None
    return saved_pages


def _sections(body: etree._Element) -> list[etree._Element]:
    """Section properties in document order: those ending sections inside the body (in a
    paragraph's pPr), then the body's own, which describes the last section."""
    out = [
        s
        for s in body.iter(_SECTPR)
        if s.getparent().tag == _PPR and s.getparent().getparent().tag == _P
    ]
    final = body.find(_SECTPR)
    if final is not None:
        out.append(final)
    return out


# ----------------------------------------------------------------------------------------------


def read_docx(data: bytes, name: str, limits: Limits) -> Document:
    """Read a .docx from memory. Raises InputError for anything that is not a readable one."""
    budget = Budget(name, limits.document_budget_s)
    zf = open_office_zip(data, name, limits)
    try:
        parts = _load_parts(zf, name, limits)
    except (KeyError, zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise _corrupt(name, str(exc) or type(exc).__name__) from exc
    finally:
        zf.close()
    body = parts.document.find(W + "body")
    if body is None:
        raise _corrupt(name, "the document has no body")
    styles = _Styles(parts.styles)
    numbering = _Numbering(parts.numbering, styles)
    pages = PageTracker(rendered=next(body.iter(_LRPB), None) is not None)
    walker = _Walker(styles, numbering, pages, _sections(body), budget)
    try:
        walker.body(body)
    except RecursionError as exc:
        raise _corrupt(name, "the document is nested too deeply") from exc
    walker.review_heading_styles()
    positions = [pos for _, pos in walker.items]
    words = sum(len(block.text.split()) for block, _ in walker.items)
    known = saved_page_count(parts.saved_pages, parts.saved_words, words, pages, positions)
    page_of, total, estimated = pages.fit(positions, known)
    if total > limits.max_pages:
        raise InputError(
            name, f"the document runs to about {total} pages, over the {limits.max_pages} limit"
        )
    blocks = []
    for (block, _), page in zip(walker.items, page_of, strict=True):
        block.page = page
        blocks.append(block)
    doc = Document(
        name=name,
        format="docx",
        blocks=blocks,
        pages=total,
        pages_estimated=estimated,
        notes=sorted(walker.notes),
    )
    return doc.finish()
