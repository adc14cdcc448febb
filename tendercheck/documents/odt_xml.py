"""OpenDocument names (namespaces, tags) and lengths in its attributes."""

from __future__ import annotations

from tendercheck import lazyre

OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
SVG = "{urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0}"
META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

P, H, LIST, ITEM, HEADER = (
    TEXT + "p",
    TEXT + "h",
    TEXT + "list",
    TEXT + "list-item",
    (TEXT + "list-header"),
)
SPAN, S, TAB, LB, SPB = (
    TEXT + "span",
    TEXT + "s",
    TEXT + "tab",
    TEXT + "line-break",
    (TEXT + "soft-page-break"),
)
TBL, ROW, CELL, COVERED = (
    TABLE + "table",
    TABLE + "table-row",
    TABLE + "table-cell",
    (TABLE + "covered-table-cell"),
)
FRAME, TEXTBOX = DRAW + "frame", DRAW + "text-box"
STYLE_NAME = TEXT + "style-name"
INDEXES = frozenset(
    TEXT + t
    for t in (
        "table-of-content",
        "alphabetical-index",
        "illustration-index",
        "table-index",
        "user-index",
        "object-index",
        "bibliography",
    )
)
# Inline elements whose content is not part of the running text.
SKIP_INLINE = frozenset(
    (TEXT + "note", OFFICE + "annotation", OFFICE + "annotation-end", TEXT + "tracked-changes")
)
SKIP_BODY = frozenset(
    TEXT + t
    for t in (
        "tracked-changes",
        "sequence-decls",
        "variable-decls",
        "user-field-decls",
        "dde-connection-decls",
    )
) | {OFFICE + "forms", TABLE + "calculation-settings"}
ROW_GROUPS = frozenset(TABLE + t for t in ("table-header-rows", "table-rows", "table-row-group"))

COLUMN_GROUPS = frozenset(
    TABLE + t for t in ("table-columns", "table-header-columns", "table-column-group")
)
TEXT_CONTAINERS = frozenset((TEXT + "p", TEXT + "h", TEXT + "list", TABLE + "table"))
_UNITS = {"pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "pc": 12.0, "px": 0.75}
_LENGTH = lazyre.compile(r"^\s*(-?[\d.]+)\s*(pt|in|cm|mm|pc|px|%)?\s*$")


def length_pt(value: str | None) -> float | None:
    """A length in points ("2.54cm" -> 72.0); None for percentages or nonsense."""
    if not value:
        return None
    m = _LENGTH.match(value)
    if not m or m.group(2) == "%":
        return None
    try:
        return float(m.group(1)) * _UNITS.get(m.group(2) or "pt", 1.0)
    except ValueError:
        return None


def percent(value: str | None) -> float | None:
    if value and value.strip().endswith("%"):
        try:
            return float(value.strip()[:-1]) / 100
        except ValueError:
            return None
    return None
