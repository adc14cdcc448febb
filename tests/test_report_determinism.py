"""Deterministic output: with SOURCE_DATE_EPOCH set, two runs give byte-identical JSON, SARIF,
Markdown and text, in one process and across processes with different hash seeds.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tendercheck.cli import main

from .helpers import FIXTURES
from .report_helpers import REPO

FORMATS = ("json", "sarif", "md", "text")
EPOCH = "1700000000"
PINNED = "2023-11-14T22:13:20+00:00"


def cli_output(path: Path, fmt: str, target: Path) -> bytes:
    result = CliRunner().invoke(main, [str(path), "-f", fmt, "-o", str(target), "--no-cache"])
    assert result.exit_code in (0, 1), result.output
    return target.read_bytes()


@pytest.mark.parametrize("fmt", FORMATS)
def test_two_cli_runs_are_byte_identical(tmp_path: Path, monkeypatch, fmt: str) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    fixture = FIXTURES / "housing-association-repairs-tender.docx"
    first = cli_output(fixture, fmt, tmp_path / f"first.{fmt}")
    second = cli_output(fixture, fmt, tmp_path / f"second.{fmt}")
    assert first == second
    assert b"SPEC-08" in first  # a real report, not an empty one


def test_source_date_epoch_pins_the_json_time(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    data = json.loads(
        cli_output(FIXTURES / "parish-grounds-maintenance-rfq.docx", "json", tmp_path / "r.json")
    )
    assert data["generated"] == PINNED


_RENDER_ALL = """
import json, sys
from tendercheck.cli import generated_at
from tendercheck.documents import read_pack
from tendercheck.engine import evaluate, load_rules
from tendercheck.nlp import analyse
from tendercheck.report import Report, render

analysis = analyse(read_pack(sys.argv[1:]))
report = Report(analysis, evaluate(analysis, load_rules()), generated=generated_at())
print(json.dumps({fmt: render(report, fmt) for fmt in %r}))
"""


def render_in_new_processes(paths: list[str], seeds: tuple[str, ...]) -> list[dict[str, str]]:
    """Render every format in one fresh interpreter per hash seed, the processes side by side."""
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", _RENDER_ALL % (FORMATS,), *paths],
            cwd=REPO,
            env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONHASHSEED": seed},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for seed in seeds
    ]
    outputs = []
    for proc in runs:
        out, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err
        outputs.append(json.loads(out))
    return outputs


def test_output_does_not_depend_on_the_hash_seed() -> None:
    """Sets and dicts built from sets iterate in hash order; nothing in a report may show it."""
    paths = ["fixtures/council-cleaning-itt.docx", "fixtures/central-gov-digital-rfq.pdf"]
    first, second = render_in_new_processes(paths, ("1", "4242"))
    for fmt in FORMATS:
        assert first[fmt] == second[fmt], fmt
    assert json.loads(first["json"])["generated"] == PINNED
    sarif = json.loads(first["sarif"])
    uris = [a["location"]["uri"] for a in sarif["runs"][0]["artifacts"]]
    assert uris == ["fixtures/council-cleaning-itt.docx", "fixtures/central-gov-digital-rfq.pdf"]
