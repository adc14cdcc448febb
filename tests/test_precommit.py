"""The pre-commit hook, run by pre-commit itself in a temporary git repository: a bad tender
fails the hook, a good one passes, one line per file, and only tender documents are checked."""

from __future__ import annotations

import json
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


def _snapshot(into: Path) -> tuple[Path, str]:
    """The checkout as `pre-commit try-repo` sees it (HEAD, plus staged files and changes to
    tracked files, as its _repo_ref does), committed in a clone: (its path, its commit)."""
    shadow = into / "shadow-repo"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(shadow)], check=True, capture_output=True)
    checked_out = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    _git(shadow, "checkout", "-q", checked_out, "-b", "_pc_tmp")  # the checkout's HEAD, as try-repo
    git_dir = shadow / ".git"
    env = {
        **os.environ,
        "GIT_INDEX_FILE": str(git_dir / "index"),
        "GIT_OBJECT_DIRECTORY": str(git_dir / "objects"),
    }
    staged = subprocess.run(
        ["git", "diff", "--staged", "--name-only", "-z", "--diff-filter=ACMRTUXB"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split("\0")
    if any(staged):
        add = ["git", "add", "--", *filter(None, staged)]
        subprocess.run(add, cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run(["git", "add", "-u"], cwd=ROOT, env=env, check=True, capture_output=True)
    _git(shadow, "commit", "-q", "--allow-empty", "--no-verify", "-m", "snapshot")
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=shadow, check=True, capture_output=True, text=True
    )
    return shadow, head.stdout.strip()


@pytest.fixture(scope="module")
def documents_repo(tmp_path_factory):
    """A git repository of documents, and a pre-commit config using this checkout's hook.

    `pre-commit try-repo` (what a hook author runs) builds the hook's environment in a new
    temporary store every time it is called (~30 s: a virtualenv and this package installed);
    `pre-commit run` with a config naming a snapshot of the checkout, as try-repo writes one,
    builds it once in PRE_COMMIT_HOME and reuses it for every run here."""
    if shutil.which("pre-commit") is None:
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    if not (ROOT / ".git").exists():
        pytest.skip("the project is not a git checkout, so pre-commit cannot try it")
    repo = tmp_path_factory.mktemp("documents")
    _git(repo, "init", "-q")
    shutil.copy(FIXTURES / "council-cleaning-itt.docx", repo / "bad-tender.docx")
    shutil.copy(FIXTURES / "nhs-community-wellbeing-spec.docx", repo / "good-tender.docx")
    (repo / "notes.csv").write_text("not,a,tender\n")
    # A README.md whose text would fail (a £5m turnover demand for a £40,000 contract) is not a
    # tender document, so it is not checked and cannot fail a commit; the same text in
    # cleaning-itt.md is checked and fails.
    text = (
        "# Invitation to tender: cleaning\n\nThe estimated value of the contract is £40,000 per "
        "annum.\n\n## Selection criteria\n\nBidders must have a minimum annual turnover of "
        "£5,000,000.\n"
    )
    for name in (*NOT_TENDERS, "cleaning-itt.md"):
        (repo / name).write_text(text, encoding="utf-8")
    _git(repo, "add", ".")
    home = tmp_path_factory.mktemp("pre-commit-home")
    hook_repo, rev = _snapshot(home)
    config = home / "pre-commit-config.yaml"
    config.write_text(
        f"repos:\n- repo: {json.dumps(str(hook_repo))}\n  rev: {rev}\n  hooks:\n"
        "  - id: tendercheck\n",
        encoding="utf-8",
    )
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "TENDERCHECK_CACHE_DIR": str(home / "tc")}
    return repo, env, config


NOT_TENDERS = ("README.md", "CHANGELOG.md", "notes.txt")


def run_hook(documents_repo, *files: str) -> tuple[int, str]:
    repo, env, config = documents_repo
    done = subprocess.run(
        ["pre-commit", "run", "--config", str(config), "--verbose", "--files", *files],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    return done.returncode, done.stdout + done.stderr


def test_bad_tenders_fail_the_hook(documents_repo) -> None:
    """A bad .docx fails, and so does a Markdown file named as a tender (cleaning-itt.md)."""
    code, out = run_hook(documents_repo, "bad-tender.docx", "cleaning-itt.md")
    assert code == 1, out
    assert "Failed" in out
    assert "bad-tender.docx: FAIL score" in out
    assert "ERROR SUPPLIER-01" in out  # the findings, in text form
    assert "cleaning-itt.md: FAIL score" in out


def test_good_tender_passes_and_readme_and_notes_are_not_tender_documents(documents_repo) -> None:
    """A good tender passes; notes.csv, README.md, CHANGELOG.md and notes.txt (the last three
    holding the failing text of cleaning-itt.md) are not passed to the hook, so they cannot
    fail the commit."""
    code, out = run_hook(documents_repo, "good-tender.docx", "notes.csv", *NOT_TENDERS)
    assert code == 0, out
    assert "Passed" in out
    assert "good-tender.docx: ok score" in out
    assert "notes.csv" not in out.split("Passed", 1)[-1]  # not a tender file: not passed to us
    for name in NOT_TENDERS:
        assert f"{name}: " not in out, out
