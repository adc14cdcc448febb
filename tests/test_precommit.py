"""The pre-commit hook, run by pre-commit itself (`pre-commit try-repo`) in a temporary git
repository: a bad tender fails the hook, a good one passes, one line per file."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .helpers import FIXTURES

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        env={
            **os.environ,
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.org",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.org",
        },
    )


@pytest.fixture(scope="module")
def documents_repo(tmp_path_factory):
    if shutil.which("pre-commit") is None:
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    if not (ROOT / ".git").exists():
        pytest.skip("the project is not a git checkout, so pre-commit cannot try it")
    repo = tmp_path_factory.mktemp("documents")
    _git(repo, "init", "-q")
    shutil.copy(FIXTURES / "council-cleaning-itt.docx", repo / "bad-tender.docx")
    shutil.copy(FIXTURES / "nhs-community-wellbeing-spec.docx", repo / "good-tender.docx")
    (repo / "notes.csv").write_text("not,a,tender\n")
    _git(repo, "add", ".")
    home = tmp_path_factory.mktemp("pre-commit-home")
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "TENDERCHECK_CACHE_DIR": str(home / "tc")}
    return repo, env


def try_repo(repo: Path, env: dict, *files: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["pre-commit", "try-repo", str(ROOT), "tendercheck", "--verbose", "--files", *files],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_bad_tender_fails_the_hook(documents_repo) -> None:
    repo, env = documents_repo
    done = try_repo(repo, env, "bad-tender.docx")
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    assert "Failed" in out
    assert "bad-tender.docx: FAIL score" in out
    assert "ERROR SUPPLIER-01" in out  # the findings, in text form


def test_good_tender_passes_the_hook(documents_repo) -> None:
    repo, env = documents_repo
    done = try_repo(repo, env, "good-tender.docx", "notes.csv")
    out = done.stdout + done.stderr
    assert done.returncode == 0, out
    assert "Passed" in out
    assert "good-tender.docx: ok score" in out
    assert "notes.csv" not in out.split("Passed", 1)[-1]  # not a tender file: not passed to us


def test_readme_and_notes_are_not_tender_documents(documents_repo) -> None:
    """A README.md whose text would fail (a £5m turnover demand for a £40,000 contract) is not
    a tender document, so it is not checked and cannot fail a commit; the same text in
    cleaning-itt.md is checked and fails."""
    repo, env = documents_repo
    text = (
        "# Invitation to tender: cleaning\n\nThe estimated value of the contract is £40,000 per "
        "annum.\n\n## Selection criteria\n\nBidders must have a minimum annual turnover of "
        "£5,000,000.\n"
    )
    names = ("README.md", "CHANGELOG.md", "notes.txt", "cleaning-itt.md")
    for name in names:
        (repo / name).write_text(text, encoding="utf-8")
    _git(repo, "add", *names)
    done = try_repo(repo, env, *names)
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    assert "cleaning-itt.md: FAIL score" in out
    for name in names[:3]:
        assert f"{name}: " not in out, out
