"""Until the analysis and rule stages land, `check` reports what it read, in each format."""

from __future__ import annotations

import json

import click

from tendercheck import __version__
from tendercheck.documents.model import TenderPack


def render_reading(pack: TenderPack, fmt: str) -> str:
    if fmt == "json":
        body = {
            "tool": {"name": "tendercheck", "version": __version__},
            **pack.to_dict(with_blocks=False),
        }
        return json.dumps(body, indent=2, ensure_ascii=False) + "\n"
    if fmt in ("text", "md"):
        from tendercheck.report.inspect import render_inspect

        return render_inspect(pack, "text", show_all=False)
    raise click.UsageError(f"--format {fmt} is not available yet in this version; use text or json")
