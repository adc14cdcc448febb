"""Hostile input, the remaining cases of issue 15: files and folders that cannot be read, user
text in click's own usage errors, PDF filters other than Flate, and LibreOffice's child
processes on a timeout.

Every hostile input is built here, in tmp_path. Each test runs the real CLI (a subprocess, or
click's CliRunner), checks the exit code and the one line on stderr (or the reason in the
report), and that no input file changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from .test_hostile_bombs import pdf_with_content

TENDER = (
    "Invitation to tender\n\n"
    "The contract is worth £40,000 a year. Bidders must have a minimum annual turnover of "
    "£5,000,000 and hold public liability insurance.\n"
)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- 1. files and folders that cannot be read ---------------------------------------------------
#
# Root reads a chmod 000 file. Run as root, the CLI goes into a new user namespace with no user
# mapped (`unshare --user`): it keeps its own files' owner bits but loses every capability over
# them, so the kernel refuses a chmod 000 file or folder to it as it would to any other user.


def _unprivileged_prefix(probe: Path) -> list[str]:
    """What to put before a command so that file permissions apply to it; skip if impossible."""
    if os.geteuid() != 0:
        return []
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("running as root and no unshare(1) to drop the permission override")
    probe.write_text("x", encoding="utf-8")
    probe.chmod(0)
    try:
        done = subprocess.run(
            [unshare, "--user", "--", "cat", str(probe)], capture_output=True, timeout=30
        )
    finally:
        probe.chmod(0o644)
        probe.unlink()
    if done.returncode == 0 or b"ermission denied" not in done.stderr:
        pytest.skip("running as root and a user namespace does not drop the override here")
    return [unshare, "--user", "--"]


def run_unprivileged(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    """The real CLI, subject to file permissions, with a cache folder of its own (filled)."""
    prefix = _unprivileged_prefix(tmp_path / "probe")
    env = {**os.environ, "TENDERCHECK_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("TENDERCHECK_DEBUG", None)
    return subprocess.run(
        [*prefix, sys.executable, "-m", "tendercheck", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env=env,
    )


def _locked_pack(tmp_path: Path) -> tuple[Path, dict[Path, int]]:
    """A folder pack with a readable tender, an unreadable file, an unlistable folder and a
    folder that can be listed but not searched; returns it and the modes to restore."""
    pack = tmp_path / "pack"
    (pack / "annexes").mkdir(parents=True)
    (pack / "schedules").mkdir()
    (pack / "1 spec.txt").write_text(TENDER, encoding="utf-8")
    (pack / "3 pricing.txt").write_text("Pricing schedule", encoding="utf-8")
    (pack / "annexes" / "annex a.txt").write_text("Annex A", encoding="utf-8")
    (pack / "schedules" / "schedule 1.txt").write_text("Schedule 1", encoding="utf-8")
    modes = {
        pack / "3 pricing.txt": 0o000,  # cannot be read
        pack / "annexes": 0o000,  # cannot be listed
        pack / "schedules": 0o444,  # can be listed, but what it holds cannot be opened
    }
    return pack, modes


def _hashes_after_restoring(modes: dict[Path, int], folder: Path) -> dict[str, str]:
    for path in modes:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return {str(p): sha(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def test_unreadable_files_and_folders_in_a_folder_pack_are_skipped_with_a_reason(
    tmp_path: Path,
) -> None:
    pack, modes = _locked_pack(tmp_path)
    before = _hashes_after_restoring({}, pack)
    for path, mode in modes.items():
        path.chmod(mode)
    try:
        listing = run_unprivileged(tmp_path, "inspect", str(pack))
        checked = run_unprivileged(tmp_path, str(pack), "-f", "json")  # with the cache on
        again = run_unprivileged(tmp_path, str(pack), "-f", "json")
    finally:
        after = _hashes_after_restoring(modes, pack)
    assert listing.returncode == 0, listing.stderr[-2000:]
    assert "1 document(s)" in listing.stdout
    assert "3 pricing.txt: error: permission denied" in listing.stdout
    assert "annexes/: error: folder cannot be read (permission denied)" in listing.stdout
    assert "schedules/schedule 1.txt: error: permission denied" in listing.stdout
    for done in (checked, again):
        assert done.returncode == 1, done.stderr[-2000:]  # SUPPLIER-01 fails: the tender read
        assert done.stderr == ""
        skipped = {s["name"]: (s["reason"], s["error"]) for s in json.loads(done.stdout)["skipped"]}
        assert skipped == {
            "3 pricing.txt": ("permission denied", True),
            "annexes/": ("folder cannot be read (permission denied)", True),
            "schedules/schedule 1.txt": ("permission denied", True),
        }
    assert after == before


@pytest.mark.parametrize("command", ["check", "inspect", "facts"])
def test_an_unreadable_file_given_directly_is_exit_2_with_one_line(
    tmp_path: Path, command: str
) -> None:
    path = tmp_path / "spec.txt"
    path.write_text(TENDER, encoding="utf-8")
    before = sha(path)
    path.chmod(0)
    try:
        done = run_unprivileged(tmp_path, command, str(path), "-f", "text")
    finally:
        path.chmod(0o644)
    assert done.returncode == 2, done.stderr[-2000:]
    assert done.stderr.splitlines() == [f"tendercheck: error: {path}: permission denied"]
    assert done.stdout == ""
    assert sha(path) == before


@pytest.mark.parametrize(
    ("mode", "where"), [(0o000, "folder"), (0o444, "folder"), (0o444, "file inside")]
)
def test_an_unreadable_folder_given_directly_is_exit_2_with_one_line(
    tmp_path: Path, mode: int, where: str
) -> None:
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "1 spec.txt").write_text(TENDER, encoding="utf-8")
    before = sha(folder / "1 spec.txt")
    target = folder if where == "folder" else folder / "1 spec.txt"
    folder.chmod(mode)
    try:
        checked = run_unprivileged(tmp_path, str(target), "-f", "json")
        listed = run_unprivileged(tmp_path, "inspect", str(target))
        html = run_unprivileged(tmp_path, str(target))  # the report would go beside it
        facts = run_unprivileged(tmp_path, "facts", str(target))  # a tender.toml could be in it
    finally:
        folder.chmod(0o755)
    reason = (
        "the folder cannot be read (permission denied)"
        if where == "folder"
        else "cannot be reached (permission denied)"
    )
    for done in (checked, listed, html, facts):
        assert done.returncode == 2, done.stderr[-2000:]
        assert done.stderr.splitlines() == [f"tendercheck: error: {target}: {reason}"]
        assert done.stdout == ""
    assert sha(folder / "1 spec.txt") == before
    assert sorted(p.name for p in folder.iterdir()) == ["1 spec.txt"]


def test_batch_reports_unreadable_packs_as_errors_and_checks_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "tenders"
    folder.mkdir()
    (folder / "good.txt").write_text(TENDER, encoding="utf-8")
    (folder / "locked.txt").write_text(TENDER, encoding="utf-8")
    (folder / "locked pack").mkdir()
    (folder / "locked pack" / "spec.txt").write_text(TENDER, encoding="utf-8")
    modes = {folder / "locked.txt": 0o000, folder / "locked pack": 0o000}
    before = _hashes_after_restoring({}, folder)
    for path, mode in modes.items():
        path.chmod(mode)
    summary = tmp_path / "summary.json"
    try:
        done = run_unprivileged(tmp_path, "batch", str(folder), "--summary", str(summary))
        unlisted = tmp_path / "unlisted"
        unlisted.mkdir(mode=0)
        whole = run_unprivileged(tmp_path, "batch", str(unlisted), "--summary", "x.csv")
        unlisted.rmdir()
    finally:
        after = _hashes_after_restoring(modes, folder)
    assert done.returncode == 2, done.stderr[-2000:]
    rows = {Path(r["pack"]).name: r for r in json.loads(summary.read_text(encoding="utf-8"))}
    assert rows["good.txt"]["status"] == "checked"
    assert rows["locked.txt"]["status"] == "error"
    assert rows["locked.txt"]["error"].endswith("locked.txt: permission denied")
    assert rows["locked pack"]["error"].endswith(
        "locked pack: the folder cannot be read (permission denied)"
    )
    assert "internal error" not in done.stderr
    assert whole.returncode == 2
    assert whole.stderr.splitlines() == [
        f"tendercheck: error: {unlisted}: the folder cannot be read (permission denied)"
    ]
    assert after == before


# --- 2. click's own usage errors show the user's text escaped -------------------------------------

# An OSC sequence (retitles the terminal), an 8-bit CSI (recolours it), a right-to-left override
# and a newline that would forge a second "Error:" line. On a terminal click strips only 7-bit
# colour codes from what it prints, and none of these.
HOSTILE_ARG = "x\x1b]0;owned\x07\x9b32m\u202e\nError: forged"
HOSTILE_SHOWN = "x\\x1b]0;owned\\x07\\x9b32m\\u202e\\nError: forged"
RAW_CONTROLS = ("\x1b", "\x9b", "\u202e", "\x07")


def run_in_terminal(*args: str):
    """The CLI as it prints on a terminal (click keeps escape sequences there)."""
    from click.testing import CliRunner

    from tendercheck.cli import main

    return CliRunner().invoke(main, list(args), catch_exceptions=False, color=True)


def assert_escaped_usage_error(result, *needles: str) -> None:
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert not any(raw in result.output for raw in RAW_CONTROLS), repr(result.output)
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.stderr  # no forged line
    assert "Traceback" not in result.output
    for needle in needles:
        assert needle in errors[0], errors[0]


@pytest.mark.parametrize(
    "args",
    [
        ["rules", "list", HOSTILE_ARG],
        ["rules", "explain", "SUPPLIER-01", HOSTILE_ARG],
        ["profile", "init", "org.toml", HOSTILE_ARG],
        ["batch", "{folder}", HOSTILE_ARG, "--summary", "{folder}.csv"],
    ],
    ids=["rules-list", "rules-explain", "profile-init", "batch"],
)
def test_extra_arguments_are_shown_escaped(tmp_path: Path, args: list[str]) -> None:
    folder = tmp_path / "tenders"
    folder.mkdir()
    (folder / "spec.txt").write_text(TENDER, encoding="utf-8")
    before = sha(folder / "spec.txt")
    result = run_in_terminal(*(a.format(folder=folder) for a in args))
    assert_escaped_usage_error(result, "unexpected extra argument", HOSTILE_SHOWN)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tenders"]  # nothing written
    assert sha(folder / "spec.txt") == before


def test_a_folder_name_in_a_usage_error_is_shown_escaped(tmp_path: Path) -> None:
    folder = tmp_path / ("empty" + HOSTILE_ARG.replace("/", ""))
    folder.mkdir()
    (folder / ".hidden.txt").write_text(TENDER, encoding="utf-8")  # nothing to check
    result = run_in_terminal("batch", str(folder), "--summary", str(tmp_path / "s.csv"))
    assert_escaped_usage_error(result, "holds nothing to check", HOSTILE_SHOWN)
    assert not (tmp_path / "s.csv").exists()


# --- 3. PDF streams compressed with LZW or RunLength are measured as Flate ones are ------------


MB = 1 << 20
PDF_TEXT = b"BT /F1 12 Tf 72 720 Td (The supplier must clean the offices weekly.) Tj ET\n"
DRAWING = b"0 0 m 1 1 l S\n" * (MB // 14)  # ~1 MB of tiny line drawings


def lzw_codes(data: bytes) -> list[tuple[int, int]]:
    """PDF LZW (EarlyChange 1) of ``data`` as (code, width): a clear code, the data, a clear."""
    table = {bytes((i,)): i for i in range(256)}
    codes, following, width, current = [(256, 9)], 258, 9, b""

    def emit(code: int) -> None:
        nonlocal following, width
        codes.append((code, width))
        following += 1  # the entry the decoder adds on reading the next code
        width = 9 + (following >= 512) + (following >= 1024) + (following >= 2048)

    for byte in data:
        longer = current + bytes((byte,))
        if longer in table:
            current = longer
            continue
        table[longer] = following
        emit(table[current])
        current = bytes((byte,))
        if following >= 4000:  # a new table before it is full
            emit(table[current])
            codes.append((256, width))
            table = {bytes((i,)): i for i in range(256)}
            following, width, current = 258, 9, b""
    if current:
        emit(table[current])
    codes.append((256, width))
    return codes


def lzw_stream(megabytes: int) -> bytes:
    """A page's text, then ``megabytes`` MB of drawings, LZW-coded (each MB coded once and its
    codes repeated: the coding restarts with a clear code)."""
    bits = "".join(format(code, f"0{width}b") for code, width in lzw_codes(PDF_TEXT + DRAWING))
    again = "".join(format(code, f"0{width}b") for code, width in lzw_codes(DRAWING)[1:])
    bits += again * (megabytes - 1) + format(257, "09b")
    bits += "0" * (-len(bits) % 8)
    return int(bits, 2).to_bytes(len(bits) // 8, "big")


def run_length_stream(megabytes: int) -> bytes:
    """A page's text, then ``megabytes`` MB of spaces, RunLength-coded (128 spaces in 2 bytes)."""
    return bytes((len(PDF_TEXT) - 1,)) + PDF_TEXT + b"\x81 " * (megabytes * MB // 128) + b"\x80"


def run_measured(tmp_path: Path, *args: str) -> tuple[int, str, str, float, int]:
    """The CLI under RLIMIT_AS = 1 GB and a 60 s timeout, started from a small Python process
    that reports the peak memory of the CLI and its workers: (code, out, err, CPU s, peak MB)."""
    script = (
        "import resource, subprocess, sys\n"
        "GB = 1 << 30\n"
        "limit = lambda: resource.setrlimit(resource.RLIMIT_AS, (GB, GB))\n"
        "done = subprocess.run([sys.executable, '-m', 'tendercheck', *sys.argv[1:]],\n"
        "                      capture_output=True, text=True, timeout=60, preexec_fn=limit)\n"
        "use = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "sys.stderr.write(done.stderr)\n"
        "sys.stdout.write(done.stdout)\n"
        "print(done.returncode, use.ru_utime + use.ru_stime, use.ru_maxrss // 1024)\n"
    )
    env = {**os.environ, "TENDERCHECK_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("TENDERCHECK_DEBUG", None)
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        timeout=90,
        cwd=tmp_path,
        env=env,
    )
    *out, last = done.stdout.splitlines() or [""]
    code, cpu, peak = last.split()
    return int(code), "\n".join(out), done.stderr, float(cpu), int(peak)


@pytest.mark.parametrize(
    ("filters", "encode"),
    [
        ("/LZWDecode", lambda stream: stream),
        ("[/FlateDecode /LZWDecode]", lambda stream: zlib.compress(stream, 9)),
        ("[/ASCIIHexDecode /LZWDecode]", lambda stream: stream.hex().encode() + b">"),
    ],
    ids=["lzw", "flate-then-lzw", "hex-then-lzw"],
)
def test_an_lzw_content_stream_bomb_is_refused(tmp_path: Path, filters: str, encode) -> None:
    small = tmp_path / "small.pdf"
    small.write_bytes(pdf_with_content(encode(lzw_stream(1)), filters))
    code, out, err, _, _ = run_measured(tmp_path, "inspect", str(small))
    assert code == 0, err  # an ordinary LZW stream is read: the check lets it through
    assert "1 page, 7 words" in out  # PDFium read the text
    bomb = tmp_path / "content.pdf"
    bomb.write_bytes(pdf_with_content(encode(lzw_stream(250)), filters))
    assert bomb.stat().st_size < 7 * MB  # decodes to 250 MB
    before = sha(bomb)
    at = bomb.read_bytes().index(b"\nstream\n") + 1
    code, out, err, cpu, peak = run_measured(tmp_path, "inspect", str(bomb))
    assert code == 2, (code, err[-2000:])
    assert err.splitlines() == [
        f"tendercheck: error: {bomb}: a compressed stream in the PDF inflates to over 32 MB "
        f"(byte {at}), over the limit for one stream; refusing to read it (possible "
        "decompression bomb)"
    ]
    assert peak < 300, peak  # refused before PDFium parses it (it took 840 MB, then aborted)
    assert cpu < 20, cpu
    assert sha(bomb) == before


def test_a_run_length_content_stream_bomb_is_refused(tmp_path: Path) -> None:
    small = tmp_path / "small.pdf"
    small.write_bytes(pdf_with_content(run_length_stream(1), "/RunLengthDecode"))
    code, out, err, _, _ = run_measured(tmp_path, "inspect", str(small))
    assert code == 0, err
    assert "1 page, 7 words" in out
    bomb = tmp_path / "content.pdf"
    bomb.write_bytes(pdf_with_content(run_length_stream(600), "/RunLengthDecode"))
    assert bomb.stat().st_size < 10 * MB  # decodes to 600 MB
    before = sha(bomb)
    code, out, err, cpu, peak = run_measured(tmp_path, "inspect", str(bomb))
    assert code == 2, (code, err[-2000:])
    assert "inflates to over 32 MB" in err and "decompression bomb" in err
    assert len(err.splitlines()) == 1, err
    assert peak < 300, peak
    assert cpu < 20, cpu
    assert sha(bomb) == before


def test_stream_decoders_agree_with_pdfminer() -> None:
    """The measuring decoders give what a full decoder gives, whatever the piece boundaries."""
    import random

    from pdfminer.lzw import lzwdecode
    from pdfminer.runlength import rldecode

    from tendercheck.documents.pdf_filters import lzw, run_length, slices

    rng = random.Random(15)
    data = bytes(rng.choice(b"abcdefgh 0123\n") for _ in range(200_000))  # fills the table
    coded = lzw_stream_of(data)
    assert b"".join(lzw(slices(coded, 0, 997))) == lzwdecode(coded) == data
    runs = bytearray()
    for start in range(0, len(data), 100):
        runs += (
            bytes((99,)) + data[start : start + 100] + bytes((257 - rng.randint(2, 128),)) + b"x"
        )
    runs += b"\x80"
    assert b"".join(run_length(slices(bytes(runs), 0, 333))) == rldecode(bytes(runs))


def lzw_stream_of(data: bytes) -> bytes:
    bits = "".join(format(code, f"0{width}b") for code, width in lzw_codes(data))
    bits += format(257, "09b") + "0" * (-(len(bits) + 9) % 8)
    return int(bits, 2).to_bytes(len(bits) // 8, "big")


# --- 4. LibreOffice's processes all end with the conversion: on a timeout and on Ctrl-C -----------

LEGACY_DOC = Path(__file__).resolve().parents[1] / "fixtures" / "hostile" / "legacy-word-97.doc"


def fake_soffice(tmp_path: Path) -> tuple[Path, Path]:
    """A stand-in for LibreOffice, found on PATH as soffice is: a launcher that starts a child
    (as soffice starts soffice.bin) and waits. Both ignore Ctrl-C, as background jobs of a
    script do. Returns its folder and the file where they write their process ids."""
    folder = tmp_path / "bin"
    folder.mkdir()
    pids = tmp_path / "soffice.pids"
    script = folder / "soffice"
    script.write_text(
        "#!/bin/sh\n"
        "sleep 300 &\n"  # soffice.bin
        f'echo $! >> "{pids}"\n'
        f'echo $$ >> "{pids}"\n'
        "wait\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return folder, pids


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def started(pids: Path, timeout: float = 40.0) -> list[int]:
    """The fake's process ids, once both have written them."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pids.exists() and len(found := pids.read_text().split()) == 2:
            return [int(p) for p in found]
        time.sleep(0.02)
    raise AssertionError("the fake soffice was not started")


def all_ended(pids: list[int], timeout: float = 5.0) -> bool:
    import time

    deadline = time.monotonic() + timeout
    while any(alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not any(alive(p) for p in pids)


def end_leftovers(pids: Path) -> None:
    """Kill what the fake left running when a test fails (only the processes it started)."""
    import signal

    for pid in (int(p) for p in (pids.read_text().split() if pids.exists() else [])):
        if alive(pid):
            os.kill(pid, signal.SIGKILL)


# The real CLI, with the time allowed for reading a document cut to 2 s.
SHORT_BUDGET_CLI = """
import dataclasses, sys
from tendercheck.documents import legacy
real = legacy.read_legacy_doc
legacy.read_legacy_doc = lambda data, name, limits: real(
    data, name, dataclasses.replace(limits, document_budget_s=2.0))
from tendercheck.cli import main
main(sys.argv[1:], prog_name="tendercheck")
"""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_libreoffice_and_its_children_are_killed_on_a_timeout(tmp_path: Path) -> None:
    folder, pids = fake_soffice(tmp_path)
    doc = tmp_path / "old-spec.doc"
    shutil.copyfile(LEGACY_DOC, doc)
    before = sha(doc)
    env = {**os.environ, "PATH": f"{folder}{os.pathsep}{os.environ['PATH']}"}
    env.pop("TENDERCHECK_DEBUG", None)
    try:
        done = subprocess.run(
            [sys.executable, "-c", SHORT_BUDGET_CLI, "inspect", str(doc)],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=tmp_path,
            env=env,
        )
        children = started(pids, timeout=1)
        assert all_ended(children), [p for p in children if alive(p)]
    finally:
        end_leftovers(pids)
    assert done.returncode == 2, done.stderr[-2000:]
    assert done.stderr.splitlines() == [
        f"tendercheck: error: {doc}: LibreOffice took too long converting the .doc"
    ]
    assert sha(doc) == before


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("how", ["inspect-file", "check-file", "folder"])
def test_libreoffice_and_its_children_are_killed_on_ctrl_c(tmp_path: Path, how: str) -> None:
    import signal

    folder, pids = fake_soffice(tmp_path)
    pack = tmp_path / "pack"
    pack.mkdir()
    shutil.copyfile(LEGACY_DOC, pack / "2 old-spec.doc")
    (pack / "1 itt.txt").write_text(TENDER, encoding="utf-8")
    before = {p.name: sha(p) for p in pack.iterdir()}
    # A single .doc is converted in the CLI's own process; a folder's files in worker
    # processes, which the CLI terminates on Ctrl-C.
    args = {
        "inspect-file": ["inspect", str(pack / "2 old-spec.doc")],
        "check-file": [str(pack / "2 old-spec.doc"), "-f", "json", "--no-cache"],
        "folder": [str(pack), "-f", "text", "--no-cache", "--jobs", "2"],
    }[how]
    env = {**os.environ, "PATH": f"{folder}{os.pathsep}{os.environ['PATH']}"}
    env.pop("TENDERCHECK_DEBUG", None)
    cli = subprocess.Popen(
        [sys.executable, "-m", "tendercheck", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env=env,
        start_new_session=True,  # a group of its own, for Ctrl-C as a terminal sends it
        # Ctrl-C answered as in a terminal, even when the suite runs from a background job of
        # a shell without job control (which starts it with SIGINT ignored).
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        children = started(pids)
        os.killpg(cli.pid, signal.SIGINT)
        _out, err = cli.communicate(timeout=30)
        assert all_ended(children), [p for p in children if alive(p)]
    finally:
        if cli.poll() is None:
            os.killpg(cli.pid, signal.SIGKILL)
            cli.communicate()
        end_leftovers(pids)
    assert cli.returncode == 130, (cli.returncode, err[-2000:])
    assert err.splitlines() == ["tendercheck: interrupted"]
    assert {p.name: sha(p) for p in pack.iterdir()} == before
