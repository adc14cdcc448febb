"""Start-up stays light: --version and --help import none of the heavy libraries."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("spacy", "pdfplumber", "pypdfium2", "docx", "jinja2", "lxml", "holidays", "yaml")


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["check", "--help"]])
def test_cli_start_imports_no_heavy_library(args: list[str]) -> None:
    probe = (
        "import sys\n"
        "from tendercheck.cli import main\n"
        "try:\n"
        f"    main({args!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
