"""Issue 16, "same report on an idle and a loaded machine": the 08 report that differed under
load had been written by other code. `python -m tendercheck` imports the tendercheck of the
working directory first, so runs started from a checkout (/work/main, another worktree) check
with that checkout's code. bench/same_reports.py runs its checks where no package can shadow the
one under test, and records which code wrote each folder of reports."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import tendercheck
from bench import same_reports

# A checkout of other code, as /work/main was: its "tendercheck" writes a report of its own.
SHADOW_MAIN = """
import json, sys
out = sys.argv[sys.argv.index("-o") + 1]
open(out, "w").write(json.dumps({"written_by": "the working directory's tendercheck"}))
"""


@pytest.fixture
def shadowing_checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    checkout = tmp_path / "checkout"
    (checkout / "tendercheck").mkdir(parents=True)
    (checkout / "tendercheck" / "__init__.py").write_text("", encoding="utf-8")
    (checkout / "tendercheck" / "__main__.py").write_text(SHADOW_MAIN, encoding="utf-8")
    monkeypatch.chdir(checkout)
    return checkout


def test_reports_are_written_by_the_code_under_test_whatever_the_working_folder(
    tmp_path: Path, shadowing_checkout: Path
) -> None:
    tender = tmp_path / "tender.md"
    tender.write_text("# Specification\n\nThe supplier must clean the offices.\n", "utf-8")
    out = tmp_path / "report.json"
    same_reports.run_check(sys.executable, tender, out, {})
    report = json.loads(out.read_text(encoding="utf-8"))
    assert "written_by" not in report
    assert report["facts"] is not None  # the real report
    code = same_reports.code_identity(sys.executable)
    assert code["package"] == str(Path(tendercheck.__file__).resolve().parent)


def _folder(root: Path, name: str, sha: str) -> Path:
    folder = root / name
    folder.mkdir()
    (folder / "code.json").write_text(json.dumps({"package": f"/{name}", "sha256": sha}))
    for input_name in same_reports.inputs():
        (folder / f"{input_name}.json").write_text('{"facts": {}, "generated": "now"}')
    return folder


def test_a_load_comparison_refuses_reports_of_different_code(tmp_path: Path, capsys) -> None:
    idle = _folder(tmp_path, "idle", "a" * 64)
    loaded = _folder(tmp_path, "loaded", "b" * 64)
    again = _folder(tmp_path, "again", "a" * 64)
    assert same_reports.compare(idle, loaded, same_code=True) == 2
    assert "not written by the same code" in capsys.readouterr().out
    assert same_reports.compare(idle, again, same_code=True) == 0
    assert same_reports.compare(idle, loaded) == 0  # before/after a change: code differs
