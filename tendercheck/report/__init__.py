"""render: one Report object, rendered by separate formatters behind one interface.

``render(report, fmt)`` looks the formatter up by name and imports it only then, so a run that
writes JSON never loads jinja2. Time and version are injected into the Report, so output is
deterministic and tests can compare it exactly.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from tendercheck import __version__

FORMATTERS = {
    "html": "tendercheck.report.html:render_html",
    "json": "tendercheck.report.json_report:render_json",
    "sarif": "tendercheck.report.sarif:render_sarif",
    "md": "tendercheck.report.markdown:render_markdown",
    "text": "tendercheck.report.text_report:render_text",
    "lines": "tendercheck.report.lines:render_lines",
}


@dataclass
class Report:
    """Everything a formatter may show. ``generated`` is an ISO timestamp or None (omitted)."""

    analysis: Any  # tendercheck.nlp.model.Analysis
    result: Any  # tendercheck.engine.model.Result
    version: str = __version__
    generated: str | None = None
    bidder: dict[str, Any] | None = None
    config: dict[str, Any] | None = None  # which configuration was used (Config.describe())
    baseline: Any = None  # tendercheck.report.baseline.Comparison, with --baseline


def render(report: Report, fmt: str, **options: Any) -> str:
    module_name, _, func_name = FORMATTERS[fmt].partition(":")
    module = importlib.import_module(module_name)
    return getattr(module, func_name)(report, **options)
