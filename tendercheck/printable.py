"""Text made safe to print: no character in a document, file name or zip member name may act on
a terminal or forge a line of output.

Control characters (C0 but tab, DEL, C1), line and paragraph separators, bidirectional overrides
and isolates, and lone surrogates are shown as visible escapes (``\\x1b``, ``\\n``,
``\\u202e``). Escape sequences can then neither recolour nor clear a terminal (a fake green
"All clear"), a newline in a file name cannot add a line of output, and a right-to-left override
cannot reverse what follows it.
"""

from __future__ import annotations

import re

from tendercheck import lazyre

_UNSAFE = lazyre.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff]"
)


_NAMED = {"\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(value: object) -> str:
    """``str(value)`` with every character that could act on a terminal shown escaped."""
    return _UNSAFE.sub(_escape, str(value))
