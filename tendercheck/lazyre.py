"""Regular expressions compiled on first use, not at import.

The package compiled ~540 module-level patterns at import, most of which a short check never
runs (a one-page check uses under a hundred): compiling them was the largest part of its start.
``lazyre.compile(source, flags)`` stands for ``re.compile(source, flags)`` at module level: the
pattern is compiled the first time anything of it is used (``search``, ``sub``, ``flags``,
``groupindex``...), and from then on its methods are the compiled pattern's own bound methods, so
a call costs what it cost before. ``lazyre.lazy(build, *args)`` does the same for another
builder (the pre-filtered patterns of :mod:`tendercheck.nlp.prefilter`).

The module-level ``re.compile`` calls are rewritten to these by ``bench/tools/lazy_patterns.py``
(``--check`` says whether a tree still holds any); tests/test_lazyre.py checks that a lazy pattern
answers exactly as the compiled one, and that importing the package compiles few patterns.
"""

from __future__ import annotations

import re
from typing import Any

# The compiled object's methods, copied onto the lazy one when it is built: a later call is one
# instance-attribute lookup and the compiled pattern's own method, as fast as calling it directly.
METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner")


class LazyPattern:
    """``build(*args)`` (by default ``re.compile(source, flags)``), run on first use; every
    method and attribute is then the built object's."""

    def __init__(self, build: Any, *args: Any) -> None:
        self.__dict__["_lazy"] = (build, args)

    def compiled(self) -> Any:
        """The built object (a ``re.Pattern``, or what ``build`` returns), built once."""
        built = self.__dict__.get("_built")
        if built is None:
            build, args = self.__dict__["_lazy"]
            built = build(*args)
            values = self.__dict__
            for name in METHODS:
                method = getattr(built, name, None)
                if method is not None:
                    values[name] = method
            values["_built"] = built
        return built

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("_lazy", "_built"):
            raise AttributeError(name)  # copy/pickle probes: not the pattern's business
        return getattr(self.compiled(), name)  # pattern, flags, groups, groupindex, literals...

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"a pattern is read-only: cannot set {name!r}")

    def __reduce__(self) -> tuple:
        build, args = self.__dict__["_lazy"]
        return (lazy, (build, *args))

    def __copy__(self) -> LazyPattern:
        return self  # as re.Pattern: copies are the pattern itself

    def __deepcopy__(self, memo: dict) -> LazyPattern:
        return self

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyPattern):
            other = other.compiled()
        return self.compiled() == other

    def __hash__(self) -> int:
        return hash(self.compiled())

    def __repr__(self) -> str:
        return repr(self.compiled())


def _first_use(name: str) -> Any:
    """The method ``name`` before the first use: build, then call the built object's (whose
    own bound method then replaces this one on the instance)."""

    def method(self: LazyPattern, *args: Any, **kwargs: Any) -> Any:
        return getattr(self.compiled(), name)(*args, **kwargs)

    method.__name__ = method.__qualname__ = name
    return method


for _name in METHODS:
    setattr(LazyPattern, _name, _first_use(_name))


def lazy(build: Any, *args: Any) -> LazyPattern:
    """``build(*args)`` on first use (e.g. ``lazy(compile_filtered, source, re.I)``)."""
    return LazyPattern(build, *args)


def compile(pattern: str, flags: int = 0) -> LazyPattern:
    """``re.compile(pattern, flags)`` on first use."""
    return LazyPattern(re.compile, pattern, flags)
