"""Command-line behaviour a user meets (issue 14): --select and --ignore, a mistyped command,
a pipe closed early, readable `facts -f text`, --profile without --as bidder, and progress on a
terminal. Run as a user runs them: the installed command, in a subprocess where it matters."""

from __future__ import annotations

import json
import os
import re
import select
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from tendercheck.cli import main

from .helpers import FIXTURES

CLEANING = FIXTURES / "council-cleaning-itt.docx"
PROFILE = FIXTURES / "profiles" / "tiny-charity.toml"


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("TENDERCHECK_CACHE_DIR", str(tmp_path / "cache"))
    return CliRunner()


def command() -> list[str]:
    exe = shutil.which("tendercheck")
    return [exe] if exe else [sys.executable, "-m", "tendercheck"]


def rule_ids(report: dict) -> set[str]:
    return {r["id"] for r in report["rules"]}


def test_select_and_ignore_rule_lists(runner: CliRunner) -> None:
    args = ["check", str(CLEANING), "-f", "json"]
    every = json.loads(runner.invoke(main, args).stdout)
    some = runner.invoke(main, [*args, "--select", "SUPPLIER,time-04", "--ignore", "SUPPLIER-06"])
    chosen = rule_ids(json.loads(some.stdout))
    assert chosen == {i for i in rule_ids(every) if i.startswith("SUPPLIER-") or i == "TIME-04"} - {
        "SUPPLIER-06"
    }
    repeated = runner.invoke(main, [*args, "--select", "SUPPLIER", "--select", "TIME-04"])
    assert rule_ids(json.loads(repeated.stdout)) == chosen | {"SUPPLIER-06"}
    typo = runner.invoke(main, [*args, "--select", "SUPPLEIR"])
    assert typo.exit_code == 2
    assert typo.stderr.strip() == (
        "tendercheck: error: --select: no rule is 'SUPPLEIR' or starts with it "
        "(see 'tendercheck rules list')"
    )


def test_select_on_the_command_line_replaces_the_configuration(
    runner: CliRunner, tmp_path: Path
) -> None:
    shutil.copy(CLEANING, tmp_path / "itt.docx")
    (tmp_path / "tendercheck.toml").write_text('select = ["SPEC"]\nignore = ["TIME-01"]\n')
    args = ["check", str(tmp_path / "itt.docx"), "-f", "json"]
    from_config = rule_ids(json.loads(runner.invoke(main, args).stdout))
    assert from_config and all(i.startswith("SPEC-") for i in from_config)
    both = rule_ids(json.loads(runner.invoke(main, [*args, "--select", "TIME"]).stdout))
    assert both and all(i.startswith("TIME-") for i in both) and "TIME-01" not in both


def test_an_unknown_command_suggests_the_nearest() -> None:
    done = subprocess.run([*command(), "chek", str(CLEANING)], capture_output=True, text=True)
    assert done.returncode == 2
    assert "Error: no such command 'chek': did you mean 'check'?" in done.stderr
    assert "Traceback" not in done.stderr
    # a file is never taken for a command, even one named like one
    done = subprocess.run([*command(), "facts.docx"], capture_output=True, text=True)
    assert done.returncode == 2 and "did you mean" not in done.stderr


def test_a_pipe_closed_early_ends_quietly(tmp_path: Path) -> None:
    """`tendercheck x.docx -f text | head -1`: the reader goes away; no 'internal error'."""
    env = {**os.environ, "TENDERCHECK_CACHE_DIR": str(tmp_path / "cache")}
    for args in (
        [str(CLEANING), "-f", "text"],
        ["inspect", str(CLEANING), "--all", "-f", "json"],
    ):
        proc = subprocess.Popen(
            [*command(), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
        )
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()  # before it writes anything, as `head` may be
        err = proc.stderr.read().decode()
        proc.stderr.close()
        assert proc.wait(timeout=120) == 141, err
        assert err == ""
    shell = subprocess.run(
        f"{' '.join(command())} {CLEANING} -f text | head -1",
        shell=True, capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert shell.stdout.startswith("tendercheck: 1 document(s)")
    assert "internal error" not in shell.stderr and "Broken pipe" not in shell.stderr


def test_facts_text_is_readable_lines_not_json(runner: CliRunner) -> None:
    done = runner.invoke(main, ["facts", str(CLEANING), "-f", "text"])
    assert done.exit_code == 0, done.output
    lines = done.stdout.splitlines()
    assert not any(re.search(r"[\[{]\s*\"", line) for line in lines), "JSON in the text"
    assert "certifications: 2 item(s)  [document, confidence 0.75]" in lines
    assert "    - ISO 9001 (equivalent accepted: no; required: yes)" in lines
    assert any(line.startswith("insurance: public liability: 10,000,000;") for line in lines)
    assert any(line.startswith("    - Q1 (text: Service delivery:") for line in lines)


def test_profile_without_as_bidder_implies_it(runner: CliRunner) -> None:
    args = ["check", str(CLEANING), "-f", "json", "--profile", str(PROFILE)]
    done = runner.invoke(main, [*args, "--today", "2025-12-16"])
    assert done.exit_code in (0, 1), done.output
    assert json.loads(done.stdout)["bidder"]["organisation"] == "Riverside Community Trust"
    assert "--profile given: showing the bidder's view (--as bidder)" in done.stderr
    officer = runner.invoke(main, [*args, "--as", "officer"])
    assert officer.exit_code == 2
    assert "--profile is for the bidder's view: use --as bidder" in officer.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_progress_on_a_terminal_only(tmp_path: Path) -> None:
    """A pack checked with standard error on a terminal shows a status line there (cleared at
    the end); piped, it shows none."""
    pack = tmp_path / "pack"
    pack.mkdir()
    for name in ("council-cleaning-itt.docx", "nhs-community-wellbeing-spec.docx"):
        shutil.copy(FIXTURES / name, pack / name)
    env = {**os.environ, "TENDERCHECK_CACHE_DIR": str(tmp_path / "cache")}
    args = [*command(), str(pack), "-f", "json", "--no-cache"]
    text, out = _terminal_stderr(args, env)
    assert "tendercheck: reading 2 file(s) in pack/" in text
    assert "tendercheck: analysing 2 document(s)" in text
    assert "tendercheck: checking " in text
    assert text.endswith("\r\x1b[K")  # the status line is cleared
    json.loads(out)  # the report itself is untouched
    piped = subprocess.run(args, capture_output=True, text=True, env=env)
    assert piped.stderr == ""


def _terminal_stderr(args: list[str], env: dict) -> tuple[str, bytes]:
    """Run with standard error on a pseudo-terminal: what it showed there, and standard out."""
    import pty

    main_fd, child_fd = pty.openpty()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=child_fd, env=env)
    os.close(child_fd)
    assert proc.stdout is not None
    out = proc.stdout.read()
    assert proc.wait(timeout=300) in (0, 1)
    seen = b""
    while select.select([main_fd], [], [], 0.5)[0]:
        try:
            chunk = os.read(main_fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    proc.stdout.close()
    os.close(main_fd)
    return seen.decode(), out


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_long_pack_shows_each_file_as_it_is_read_and_analysed(tmp_path: Path, jobs: str) -> None:
    """Issue 14: a many-file pack is not silent on a terminal: the status line names each file
    as it is read and each document as it is analysed, with how many of how many; piped,
    nothing."""
    pack = tmp_path / "pack"
    pack.mkdir()
    names = [f"{i:02d}-part.md" for i in range(1, 5)]
    for name in names:
        (pack / name).write_text(
            f"# Part {name[:2]}\n\nTenderers must provide a method statement for part "
            f"{name[:2]}.\n",
            encoding="utf-8",
        )
    env = {**os.environ, "TENDERCHECK_CACHE_DIR": str(tmp_path / "cache")}
    args = [*command(), str(pack), "-f", "json", "--no-cache", "--jobs", jobs]
    text, out = _terminal_stderr(args, env)
    shown = re.findall(r"tendercheck: (reading|analysing) (\d)/4: (\S+)…", text)
    for stage in ("reading", "analysing"):
        mine = [(int(n), name) for s, n, name in shown if s == stage]
        assert sorted(n for n, _ in mine) == [1, 2, 3, 4], (stage, text)
        assert sorted(name for _, name in mine) == names, (stage, text)
    assert text.endswith("\r\x1b[K")
    json.loads(out)
    piped = subprocess.run(args, capture_output=True, text=True, env=env)
    assert piped.stderr == ""


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_a_zip_pack_shows_each_member_as_it_is_read(tmp_path: Path) -> None:
    """Issue 14: a zip pack is not silent on a terminal either: the status line counts the zip's
    files, then names each member as it is read, in the folder's format; piped, nothing."""
    names = [f"{i:02d}-part.md" for i in range(1, 6)]
    pack = tmp_path / "pack.zip"
    with zipfile.ZipFile(pack, "w") as zf:
        for name in names:
            zf.writestr(
                f"tender/{name}",
                f"# Part {name[:2]}\n\nTenderers must provide a method statement for part "
                f"{name[:2]}.\n",
            )
    env = {**os.environ, "TENDERCHECK_CACHE_DIR": str(tmp_path / "cache")}
    args = [*command(), str(pack), "-f", "json", "--no-cache", "--jobs", "1"]
    text, out = _terminal_stderr(args, env)
    assert "tendercheck: reading 5 file(s) in pack.zip" in text, text
    shown = re.findall(r"tendercheck: reading (\d)/5: (\S+)…", text)
    assert shown == [(str(n), f"tender/{name}") for n, name in enumerate(names, 1)], text
    assert text.endswith("\r\x1b[K")
    assert len(json.loads(out)["inputs"][0]["documents"]) == 5
    piped = subprocess.run(args, capture_output=True, text=True, env=env)
    assert piped.stderr == ""
