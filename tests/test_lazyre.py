"""Patterns compiled on first use (tendercheck.lazyre): the same answers as the compiled pattern
for every use the package makes of one, and really lazy (issue 16: a faster start)."""

from __future__ import annotations

import copy
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tendercheck import lazyre
from tendercheck.nlp.prefilter import Prefiltered, compile_filtered

ROOT = Path(__file__).resolve().parents[1]

SOURCES = [
    (r"(?P<amount>£\s?\d[\d,]*)(?:\s*(?P<unit>k|m))?", re.I),
    (r"\bsub-?contract(?:or)?s?\b", re.I),
    (r"^(\d+)\.(\d+)", re.M),
    (r"(?x) a \s* b  # verbose, inline flag", 0),
    (r"x", 0),
]
TEXTS = ["Budget £6,000 a year, £2m cap", "SUBCONTRACTORS and sub-contract", "1.2 x\n3.4 ab", ""]


def _same(a, b) -> bool:
    """Two answers of re alike: match objects by span and groups, the rest by value."""
    if isinstance(a, re.Match) or isinstance(b, re.Match):
        return (
            isinstance(a, re.Match)
            and isinstance(b, re.Match)
            and (a.span(), a.groups(), a.groupdict(), a.re.pattern)
            == (b.span(), b.groups(), b.groupdict(), b.re.pattern)
        )
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(map(_same, a, b))
    return a == b


@pytest.mark.parametrize(("source", "flags"), SOURCES)
@pytest.mark.parametrize("build", ["re", "filtered"])
def test_a_lazy_pattern_answers_as_the_compiled_one(source, flags, build):
    if build == "re":
        fresh, want = lazyre.compile(source, flags), re.compile(source, flags)
    else:
        fresh, want = lazyre.lazy(compile_filtered, source, flags), compile_filtered(source, flags)
    # attributes first, on a pattern not yet used: each builds it
    for name in ("pattern", "flags", "groups", "groupindex"):
        assert getattr(lazyre.compile(source, flags), name) == getattr(
            re.compile(source, flags), name
        )
    for text in TEXTS:
        for args in ((), (1,), (1, 5)):
            for name in ("search", "match", "fullmatch"):
                assert _same(getattr(fresh, name)(text, *args), getattr(want, name)(text, *args))
            assert _same(list(fresh.finditer(text, *args)), list(want.finditer(text, *args)))
            assert fresh.findall(text, *args) == want.findall(text, *args)
        assert fresh.sub("<\\g<0>>", text) == want.sub("<\\g<0>>", text)
        assert fresh.sub(lambda m: m.group().upper(), text, count=1) == want.sub(
            lambda m: m.group().upper(), text, count=1
        )
        assert fresh.subn("-", text) == want.subn("-", text)
        assert fresh.split(text) == want.split(text)
        assert _same(fresh.scanner(text).search(), want.scanner(text).search())
    assert type(fresh.compiled()) is type(want)
    assert repr(fresh) == repr(want)
    assert (fresh.pattern, fresh.flags, fresh.groupindex) == (
        want.pattern,
        want.flags,
        want.groupindex,
    )
    if isinstance(want, Prefiltered):
        assert fresh.literals == want.literals and fresh.pattern == want.pattern


def test_built_once_then_the_compiled_methods_themselves():
    builds = []

    def build(source, flags):
        builds.append(source)
        return re.compile(source, flags)

    pattern = lazyre.lazy(build, r"\d+", 0)
    assert builds == []  # nothing built until used
    assert pattern.search("a 12").group() == "12"
    assert pattern.findall("1 2 3") == ["1", "2", "3"] and pattern.flags == re.UNICODE
    assert builds == [r"\d+"]  # once
    compiled = pattern.compiled()
    assert pattern.search == compiled.search  # no wrapper left on the hot path
    assert pattern.sub == compiled.sub


def test_copies_pickles_and_equality_are_those_of_a_pattern():
    pattern = lazyre.compile(r"fee(s)?", re.I)
    assert copy.copy(pattern) is pattern and copy.deepcopy(pattern) is pattern
    again = pickle.loads(pickle.dumps(pattern))
    assert again.search("FEES").group(1) == "S" and again == pattern
    assert pattern == re.compile(r"fee(s)?", re.I) and hash(pattern) == hash(again)
    assert pattern != lazyre.compile(r"fee(s)?")
    with pytest.raises(AttributeError):
        pattern.flags = 0  # read-only, as a compiled pattern's attributes are
    with pytest.raises(re.error):  # a bad pattern fails where it is first used
        lazyre.compile("(").search("x")


def test_the_package_rewrite_is_complete():
    """No import-time re.compile or compile_filtered is left (bench/tools/lazy_patterns.py)."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "tools" / "lazy_patterns.py"), "--check"],
        capture_output=True,
        text=True,
    )
    hint = "module-level patterns compile on first use: run python bench/tools/lazy_patterns.py\n"
    assert done.returncode == 0, hint + done.stdout + done.stderr


def test_the_rewrite_makes_import_time_patterns_lazy(tmp_path):
    sys.path.insert(0, str(ROOT / "bench" / "tools"))
    try:
        import lazy_patterns
    finally:
        sys.path.pop(0)
    source = (
        '"""doc"""\n\nfrom __future__ import annotations\n\nimport re\n\n'
        "from tendercheck.nlp.prefilter import compile_filtered\n\n"
        'A = re.compile(r"a+", re.I)\nB = [compile_filtered(r"fee", re.I), compile_filtered(\n'
        '    r"x" r"y",\n)]\n\n\nclass C:\n    D = re.compile("d")\n\n\n'
        'def f(text, e=re.compile("e")):\n    return re.compile("g").search(text)\n'
    )
    out = lazy_patterns.rewrite(source)
    assert 'A = lazyre.compile(r"a+", re.I)' in out
    assert 'B = [lazyre.lazy(compile_filtered, r"fee", re.I), lazyre.lazy(compile_filtered,' in out
    assert 'D = lazyre.compile("d")' in out and 'e=lazyre.compile("e")' in out
    assert 'return re.compile("g")' in out  # a function's body runs when called: left alone
    assert "from tendercheck import lazyre\n" in out
    assert lazy_patterns.rewrite(out) == out  # idempotent
    namespace: dict = {}
    exec(compile(out, "rewritten", "exec"), namespace)
    assert namespace["A"].search("xAA").group() == "AA"
    assert isinstance(namespace["B"][0].compiled(), Prefiltered)
    assert namespace["B"][1].search("xy")


# Importing every module a check uses compiled ~540 patterns before; now only what is used.
IMPORTS = """
import sys
try:
    import re._compiler as compiler
except ImportError:  # Python 3.10
    import sre_compile as compiler
import spacy  # its own patterns are not ours to count
original, ours = compiler.compile, []

def counted(pattern, flags=0):
    frame = sys._getframe(1)
    while frame and "tendercheck" not in frame.f_code.co_filename:
        frame = frame.f_back
    if frame is not None:
        ours.append(pattern)
    return original(pattern, flags)

compiler.compile = counted
import tendercheck.cli, tendercheck.commands, tendercheck.runner
import tendercheck.documents, tendercheck.engine, tendercheck.report, tendercheck.bidder
from tendercheck.nlp.extractors import load_extractors
load_extractors()
from tendercheck import lazyre
import gc
lazy = [o for o in gc.get_objects() if isinstance(o, lazyre.LazyPattern)]
print(len(ours), len(lazy))
"""


def test_importing_the_package_compiles_few_patterns():
    done = subprocess.run(
        [sys.executable, "-c", IMPORTS], capture_output=True, text=True, cwd=ROOT, check=True
    )
    compiled, lazy = map(int, done.stdout.split())
    assert lazy >= 300  # the module-level patterns are lazy ones...
    assert compiled <= 25, compiled  # ...and importing builds almost none of them
