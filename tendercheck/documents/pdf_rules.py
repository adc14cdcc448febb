"""Ruled table grids on PDF pages, from a scan of their vector graphics, and their edges for
pdfplumber."""

from __future__ import annotations

import ctypes
from bisect import bisect_left
from itertools import repeat

import pypdfium2.raw as pdfium_c

from tendercheck.documents.pdf_page import Page

# The public bindings convert every argument and make an object per returned handle; for the
# object scan (one call per page object, and some PDFs have one object per character) and the
# per-character calls of table cells, plain void pointers are about a third cheaper. Fall back
# to the public bindings if the library handle is not where we expect it.
# ---------------------------------------------------------------------------------------------


def fast_call(name: str, restype, *argtypes):
    """PDFium's ``name`` with plain ctypes types (handles as void pointers), or the public
    binding when the library handle is not where we expect it."""
    try:
        from pypdfium2_raw.bindings import _libs  # type: ignore[attr-defined]

        return ctypes.CFUNCTYPE(restype, *argtypes)((name, _libs["pdfium"]))
    except Exception:  # pragma: no cover - depends on pypdfium2 internals
        return getattr(pdfium_c, name)


def fast_handles() -> bool:
    """Whether ``fast_call`` gives the plain-typed functions (which take handles as ints)."""
    try:
        from pypdfium2_raw.bindings import _libs  # type: ignore[attr-defined]

        return "pdfium" in _libs
    except Exception:  # pragma: no cover - depends on pypdfium2 internals
        return False


def _fast_object_calls():
    vp, ci = ctypes.c_void_p, ctypes.c_int
    return (
        fast_call("FPDFPage_CountObjects", ci, vp),
        fast_call("FPDFPage_GetObject", vp, vp, ci),
        fast_call("FPDFFormObj_CountObjects", ci, vp),
        fast_call("FPDFFormObj_GetObject", vp, vp, ctypes.c_ulong),
        fast_call("FPDFPageObj_GetType", ci, vp),
        fast_call("FPDFPageObj_GetBounds", ci, vp, *(ctypes.POINTER(ctypes.c_float),) * 4),
        fast_handles(),
    )


(
    _COUNT_OBJECTS,
    _GET_OBJECT,
    _FORM_COUNT_OBJECTS,
    _FORM_GET_OBJECT,
    _OBJECT_TYPE,
    _OBJECT_BOUNDS,
    _FAST_HANDLES,
) = _fast_object_calls()

_PATH = pdfium_c.FPDF_PAGEOBJ_PATH
_IMAGE = pdfium_c.FPDF_PAGEOBJ_IMAGE
_FORM = pdfium_c.FPDF_PAGEOBJ_FORM


def scan_graphics(page_raw) -> tuple[list, list, bool, bool]:
    """The page's thin rules, and whether it holds images, from its page objects.

    Rules are thin filled rectangles or stroked lines (path objects, also inside form XObjects),
    as (y, x0, x1) horizontal and (x, y0, y1) vertical, in PDF space. Returns (horizontal,
    vertical, in_form, has_image); in_form is True when some rules came from a form XObject,
    whose coordinates may not be the page's.
    """
    if _FAST_HANDLES:
        page_raw = ctypes.cast(page_raw, ctypes.c_void_p).value
    fl, fb, fr, ft = (ctypes.c_float() for _ in range(4))
    rl, rb, rr, rt = (ctypes.byref(v) for v in (fl, fb, fr, ft))
    get_type = _OBJECT_TYPE
    get_bounds = _OBJECT_BOUNDS
    horizontal: list[tuple[float, float, float]] = []
    vertical: list[tuple[float, float, float]] = []
    in_form = has_image = False
    stack = [(page_raw, _COUNT_OBJECTS(page_raw), _GET_OBJECT, 0)]
    while stack:
        parent, count, get, depth = stack.pop()
        # map() over the C functions: this loop runs once per object, and some PDFs have an
        # object per character
        objects = list(map(get, repeat(parent, count), range(count)))
        kinds = list(map(get_type, objects))
        has_image = has_image or _IMAGE in kinds
        if _PATH not in kinds and _FORM not in kinds:
            continue
        for obj, kind in zip(objects, kinds, strict=True):
            if kind == _PATH:
                get_bounds(obj, rl, rb, rr, rt)
                w = fr.value - fl.value
                h = ft.value - fb.value
                if h <= 3.0 and w >= 8.0:
                    horizontal.append(((fb.value + ft.value) / 2, fl.value, fr.value))
                    in_form = in_form or depth > 0
                elif w <= 3.0 and h >= 8.0:
                    vertical.append(((fl.value + fr.value) / 2, fb.value, ft.value))
                    in_form = in_form or depth > 0
            elif kind == _FORM and depth < 4:
                stack.append((obj, _FORM_COUNT_OBJECTS(obj), _FORM_GET_OBJECT, depth + 1))
    return horizontal, vertical, in_form, has_image


def ruled_grid(horizontal: list, vertical: list) -> tuple[list, list] | None:
    """The merged rules if they make a ruled grid of table cells, else None.

    A row is the band between a horizontal rule and the next rule below that spans most of it;
    its cells are marked by vertical rules crossing the band within both rules' extent. Two
    rows of two or more cells, or one of three or more, make a grid; single boxes (form
    fields), frames and underlines don't.
    """
    if len(horizontal) < 2 or len(vertical) < 3:
        return None
    rules = _merge_rules(horizontal, 15.0)
    posts = _merge_rules(vertical, 8.0)
    if len(rules) < 2 or len(posts) < 3:
        return None
    posts.sort()
    post_x = [p[0] for p in posts]
    rules.sort(key=lambda r: -r[0])
    rows = 0
    for i, (y_top, a0, a1) in enumerate(rules):
        # the nearest rule below that shares most of this one's extent
        for y_low, b0, b1 in rules[i + 1 :]:
            if y_top - y_low < 4.0:
                continue
            lo, hi = max(a0, b0), min(a1, b1)
            if hi - lo < 0.5 * (a1 - a0):
                continue  # shorter rules in between (underlined links, cell-local rules)
            xs = []
            for k in range(bisect_left(post_x, lo - 3.0), len(posts)):
                x, p0, p1 = posts[k]
                if x > hi + 3.0:
                    break
                if p0 <= y_low + 3.0 and p1 >= y_top - 3.0 and (not xs or x - xs[-1] > 3.0):
                    xs.append(x)
            if len(xs) >= 3:
                rows += 1
                if rows >= 2 or len(xs) >= 4:  # two rows of 2+ cells, or one of 3+ cells
                    return rules, posts
            break
    return None


def table_edges(page: Page) -> tuple[list[dict], list[dict]]:
    """The page's rules as pdfplumber edges, leaving out rules that touch no other rule.

    Only thin rules count, not the edges of filled boxes: Word shades table cells a text line
    at a time, and pdfplumber's default edges would split every line of a cell into a row.
    Underlined links touch no rule at either end and are left out too.
    """
    horizontal, vertical = page.rules
    tol = 3.0

    def h_touches(y, x0, x1):
        return any(
            (abs(x - x0) <= tol or abs(x - x1) <= tol) and y0 - tol <= y <= y1 + tol
            for x, y0, y1 in vertical
        )

    def v_touches(x, y0, y1):
        return any(
            (abs(y - y0) <= tol or abs(y - y1) <= tol) and x0 - tol <= x <= x1 + tol
            for y, x0, x1 in horizontal
        )

    top, left = page.top, page.left
    h_edges = [
        {
            "object_type": "rect_edge",
            "orientation": "h",
            "x0": x0 - left,
            "x1": x1 - left,
            "width": x1 - x0,
            "top": top - y,
            "bottom": top - y,
            "height": 0.0,
        }
        for y, x0, x1 in horizontal
        if h_touches(y, x0, x1)
    ]
    v_edges = [
        {
            "object_type": "rect_edge",
            "orientation": "v",
            "x0": x - left,
            "x1": x - left,
            "width": 0.0,
            "top": top - y1,
            "bottom": top - y0,
            "height": y1 - y0,
        }
        for x, y0, y1 in vertical
        if v_touches(x, y0, y1)
    ]
    return h_edges, v_edges


def _merge_rules(segments, min_length: float) -> list[tuple[float, float, float]]:
    """Join collinear touching segments (pos, a, b) and keep those at least min_length long."""
    segments.sort()
    out: list[list[float]] = []
    for pos, a, b in segments:
        # runs at (about) the same position are at the end of out: extend one this segment
        # overlaps or touches, else start a new run
        for run in reversed(out):
            if abs(pos - run[0]) > 1.5:
                out.append([pos, a, b])
                break
            if a <= run[2] + 3.0 and b >= run[1] - 3.0:
                run[1] = min(run[1], a)
                run[2] = max(run[2], b)
                break
        else:
            out.append([pos, a, b])
    return [(p, a, b) for p, a, b in out if b - a >= min_length]


# ---------------------------------------------------------------------------------------------
# 2. Per page: superscripts and split lines, reading order
# ---------------------------------------------------------------------------------------------


def page_edges(page_raw, page: Page) -> list[dict] | None:
    """The edges pdfplumber reads from a page (``page.edges``: every painted rectangle's four
    sides and every straight line), from PDFium's path objects, in pdfplumber's top-down page
    coordinates; None when the page draws a path pdfplumber would read otherwise (a curve, a
    polygon, a path of several parts) or holds a form XObject, whose paths pdfplumber reads
    but this does not.

    A rectangle and a line are what pdfminer makes of a path (``re``, or four sides closing on
    their start; a single segment), and their edges what pdfplumber's ``rect_to_edges`` and
    ``line_to_edge`` give; PDFium keeps coordinates in single precision, so an edge may differ
    from pdfminer's by ~1e-5 pt, far inside pdfplumber's 3 pt snapping.
    """
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    matrix = pdfium_c.FS_MATRIX()
    fx, fy = ctypes.c_float(), ctypes.c_float()
    top, left = page.top, page.left
    edges: list[dict] = []
    for index in range(pdfium_c.FPDFPage_CountObjects(page_raw)):
        obj = pdfium_c.FPDFPage_GetObject(page_raw, index)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == _FORM:
            return None
        if kind != _PATH:
            continue
        if not pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)):
            return None
        if not fill.value and not stroke.value:
            continue  # a path only ended ("n", a clipping path): pdfminer makes nothing of it
        if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix)):
            return None
        a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
        points = []
        closed = False
        for k in range(pdfium_c.FPDFPath_CountSegments(obj)):
            segment = pdfium_c.FPDFPath_GetPathSegment(obj, k)
            kind = pdfium_c.FPDFPathSegment_GetType(segment)
            if kind != (pdfium_c.FPDF_SEGMENT_MOVETO if k == 0 else pdfium_c.FPDF_SEGMENT_LINETO):
                return None  # a curve, or a second part
            pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(fx), ctypes.byref(fy))
            x, y = fx.value, fy.value
            points.append((a * x + c * y + e, b * x + d * y + f))
            closed = bool(pdfium_c.FPDFPathSegment_GetClose(segment))
        if closed and points and points[-1] != points[0]:
            points.append(points[0])  # "h" ends the path where it started
        if len(points) == 2 or (len(points) == 3 and closed and points[2] == points[0]):
            edges.append(_line_edge(points[:2], top, left))  # "m l", or "m l h"
            continue
        if len(points) == 6 and points[-2] == points[0]:
            points.pop()  # a side drawn back to the start, then closed: pdfminer drops it
        rect = _rectangle(points)
        if rect is None:
            return None
        edges.extend(_rect_edges(rect, top, left))
    return edges


def _rectangle(points: list) -> tuple[float, float, float, float] | None:
    """(x0, y0, x1, y1) when the points are an axis-aligned rectangle closing on its start, as
    pdfminer decides (its LTRect), else None."""
    if len(points) != 5 or points[4] != points[0]:
        return None
    (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = points
    if not (
        (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0)
        or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
    ):
        return None
    return min(x0, x2), min(y0, y2), max(x0, x2), max(y0, y2)


def _edge(kind: str, x0: float, y0: float, x1: float, y1: float, top: float, left: float) -> dict:
    """An edge as pdfplumber gives one: PDF coordinates turned to the page's top-left origin."""
    return {
        "object_type": kind,
        "x0": x0 - left,
        "x1": x1 - left,
        "top": top - y1,
        "bottom": top - y0,
        "width": x1 - x0,
        "height": y1 - y0,
    }


def _rect_edges(rect, top: float, left: float) -> list[dict]:
    """pdfplumber's rect_to_edges: the top, bottom, left and right sides."""
    base = _edge("rect_edge", *rect, top, left)
    return [
        {**base, "height": 0, "bottom": base["top"], "orientation": "h"},
        {**base, "height": 0, "top": base["top"] + base["height"], "orientation": "h"},
        {**base, "width": 0, "x1": base["x0"], "orientation": "v"},
        {**base, "width": 0, "x0": base["x1"], "orientation": "v"},
    ]


def _line_edge(points: list, top: float, left: float) -> dict:
    """pdfplumber's line_to_edge: a line is horizontal when its top is its bottom, else
    vertical (a sloping line too, as pdfplumber has it)."""
    (xa, ya), (xb, yb) = points
    edge = _edge("line", min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb), top, left)
    edge["orientation"] = "h" if edge["top"] == edge["bottom"] else "v"
    return edge
