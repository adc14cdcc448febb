"""List and outline numbering of an .odt: level formats and labels counted per list."""

from __future__ import annotations

from lxml import etree

from tendercheck.documents.odt_xml import STYLE, TEXT
from tendercheck.documents.office_text import BULLET, format_number, xml_count

_ODF_FORMATS = {"1": "decimal", "a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman"}
_ODF_FORMATS["I"] = "upperRoman"


def list_levels(el: etree._Element) -> dict[int, tuple[str, str, str, int, int]]:
    """Level -> (format, prefix, suffix, display levels, start) for a list or outline style."""
    levels = {}
    for lvl in el:
        level = xml_count(lvl.get(TEXT + "level"))
        if level is None:
            continue
        if lvl.tag == TEXT + "list-level-style-bullet":
            levels[level] = ("bullet", "", "", 1, 1)
        elif lvl.tag in (TEXT + "list-level-style-number", TEXT + "outline-level-style"):
            fmt = lvl.get(STYLE + "num-format") or ""
            display = lvl.get(TEXT + "display-levels")
            start = lvl.get(TEXT + "start-value")
            levels[level] = (
                _ODF_FORMATS.get(fmt, "decimal") if fmt else "none",
                lvl.get(STYLE + "num-prefix") or "",
                lvl.get(STYLE + "num-suffix") or "",
                xml_count(display, 1),
                xml_count(start, 1),
            )
        else:
            levels[level] = ("none", "", "", 1, 1)
    return levels


def list_label(levels: dict, counters: dict[int, int], level: int) -> str | None:
    fmt, prefix, suffix, display, _ = levels.get(level, ("decimal", "", ".", 1, 1))
    if fmt == "bullet":
        return BULLET
    if fmt == "none":
        return None
    parts = []
    for lv in range(max(1, level - display + 1), level + 1):
        lv_fmt = levels.get(lv, ("decimal",))[0]
        value = counters.get(lv, levels.get(lv, (None, None, None, None, 1))[4])
        parts.append(
            format_number(value, lv_fmt if lv_fmt not in ("bullet", "none") else "decimal")
        )
    label = f"{prefix}{'.'.join(parts)}{suffix}".strip()
    return label or None


def count_item(levels: dict, counters: dict[int, int], level: int, start: int | None) -> None:
    if start is not None:
        counters[level] = start
    elif level in counters:
        counters[level] += 1
    else:
        counters[level] = levels.get(level, (None, None, None, None, 1))[4]
    for above in range(1, level):
        counters.setdefault(above, levels.get(above, (None, None, None, None, 1))[4])
    for deeper in [k for k in counters if k > level]:
        del counters[deeper]
