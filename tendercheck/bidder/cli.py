"""``tendercheck profile``: write an example organisation profile to start from."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tendercheck.errors import ExitCode


@click.group("profile")
def profile_group() -> None:
    """Organisation profiles for the bidder's view (--as bidder --profile ORG.toml)."""


@profile_group.command("init")
@click.argument("path", required=False, default="org.toml", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
def profile_init(path: str, force: bool) -> None:
    """Write a commented example profile to PATH (default: org.toml here)."""
    from tendercheck.bidder.profile import EXAMPLE_PROFILE

    target = Path(path)
    if target.exists() and not force:
        click.echo(
            f"tendercheck: error: {target}: already exists (use --force to replace it)", err=True
        )
        sys.exit(ExitCode.USAGE_OR_INPUT)
    try:
        target.write_text(EXAMPLE_PROFILE, encoding="utf-8")
    except OSError as exc:
        click.echo(f"tendercheck: error: {target}: cannot write ({exc.strerror})", err=True)
        sys.exit(ExitCode.USAGE_OR_INPUT)
    click.echo(
        f"tendercheck: wrote {target}; edit it, then run: "
        f"tendercheck PACK --as bidder --profile {target}"
    )
