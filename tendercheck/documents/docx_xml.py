"""WordprocessingML names (namespaces, tags) and readers for its attribute values."""

from __future__ import annotations

from lxml import etree

from tendercheck.documents.office_text import xml_int

WNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT_WNS = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
W = "{" + WNS + "}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"

P, R, T, TBL, TR, TC = W + "p", W + "r", W + "t", W + "tbl", W + "tr", W + "tc"
PPR, RPR, TCPR, TRPR = W + "pPr", W + "rPr", W + "tcPr", W + "trPr"
SDT, SDTCONTENT, SDTPR = W + "sdt", W + "sdtContent", W + "sdtPr"
CUSTOMXML, HYPERLINK, FLDSIMPLE = W + "customXml", W + "hyperlink", W + "fldSimple"
FLDCHAR, INSTR, TAB, PTAB = W + "fldChar", W + "instrText", W + "tab", W + "ptab"
BR, CR, SYM, NBHYPHEN = W + "br", W + "cr", W + "sym", W + "noBreakHyphen"
LRPB = W + "lastRenderedPageBreak"
PSTYLE, NUMPR, OUTLINE, SPACING = W + "pStyle", W + "numPr", W + "outlineLvl", W + "spacing"
PAGEBREAKBEFORE = W + "pageBreakBefore"
DRAWING, PICT, OBJECT = W + "drawing", W + "pict", W + "object"
TXBX, ALTCHUNK, SECTPR = W + "txbxContent", W + "altChunk", W + "sectPr"
ALTCONTENT, CHOICE, FALLBACK = MC + "AlternateContent", MC + "Choice", MC + "Fallback"
VAL, TYPE, ANCHOR = W + "val", W + "type", W + "anchor"
BODY_WRAPPERS = frozenset((CUSTOMXML, W + "ins", W + "moveTo"))

# Children of paragraphs (or of their wrappers) that never hold displayed text.
SKIP_INLINE = frozenset(
    W + t
    for t in (
        "pPr", "rPr", "del", "moveFrom", "bookmarkStart", "bookmarkEnd", "proofErr",
        "commentRangeStart", "commentRangeEnd", "permStart", "permEnd", "sdtPr", "sdtEndPr",
        "customXmlPr", "fldData",
    )
) | {FALLBACK}  # fmt: skip

FALSE = {"0", "false", "off", "none"}


def toggle(el: etree._Element | None) -> bool | None:
    """A toggle property (w:b, w:caps...): None when absent."""
    if el is None:
        return None
    return (el.get(VAL) or "1").lower() not in FALSE


# A WordprocessingML number; default for anything but a 32-bit number in ASCII digits.
to_int = xml_int


def choose(alt: etree._Element) -> etree._Element | None:
    """The one branch of mc:AlternateContent to read: the first Choice, else the Fallback."""
    choice = alt.find(CHOICE)
    return choice if choice is not None else alt.find(FALLBACK)


def is_on(value: str | None) -> bool:
    return value is not None and value.lower() not in FALSE


def is_text_char(code: int) -> bool:
    """Whether a w:sym character code is text to keep: not a symbol-font private code
    (F000-F0FF, meaningless without the font), a surrogate half (D800 alone is no character and
    cannot be written out as UTF-8), a control character, or beyond Unicode."""
    return (
        0x20 <= code <= 0x10FFFF
        and not 0x7F <= code <= 0x9F
        and not 0xD800 <= code <= 0xDFFF
        and not 0xF000 <= code <= 0xF0FF
    )


def hex_to_int(value: str | None) -> int | None:
    try:
        return int(value, 16) if value else None
    except ValueError:
        return None
