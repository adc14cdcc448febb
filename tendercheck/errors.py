"""Errors that end a run with a one-line message, and the exit codes the CLI returns."""

from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    CLEAN = 0
    FINDINGS = 1
    USAGE_OR_INPUT = 2
    INTERNAL = 3
    INTERRUPTED = 130  # Ctrl-C: 128 + SIGINT, as shells report it
    CLOSED_PIPE = 141  # standard output closed early (| head): 128 + SIGPIPE, as shells report it


class InputError(Exception):
    """A file that cannot be read as a tender document. The message names the file."""

    def __init__(self, path: str, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")

    def __reduce__(self):  # rebuilt with both arguments when it crosses a process boundary
        return (type(self), (self.path, self.reason))


def caused_by_interrupt(exc: BaseException) -> bool:
    """Whether ``exc`` is a Ctrl-C, or an error raised because of one: Python wraps some
    exceptions that cut a class's creation short (``__set_name__``: "RuntimeError: Error
    calling __set_name__ ..." in 3.11), so a Ctrl-C during a lazy import can come back as
    another error with the KeyboardInterrupt as its cause or context."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, KeyboardInterrupt):
            return True
        seen.add(id(current))
        if current.__cause__ is not None or current.__suppress_context__:
            current = current.__cause__  # ``raise ... from None``: said to be unrelated
        else:
            current = current.__context__
    return False
