"""Rewrite the package's import-time regular expressions to compile on first use (issue 16).

Every ``re.compile(...)`` evaluated when a module is imported (module level, class bodies,
default arguments, decorators; not inside a function's body, which runs when called) becomes
``lazyre.compile(...)``, and every such ``compile_filtered(...)`` becomes
``lazyre.lazy(compile_filtered, ...)``; ``from tendercheck import lazyre`` is added where needed
and the touched files are sorted and formatted with ruff. The rewrite is mechanical and
idempotent, so it can be run again after merging branches that add patterns.

Run from the repository root:
  python bench/tools/lazy_patterns.py            rewrite tendercheck/ in place
  python bench/tools/lazy_patterns.py --check    list what would change; exit 1 if anything
"""

from __future__ import annotations

import argparse
import ast
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "tendercheck"
SKIP = {"lazyre.py"}  # the mechanism itself
IMPORT = "from tendercheck import lazyre\n"


def import_time_calls(tree: ast.Module) -> list[ast.Call]:
    """The calls to rewrite: ``re.compile(...)`` and ``compile_filtered(...)`` run at import."""
    found: list[ast.Call] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for part in (*node.decorator_list, node.args, node.returns):
                if part is not None:
                    visit(part)
            return  # the body runs when the function is called
        if isinstance(node, ast.Lambda):
            visit(node.args)
            return
        if isinstance(node, ast.Call) and _target(node) is not None:
            found.append(node)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def _target(call: ast.Call) -> str | None:
    func = call.func
    if (
        isinstance(func, ast.Attribute)
        and func.attr == "compile"
        and isinstance(func.value, ast.Name)
        and func.value.id == "re"
    ):
        return "re.compile"
    if isinstance(func, ast.Name) and func.id == "compile_filtered":
        return "compile_filtered"
    return None


def rewrite(source: str) -> str:
    """The source with its import-time pattern calls made lazy (unchanged when there are none)."""
    tree = ast.parse(source)
    calls = import_time_calls(tree)
    if not calls:
        return source
    lines = source.splitlines(keepends=True)
    # replace from the end, so earlier offsets stay valid (offsets are UTF-8 bytes)
    edits = []
    for call in calls:
        func = call.func
        if _target(call) == "re.compile":
            edits.append((func.lineno, func.col_offset, func.end_col_offset, "lazyre.compile("))
        else:  # compile_filtered(  ->  lazyre.lazy(compile_filtered,
            edits.append((func.lineno, func.col_offset, func.end_col_offset, None))
    for lineno, start, end, text in sorted(edits, reverse=True):
        raw = lines[lineno - 1].encode("utf-8")
        rest = raw[end:]
        assert rest.startswith(b"("), (lineno, raw)
        if text is None:
            inner = rest[1:]
            glue = b"" if inner.lstrip().startswith(b")") else b", "
            if inner.strip() == b"":  # arguments on the next lines
                glue = b","
            new = raw[:start] + b"lazyre.lazy(compile_filtered" + glue + inner
        else:
            new = raw[:start] + text.encode() + rest[1:]
        lines[lineno - 1] = new.decode("utf-8")
    out = "".join(lines)
    if not _imports_lazyre(tree):
        out = _add_import(out)
    return out


def _imports_lazyre(tree: ast.Module) -> bool:
    return any(
        isinstance(node, ast.ImportFrom)
        and node.module == "tendercheck"
        and any(a.name == "lazyre" for a in node.names)
        for node in tree.body
    )


def _add_import(source: str) -> str:
    """``from tendercheck import lazyre`` after the module's leading imports (ruff sorts it)."""
    tree = ast.parse(source)
    last = None
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            last = node
        elif last is not None or not (
            isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        ):
            break
    lines = source.splitlines(keepends=True)
    at = last.end_lineno if last is not None else 0
    return "".join([*lines[:at], IMPORT, *lines[at:]])


def tidy(paths: list[Path]) -> None:
    """Sort the imports and format the touched files as the project does (ruff)."""
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    names = [str(p) for p in paths]
    subprocess.run([ruff, "check", "--fix", "--select", "I,F401", "-q", *names], check=False)
    subprocess.run([ruff, "format", "-q", *names], check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if needed")
    parser.add_argument("root", nargs="?", type=Path, default=PACKAGE)
    args = parser.parse_args(argv)
    changed: list[Path] = []
    for path in sorted(args.root.rglob("*.py")):
        if path.name in SKIP:
            continue
        source = path.read_text(encoding="utf-8")
        calls = import_time_calls(ast.parse(source))
        if not calls:
            continue
        changed.append(path)
        shown = (
            path.relative_to(args.root.parent) if path.is_relative_to(args.root.parent) else path
        )
        print(f"{shown}: {len(calls)} import-time pattern(s)")
        if not args.check:
            path.write_text(rewrite(source), encoding="utf-8")
    if args.check:
        return 1 if changed else 0
    if changed:
        tidy(changed)
    print(f"{len(changed)} file(s) rewritten")
    return 0


if __name__ == "__main__":
    sys.exit(main())
