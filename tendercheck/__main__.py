"""``python -m tendercheck`` and the ``tendercheck`` command.

Ctrl-C at any moment prints one line and exits 130, even while the command's modules are still
being imported (the command line's own parsing and each command's body answer it in
:mod:`tendercheck.cli`; this catches it before those are in place). Only the interpreter's own
start-up, before this module runs (Python's site set-up and, under ``-m``, runpy finding this
module), is out of reach: a Ctrl-C then ends Python as it ends any program.
"""

import sys


def run() -> None:
    try:
        from tendercheck.cli import main

        main(prog_name="tendercheck")
    except SystemExit:
        raise
    except BaseException as exc:
        from tendercheck.errors import caused_by_interrupt

        if not caused_by_interrupt(exc):
            raise
        eval("0")  # see tendercheck.cli.forget_unhandled_interrupt (not imported here: the
        # import may be what was cut short)
        sys.stderr.write("tendercheck: interrupted\n")
        sys.exit(130)  # ExitCode.INTERRUPTED


if __name__ == "__main__":
    run()
