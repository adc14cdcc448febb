"""The HTML report: one self-contained, accessible file (inline CSS and SVG, no scripts).

The page is built from jinja2 templates in ``templates/`` with autoescaping always on, so every
piece of document text is escaped; nothing here builds markup by string formatting. The view
model (``html_view.build_view``) does the computing; the templates only lay it out.
"""

from __future__ import annotations

from functools import cache

from tendercheck.report import Report
from tendercheck.report.html_values import timestamp
from tendercheck.report.html_view import build_view

TEMPLATE = "report.html.j2"


@cache
def _environment():
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("tendercheck.report", "templates"),
        autoescape=True,  # on for every template, whatever its name
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
        keep_trailing_newline=True,
    )


def render_html(report: Report, top_fixes: int = 5) -> str:
    """The report as one HTML page. ``top_fixes``: how many fixes the summary lists."""
    view = build_view(report, top_fixes=top_fixes)
    view["generated_words"] = timestamp(report.generated)
    return _environment().get_template(TEMPLATE).render(v=view)
