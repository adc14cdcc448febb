"""Hostile outputs, caches and configuration: what the user asks tendercheck to write, what it
reads back from its cache, and what a pack carries with it must never destroy an input, run
code, or silence the checks.

Every hostile file is built here, in tmp_path; inputs are hashed before and after.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from tendercheck.cli import main

from .helpers import make_docx_bytes

TENDER = (
    "# Invitation to tender\n\n"
    "The contract is for office cleaning. The total contract value is £40,000.\n\n"
    "Bidders must have a minimum annual turnover of £5 million.\n"
)


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, [*args], catch_exceptions=False, env=env)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_line(result) -> str:
    assert "Traceback" not in result.output
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def tender(tmp_path: Path) -> Path:
    path = tmp_path / "spec.md"
    path.write_text(TENDER, encoding="utf-8")
    return path


# --- 1. outputs: never over an input, through to devices and pipes, failures are exit 2 --------


def _spell(tender: Path, how: str) -> Path:
    if how == "same":
        return tender
    if how == "spelling":
        (tender.parent / "sub").mkdir()
        return tender.parent / "sub" / ".." / "." / tender.name
    if how == "symlink":
        link = tender.parent / "report.json"
        link.symlink_to(tender)
        return link
    if how == "hardlink":
        link = tender.parent / "report.json"
        os.link(tender, link)
        return link
    raise AssertionError(how)


@pytest.mark.parametrize("how", ["same", "spelling", "symlink", "hardlink"])
@pytest.mark.parametrize("command", ["check", "inspect", "facts"])
def test_output_that_is_an_input_is_refused(tender: Path, how: str, command: str) -> None:
    out = _spell(tender, how)
    before = sha(tender)
    fmt = ["-f", "json"]
    result = run(
        command, str(tender), *fmt, "-o", str(out), *(["--no-cache"] * (command == "check"))
    )
    assert result.exit_code == 2, result.output
    line = one_line(result)
    assert str(out) in line and "is one of the inputs" in line, line
    assert sha(tender) == before
    if how == "symlink":
        assert out.is_symlink() and out.resolve() == tender
    if how == "hardlink":
        assert out.stat().st_ino == tender.stat().st_ino


def test_output_over_a_file_in_an_input_folder_is_refused(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "01 Invitation.md").write_text(TENDER, encoding="utf-8")
    pricing = pack / "pricing.csv"  # not read (not a tender format), but part of the pack
    pricing.write_text("item,price\ncleaning,100\n", encoding="utf-8")
    before = sha(pricing)
    result = run(str(pack), "-f", "json", "-o", str(pricing), "--no-cache")
    assert result.exit_code == 2, result.output
    line = one_line(result)
    assert str(pricing) in line and f"input folder {pack}" in line, line
    assert sha(pricing) == before


def test_annotated_copy_over_a_hard_link_to_the_input_is_refused(tmp_path: Path) -> None:
    spec = tmp_path / "spec.docx"
    spec.write_bytes(make_docx_bytes([("Heading 1", "Specification"), (None, TENDER)]))
    link = tmp_path / "spec.tendercheck.docx"  # where the copy would go: the input by another name
    os.link(spec, link)
    before = sha(spec)
    result = run(str(spec), "--annotate", "--force", "-f", "json", "-o", "-", "--no-cache")
    assert result.exit_code == 2, result.output
    line = one_line(result)
    assert str(link) in line and "is one of the inputs" in line, line
    assert sha(spec) == before and link.stat().st_ino == spec.stat().st_ino


def test_batch_summary_over_a_pack_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "tenders"
    folder.mkdir()
    (folder / "a.md").write_text(TENDER, encoding="utf-8")
    data = folder / "data.csv"
    data.write_text("keep,me\n1,2\n", encoding="utf-8")
    before = sha(data)
    result = run("batch", str(folder), "--summary", str(data), "--no-cache", "-j", "1")
    assert result.exit_code == 2, result.output
    line = one_line(result)
    assert str(data) in line and "is one of the inputs" in line, line
    assert sha(data) == before


def _read_fifo(path: Path, into: list[bytes]) -> threading.Thread:
    def reader() -> None:
        with open(path, "rb") as fh:
            into.append(fh.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    return thread


def _release(path: Path, thread: threading.Thread) -> None:
    """Unblock a reader still waiting for a writer (when the pipe was renamed over)."""
    thread.join(timeout=5)
    if thread.is_alive():
        try:
            fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
            os.close(fd)
        except OSError:
            pass
        thread.join(timeout=5)


@pytest.mark.parametrize("via_symlink", [False, True])
def test_report_is_written_through_a_pipe_not_over_it(
    tender: Path, tmp_path: Path, via_symlink: bool
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    out = fifo
    if via_symlink:
        out = tmp_path / "out.json"
        out.symlink_to(fifo)
    got: list[bytes] = []
    thread = _read_fifo(fifo, got)
    try:
        result = run(str(tender), "-f", "json", "-o", str(out), "--no-cache")
    finally:
        _release(fifo, thread)
    assert result.exit_code == 1, result.output  # the tender has an error finding
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert out.is_symlink() == via_symlink
    assert got and b'"schema": "tendercheck-report/1"' in got[0]


def test_full_device_is_exit_2_naming_the_output(tender: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    out.symlink_to("/dev/full")
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    result = run(str(tender), "-f", "json", "-o", str(out), "--no-cache")
    assert result.exit_code == 2, result.output
    line = one_line(result)
    assert str(out) in line and "no space left on device" in line.lower(), line
    assert out.is_symlink() and os.readlink(out) == "/dev/full"
    assert listing(tmp_path) == ["report.json", "spec.md"]


def test_full_disk_leaves_no_partial_file(
    tender: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "report.json"
    out.write_text("the previous report\n", encoding="utf-8")
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, fh):
            self.fh = fh

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def write(self, data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def flush(self):
            pass

        def fileno(self):
            return self.fh.fileno()

    def fdopen(fd, mode="r", *args, **kwargs):
        fh = real_fdopen(fd, mode, *args, **kwargs)
        return Full(fh) if mode == "wb" else fh

    monkeypatch.setattr(os, "fdopen", fdopen)
    result = run(str(tender), "-f", "json", "-o", str(out), "--no-cache", "-j", "1")
    monkeypatch.undo()
    assert result.exit_code == 2, result.output
    line = one_line(result)
    assert str(out) in line and "no space left on device" in line.lower(), line
    assert out.read_text(encoding="utf-8") == "the previous report\n"
    assert listing(tmp_path) == ["report.json", "spec.md"]


def test_read_only_output_folder_is_exit_2(
    tender: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    out = folder / "report.json"
    if os.geteuid() == 0:  # root writes anywhere: make the folder refuse it as a read-only one
        import tempfile

        real_mkstemp = tempfile.mkstemp

        def mkstemp(*args, dir=None, **kwargs):
            if dir is not None and Path(dir) == folder:
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(dir))
            return real_mkstemp(*args, dir=dir, **kwargs)

        monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    folder.chmod(0o555)
    try:
        result = run(str(tender), "-f", "json", "-o", str(out), "--no-cache", "-j", "1")
    finally:
        monkeypatch.undo()
        folder.chmod(0o755)
    assert result.exit_code == 2, result.output
    line = one_line(result)
    assert str(out) in line and "permission denied" in line.lower(), line
    assert listing(folder) == []


def test_file_name_too_long_is_exit_2(tender: Path, tmp_path: Path) -> None:
    out = tmp_path / ("r" * 300 + ".json")
    before = sha(tender)
    result = run(str(tender), "-f", "json", "-o", str(out), "--no-cache")
    assert result.exit_code == 2, result.output
    line = one_line(result)
    assert str(out) in line and "too long" in line.lower(), line
    assert listing(tmp_path) == ["spec.md"]
    assert sha(tender) == before


# --- 2. the result cache holds data, never code --------------------------------------------------


class _Payload:
    """Unpickling this creates ``marker``: what a planted cache entry would do."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def _rules(result) -> list[tuple[str, str]]:
    import json

    return [(r["id"], r["status"]) for r in json.loads(result.stdout)["rules"]]


def test_planted_cache_entries_are_a_miss_never_code(tender: Path, tmp_path: Path) -> None:
    import json
    import pickle

    cache = tmp_path / "cache"
    env = {"TENDERCHECK_CACHE_DIR": str(cache)}
    before = sha(tender)
    first = run(str(tender), "-f", "json", "-j", "1", env=env)
    assert first.exit_code == 1, first.output
    kinds = {p.stem: _kind(p) for p in cache.iterdir() if not p.name.startswith(".")}
    assert sorted(kinds.values()) == ["document", "run", "sentences"], listing(cache)
    (key,) = [k for k, kind in kinds.items() if kind == "run"]
    marker = tmp_path / "ran-code"
    forged = {  # the entry format, naming a class that is not one of the model's
        "schema": "tendercheck-cache/2",
        "kind": "run",
        "key": key,
        "value": {"c": "Popen", "f": {"args": ["touch", str(marker)]}},
    }
    planted = {
        "pickle": pickle.dumps(_Payload(marker)),
        "garbage": os.urandom(4096),
        "forged": json.dumps(forged).encode(),
    }
    for name, payload in planted.items():
        for suffix in (".pickle", ".json"):  # whatever the entry's name, under the right key
            (cache / f"{key}{suffix}").write_bytes(payload)
        again = run(str(tender), "-f", "json", "-j", "1", env=env)
        assert not marker.exists(), f"a planted {name} entry ran code"
        assert again.exit_code == 1, (name, again.output)
        assert again.stderr == "", name
        assert _rules(again) == _rules(first), name  # recomputed, not the planted entry
    assert sha(tender) == before


def _kind(path: Path) -> str:
    import json

    return json.loads(path.read_text(encoding="utf-8"))["kind"]


def test_cache_entries_are_data(tender: Path, tmp_path: Path) -> None:
    import json

    cache = tmp_path / "cache"
    env = {"TENDERCHECK_CACHE_DIR": str(cache)}
    first = run(str(tender), "-f", "json", "-j", "1", env=env)
    entries = [p for p in cache.iterdir() if not p.name.startswith(".")]
    assert len(entries) == 3  # the run's, and its one document's reading and sentences
    for path in entries:
        entry = json.loads(path.read_text(encoding="utf-8"))
        assert entry["schema"] == "tendercheck-cache/2" and entry["key"] == path.stem
        assert entry["kind"] in ("run", "document", "sentences")
    second = run(str(tender), "-f", "json", "-j", "1", env=env)  # answered from the entry
    assert second.exit_code == first.exit_code == 1
    assert json.loads(second.stdout)["rules"] == json.loads(first.stdout)["rules"]


@pytest.mark.parametrize("where", ["a-file", "under-a-file"])
def test_unusable_cache_folder_still_checks(tender: Path, tmp_path: Path, where: str) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be\n", encoding="utf-8")
    cache = blocker if where == "a-file" else blocker / "cache"
    result = run(str(tender), "-f", "json", "-j", "1", env={"TENDERCHECK_CACHE_DIR": str(cache)})
    assert result.exit_code == 1, result.output
    assert result.stderr == ""
    assert ("SPEC-02", "fail") in _rules(result)
    assert blocker.read_text(encoding="utf-8") == "a file where the cache folder should be\n"


# --- 4. the pre-commit hook passes file names after "--" -----------------------------------------


def test_precommit_hook_takes_option_like_names_as_files(tmp_path: Path) -> None:
    import shlex
    import subprocess
    import sys

    import yaml

    root = Path(__file__).resolve().parents[1]
    (hook,) = yaml.safe_load((root / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    entry = shlex.split(hook["entry"])
    assert entry[0] == "tendercheck"
    evil = tmp_path / "--config=x.md"  # what a hostile commit can name a file
    evil.write_text(TENDER, encoding="utf-8")
    (tmp_path / "x.md").write_text("select = []\n", encoding="utf-8")
    before = sha(evil)
    # pre-commit runs: entry, then the hook's args, then the staged file names
    command = [sys.executable, "-m", "tendercheck", *entry[1:], *hook.get("args", []), evil.name]
    env = {**os.environ, "TENDERCHECK_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert "Traceback" not in done.stderr
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"{evil.name}: FAIL score" in done.stdout
    assert "ERROR SPEC-02" in done.stdout
    assert sha(evil) == before


# --- 3. a pack's own configuration and user rule packs --------------------------------------


def _pack_with_config(tmp_path: Path, config: str) -> Path:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "01 Invitation.md").write_text(TENDER, encoding="utf-8")
    (pack / "tendercheck.toml").write_text(config, encoding="utf-8")
    return pack


def test_pack_config_cannot_switch_checks_off(tmp_path: Path) -> None:
    import json

    pack = _pack_with_config(tmp_path, 'select = ["NOTHING-01"]\nfail_on = "error"\n')
    before = {p.name: sha(p) for p in pack.iterdir()}
    result = run(str(pack), "-f", "json", "--no-cache")
    assert result.exit_code == 1, result.output  # SPEC-02 still fails: the pack's config is unused
    report = json.loads(result.stdout)
    assert ("SPEC-02", "fail") in _rules(result)
    assert report["config"] == {
        "path": None,
        "source": "default",
        "pack_config_ignored": str(pack / "tendercheck.toml"),
    }
    text = run(str(pack), "-f", "text", "--no-cache")
    assert f"{pack / 'tendercheck.toml'} is inside the pack and was not used" in text.stdout
    html = run(str(pack), "-f", "html", "-o", "-", "--no-cache")
    assert f"{pack / 'tendercheck.toml'} is inside the pack and was not used" in html.stdout
    trusted = run(str(pack), "-f", "json", "--no-cache", "--trust-pack-config")
    assert trusted.exit_code == 0, trusted.output  # asked for: the pack's config applies
    assert json.loads(trusted.stdout)["config"]["source"] == "pack"
    assert {p.name: sha(p) for p in pack.iterdir()} == before


def test_pack_config_cannot_load_its_own_rule_packs(tmp_path: Path) -> None:
    import json

    pack = _pack_with_config(tmp_path, 'rules = ["packrules"]\n')
    (pack / "packrules").mkdir()
    (pack / "packrules" / "mine.yaml").write_text("rules: [not a rule]\n", encoding="utf-8")
    result = run(str(pack), "-f", "json", "--no-cache")
    assert result.exit_code == 1, result.output  # the pack's rule pack was never loaded
    assert json.loads(result.stdout)["config"]["source"] == "default"
    trusted = run(str(pack), "-f", "json", "--no-cache", "--trust-pack-config")
    assert trusted.exit_code == 2  # asked for: loaded, and refused as a bad pack
    assert "mine.yaml" in one_line(trusted)


def _user_pack(tmp_path: Path, **changes) -> Path:
    """A user rule pack: the shipped SOCIAL-01, renumbered, with ``changes``."""
    import copy

    import yaml

    root = Path(__file__).resolve().parents[1]
    shipped = yaml.safe_load((root / "rules" / "social.yaml").read_text(encoding="utf-8"))
    rule = copy.deepcopy(next(r for r in shipped["rules"] if r["id"] == "SOCIAL-01"))
    rule["id"] = "SOCIAL-90"
    for key, value in changes.items():
        if key == "patterns":
            rule["params"]["patterns"] = value
        else:
            rule[key] = value
    folder = tmp_path / "ours"
    folder.mkdir()
    path = folder / "ours.yaml"
    path.write_text(yaml.safe_dump({"pack": "ours", "rules": [rule]}), encoding="utf-8")
    return path


def test_rule_pack_help_link_must_be_https(tmp_path: Path) -> None:
    good = _user_pack(tmp_path, help_url="https://example.org/social")
    assert run("rules", "list", "--rules", str(good.parent)).exit_code == 0
    good.unlink()
    good.parent.rmdir()
    path = _user_pack(tmp_path, help_url="javascript:alert(document.cookie)")
    result = run("rules", "list", "--rules", str(path.parent))
    assert result.exit_code == 2, result.output
    line = one_line(result)
    assert str(path) in line and "help_url" in line and "https://" in line, line


def test_rule_pack_regex_with_catastrophic_backtracking_is_refused(tmp_path: Path) -> None:
    path = _user_pack(tmp_path, patterns=[r"\bsocial\s+value\b", r"^(\w+\s?)*$"])
    result = run("rules", "list", "--rules", str(path.parent))
    assert result.exit_code == 2, result.output
    line = one_line(result)
    assert str(path) in line and "SOCIAL-90" in line and "exponential" in line, line


BOMB_LEVELS = 9  # 10 ** 9 copies of "lol" if the aliases were expanded


def _alias_bomb_pack(folder: Path) -> Path:
    """A valid-looking pack whose rule message is a "billion laughs" of nested aliases."""
    path = _user_pack(folder, message="BOMB")
    levels = ['  - &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, BOMB_LEVELS):
        levels.append(f"  - &l{n} [" + ", ".join([f"*l{n - 1}"] * 10) + "]")
    text = path.read_text(encoding="utf-8")
    assert text.count("message: BOMB\n") == 1
    text = text.replace("message: BOMB\n", f"message: *l{BOMB_LEVELS - 1}\n")
    path.write_text("description:\n" + "\n".join(levels) + "\n" + text, encoding="utf-8")
    return path


def test_yaml_alias_bomb_is_refused_fast_in_bounded_memory(tmp_path: Path) -> None:
    import resource
    import subprocess
    import sys
    import time

    path = _alias_bomb_pack(tmp_path)

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "tendercheck", "rules", "list", "--rules", str(path.parent)],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=limit,
        env={**os.environ, "TENDERCHECK_CACHE_DIR": str(tmp_path / "cache")},
    )
    elapsed = time.monotonic() - start
    assert done.returncode == 2, done.stderr[-2000:]
    lines = [ln for ln in done.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, done.stderr[-2000:]
    assert str(path) in lines[0] and "aliases" in lines[0], lines[0]
    assert elapsed < 30
