"""Batch that survives and scales out: the summary is written row by row and an interrupted batch
resumes; a worker killed with SIGKILL fails its own pack and the batch goes on; a pack over the
document cap says so; the cache has a size limit and a key that does not depend on where the
files sit.

Every pack is built here, in tmp_path, and the real CLI runs in a subprocess (signals are sent
to it and its workers); each test checks the exit code, the summary's rows, the one-line
messages and that no input file changed.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/task").is_dir(), reason="needs Linux /proc to find worker processes"
)

TENDER = (
    "# Invitation to tender {n}\n\n"
    "The contract is worth £40,000 a year. Bidders must have a minimum annual turnover of "
    "£5,000,000 and hold public liability insurance of £10 million.\n"
)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def hashes(folder: Path) -> dict[str, str]:
    return {str(p): sha(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def make_packs(folder: Path, count: int) -> Path:
    folder.mkdir()
    for n in range(count):
        (folder / f"pack-{n:02d}.md").write_text(TENDER.format(n=n), encoding="utf-8")
    return folder


def env_for(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "TENDERCHECK_CACHE_DIR": str(tmp_path / "cache"), **extra}
    env.pop("TENDERCHECK_DEBUG", None)
    return env


def start(tmp_path: Path, *args: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tendercheck", *args],
        cwd=tmp_path,
        env=env_for(tmp_path, **env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its workers are in its group, and are ended with it
    )


def finish(proc: subprocess.Popen, seconds: float = 60) -> tuple[int, str, str]:
    try:
        out, err = proc.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise
    return proc.returncode, out, err


def run(tmp_path: Path, *args: str, seconds: float = 60, **env: str) -> tuple[int, str, str]:
    return finish(start(tmp_path, *args, **env), seconds)


def children(pid: int) -> list[int]:
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):  # a thread that has just ended
            out += [int(c) for c in (task / "children").read_text().split()]
    return out


def summary_rows(path: Path) -> list[dict]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return json.loads(text)
    return list(csv.DictReader(io.StringIO(text)))


def wait_for(condition, seconds: float = 40) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.01)
    raise AssertionError("timed out waiting")


def _scheduler_address(path: Path) -> str | None:
    try:
        return json.loads(path.read_text())["address"]
    except (OSError, ValueError, KeyError):
        return None


def rows_so_far(path: Path) -> int:
    """Complete rows in a summary being written (without parsing a half-written file)."""
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except OSError:
        return 0
    return sum(1 for line in lines if line.startswith(("pack-", "tenders/", '{"pack"')))


# --- 1. the summary is written row by row; a killed batch resumes ------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_a_batch_killed_half_way_resumes_with_every_row_once(tmp_path: Path, suffix: str) -> None:
    folder = make_packs(tmp_path / "tenders", 20)
    before = hashes(folder)
    summary = tmp_path / f"out{suffix}"
    args = ["batch", "tenders", "--summary", summary.name, "--no-cache", "--jobs", "2"]
    proc = start(tmp_path, *args)
    try:
        wait_for(lambda: rows_so_far(summary) >= 8 or proc.poll() is not None)
        assert proc.poll() is None, "finished before it could be killed"
        os.killpg(proc.pid, signal.SIGKILL)  # the batch and its workers, with no warning
    finally:
        finish(proc)
    kept = summary_rows(summary)  # a complete summary of the packs done so far
    assert 8 <= len(kept) < 20, len(kept)
    # A row cut short by the kill (as when it lands in the middle of a write) is dropped.
    with summary.open("a", encoding="utf-8") as fh:
        fh.write(',\n{"pack": "tenders/pack-' if suffix == ".json" else "tenders/pack-99.md,chec")
    code, out, err = run(tmp_path, *args, "--resume")
    assert code == 1, err  # every pack has an error-level finding (the turnover)
    rows = summary_rows(summary)
    packs = sorted(Path(row["pack"]).name for row in rows)
    assert packs == sorted(p.name for p in folder.iterdir())  # every pack, each once
    assert rows[: len(kept)] == kept  # the earlier rows are kept as they were...
    assert f"20 of 20 pack(s) checked ({len(kept)} in the summary already)" in out  # ...not redone
    assert all(row["status"] == "checked" for row in rows)
    assert err == ""
    assert hashes(folder) == before
    # Resuming a finished batch checks nothing and changes nothing.
    finished = summary.read_bytes()
    code, out, _ = run(tmp_path, *args, "--resume")
    assert code == 1 and "(20 in the summary already)" in out
    assert summary.read_bytes() == finished


def test_resume_refuses_a_file_that_is_not_a_summary(tmp_path: Path) -> None:
    make_packs(tmp_path / "tenders", 2)
    other = tmp_path / "budget.csv"
    other.write_text("month,spend\nJanuary,100\n", encoding="utf-8")
    before = sha(other)
    code, _out, err = run(
        tmp_path, "batch", "tenders", "--summary", "budget.csv", "--resume", "--jobs", "1"
    )
    assert code == 2, err
    assert err.splitlines() == [
        "tendercheck: error: budget.csv: is not a tendercheck batch summary; refusing to resume"
        " over it"
    ]
    assert sha(other) == before


# --- 2. a worker killed with SIGKILL fails its pack; the batch goes on -------------------------


def test_a_sigkilled_worker_leaves_one_failed_row_not_an_aborted_batch(tmp_path: Path) -> None:
    folder = make_packs(tmp_path / "tenders", 6)
    before = hashes(folder)
    summary = tmp_path / "out.json"
    proc = start(
        tmp_path, "batch", "tenders", "--summary", summary.name, "--no-cache", "--jobs", "2"
    )
    try:
        wait_for(lambda: len(children(proc.pid)) >= 2 or proc.poll() is not None)
        assert proc.poll() is None, "finished before a worker could be killed"
        time.sleep(0.2)  # each worker is on its first pack (loading the language model)
        os.kill(children(proc.pid)[0], signal.SIGKILL)
        code, out, err = finish(proc, seconds=60)  # before the fix: the batch hung here
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    rows = summary_rows(summary)
    assert sorted(Path(r["pack"]).name for r in rows) == sorted(p.name for p in folder.iterdir())
    failed = [r for r in rows if r["status"] == "error"]
    assert len(failed) == 1, rows
    assert failed[0]["error"] == (
        f"{failed[0]['pack']}: the worker process died (killed by SIGKILL) while checking it;"
        " not checked"
    )
    assert sum(r["status"] == "checked" for r in rows) == 5
    assert "5 of 6 pack(s) checked" in out
    assert err.splitlines() == [f"tendercheck: {failed[0]['error']}"]
    assert code == 3  # the worst outcome: a pack that could not be checked, not bad input
    assert hashes(folder) == before


# --- 3. a pack over the document cap is reported as such, never silently cut ---------------------


def test_a_pack_over_the_document_cap_is_reported_not_silently_cut(tmp_path: Path) -> None:
    folder = make_packs(tmp_path / "tenders", 1)
    big = folder / "big-pack"
    big.mkdir()
    for n in range(503):  # the limit is 500 documents per pack
        (big / f"{n:03d}-part.md").write_text(f"# Part {n}\n\nThe supplier must clean site {n}.\n")
    before = hashes(folder)
    summary = tmp_path / "out.csv"
    code, out, err = run(
        tmp_path, "batch", "tenders", "--summary", summary.name, "--no-cache", "--jobs", "2"
    )
    assert code == 1, err
    rows = {Path(row["pack"]).name: row for row in summary_rows(summary)}
    cut = rows["big-pack"]
    assert cut["status"] == "partial"
    assert (cut["documents"], cut["documents_over_cap"]) == ("500", "3")
    message = (
        "tenders/big-pack: 3 document(s) over the limit of 500 documents per pack were not read;"
        " the pack was checked only in part"
    )
    assert cut["error"] == message
    assert err.splitlines() == [f"tendercheck: {message}"]
    assert rows["pack-00.md"]["status"] == "checked"
    assert rows["pack-00.md"]["documents_over_cap"] == "0"
    assert "2 of 2 pack(s) checked, 1 of them only in part (over the document limit)" in out
    assert hashes(folder) == before


# --- 4. the cache: a key from content, not location; a size limit with LRU eviction -------------


def entries(cache: Path) -> dict[str, int]:
    return {p.name: p.stat().st_size for p in cache.glob("*.json")}


def run_entries(cache: Path) -> set[str]:
    """The whole-run entries (the others are each document's reading and sentences)."""
    return {
        p.name
        for p in cache.glob("*.json")
        if json.loads(p.read_text(encoding="utf-8"))["kind"] == "run"
    }


def test_the_cache_key_is_the_content_not_where_the_files_sit(tmp_path: Path) -> None:
    first = tmp_path / "2025" / "cleaning-tender"
    first.parent.mkdir()
    make_packs(first, 2)
    epoch = {"SOURCE_DATE_EPOCH": "1767225600"}
    code, _, err = run(tmp_path, str(first), "-f", "json", "-o", "first.json", **epoch)
    assert code == 1, err
    stored = entries(tmp_path / "cache")
    assert len(run_entries(tmp_path / "cache")) == 1
    moved = tmp_path / "archive" / "moved-tender"
    moved.parent.mkdir()
    first.rename(moved)
    before = hashes(moved)
    entry = tmp_path / "cache" / next(iter(run_entries(tmp_path / "cache")))
    os.utime(entry, (1_000_000_000, 1_000_000_000))
    code, _, err = run(tmp_path, str(moved), "-f", "json", "-o", "moved.json", **epoch)
    assert code == 1, err
    assert entries(tmp_path / "cache") == stored  # the same entry answered, none added...
    assert entry.stat().st_mtime > 1_000_000_000  # ...and marked as just used
    one = json.loads((tmp_path / "first.json").read_text())
    two = json.loads((tmp_path / "moved.json").read_text())
    assert [i["path"] for i in two["inputs"]] == [str(moved)]  # where the pack is now
    assert [d["name"] for d in two["inputs"][0]["documents"]] == ["pack-00.md", "pack-01.md"]
    one["inputs"][0]["path"] = str(moved)
    assert one == two  # otherwise the same report
    assert hashes(moved) == before


def test_the_cache_keeps_to_its_size_limit_removing_the_least_recently_used(
    tmp_path: Path,
) -> None:
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.md").write_text(TENDER.format(n=name), encoding="utf-8")
    before = {p.name: sha(p) for p in tmp_path.glob("*.md")}
    cache = tmp_path / "cache"

    def check(name: str, **env: str) -> set[str]:
        code, _, err = run(tmp_path, f"{name}.md", "-f", "json", "-o", f"{name}.json", **env)
        assert code == 1, err
        time.sleep(0.05)  # distinct modification times
        return run_entries(cache)

    # Each check also keeps its document's reading and sentences (small beside the run's entry)
    (entry_a,) = check("a")
    limit = int(2.5 * sum(entries(cache).values()))  # room for two checks' entries, not three
    env = {"TENDERCHECK_CACHE_MAX_MB": repr(limit / (1024 * 1024))}
    (entry_b,) = check("b", **env) - {entry_a}
    assert check("a", **env) == {entry_a, entry_b}  # a hit: a is now the most recently used
    (entry_c,) = check("c", **env) - {entry_a, entry_b}
    assert run_entries(cache) == {entry_a, entry_c}  # b, the least recently used, went
    assert sum(entries(cache).values()) <= limit
    assert {p.name: sha(p) for p in tmp_path.glob("*.md")} == before


# --- 5. Dask distributed: a manifest of packs, on a real cluster on loopback --------------------


def manifest_packs(tmp_path: Path) -> tuple[Path, list[Path]]:
    """Packs in two folders, listed in a manifest with a comment, a blank line, an absolute
    path and the same pack twice (by two spellings)."""
    north, south = make_packs(tmp_path / "north", 2), make_packs(tmp_path / "south", 1)
    manifest = tmp_path / "lists" / "audit.txt"
    manifest.parent.mkdir()
    manifest.write_text(
        "# national audit, first wave\n"
        "../north/pack-00.md\n"
        "\n"
        f"{north / 'pack-01.md'}\n"
        "../south/pack-00.md\n"
        "../south/../south/pack-00.md\n",
        encoding="utf-8",
    )
    return manifest, [north / "pack-00.md", north / "pack-01.md", south / "pack-00.md"]


def test_batch_on_a_local_dask_cluster_from_a_manifest(tmp_path: Path) -> None:
    pytest.importorskip("distributed", reason="the dask extra is not installed")
    manifest, packs = manifest_packs(tmp_path)
    before = {p: sha(p) for p in packs}
    code, out, err = run(
        tmp_path, "batch", "--manifest", str(manifest), "--scheduler", "local", "--jobs", "2",
        "--summary", "out.json", "--no-cache",
    )  # fmt: skip
    assert code == 1, err
    rows = summary_rows(tmp_path / "out.json")
    assert sorted(os.path.abspath(r["pack"]) for r in rows) == sorted(map(str, packs))
    assert {r["status"] for r in rows} == {"checked"}
    assert {r["failed_rules"].split()[0] for r in rows} == {"SUPPLIER-01"}
    assert "3 of 3 pack(s) checked" in out
    assert "Traceback" not in err and "Error" not in err, err
    assert {p: sha(p) for p in packs} == before


def test_batch_on_a_dask_scheduler_by_address_resumes(tmp_path: Path) -> None:
    pytest.importorskip("distributed", reason="the dask extra is not installed")
    manifest, packs = manifest_packs(tmp_path)
    before = {p: sha(p) for p in packs}
    scheduler_file = tmp_path / "scheduler.json"
    env = env_for(tmp_path)
    common = ["--scheduler-file", str(scheduler_file), "--no-dashboard"]
    cluster = [
        subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
             "--port", "0", *common],
            env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
    ]  # fmt: skip
    try:
        # The scheduler writes its file in more than one step: wait until it holds an address.
        wait_for(lambda: _scheduler_address(scheduler_file) is not None)
        cluster.append(
            subprocess.Popen(
                [sys.executable, "-m", "distributed.cli.dask_worker", "--nworkers", "1",
                 "--nthreads", "1", "--host", "127.0.0.1", *common],
                env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
        )  # fmt: skip
        address = _scheduler_address(scheduler_file)
        assert address.startswith("tcp://127.0.0.1:")
        summary = tmp_path / "out.csv"
        # One pack is in the summary already: it is not sent to the cluster again.
        summary.write_text(
            f"pack,status,error,exit_code\n{manifest.parent / '../north/pack-00.md'},checked,,1\n",
            encoding="utf-8",
        )
        code, out, err = run(
            tmp_path, "batch", "--manifest", str(manifest), "--scheduler", address,
            "--summary", summary.name, "--resume", "--no-cache",
        )  # fmt: skip
        assert code == 1, err
        rows = summary_rows(summary)
        assert sorted(os.path.abspath(r["pack"]) for r in rows) == sorted(map(str, packs))
        assert [r["status"] for r in rows] == ["checked"] * 3
        # The earlier file's columns are kept and those it lacked added: its row has them empty.
        assert [r["documents"] for r in rows] == ["", "1", "1"]
        assert "3 of 3 pack(s) checked (1 in the summary already)" in out
        assert "Traceback" not in err, err
    finally:
        for process in reversed(cluster):
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    assert {p: sha(p) for p in packs} == before
