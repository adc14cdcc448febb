"""Reading the items of a list fact (questions, demands, requirements…), one way for every check
kind: an item's words, and whether its fields hold the values a rule's ``where`` or ``skip``
table lists (a value, or a list of allowed values)."""

from __future__ import annotations

from typing import Any


def item_text(item: Any) -> str:
    """The words of a list item: a table's quote or text, or the item itself."""
    if isinstance(item, dict):
        return str(item.get("quote") or item.get("text") or "")
    return str(item)


def _allowed(want: Any) -> list:
    return want if isinstance(want, list) else [want]


def holds_all(item: Any, where: dict[str, Any]) -> bool:
    """An item (a table) whose every field named in ``where`` has one of the values listed; an
    empty ``where`` holds of every item, plain text too."""
    if not where:
        return True
    return isinstance(item, dict) and all(
        item.get(key) in _allowed(want) for key, want in where.items()
    )


def holds_any(item: Any, table: dict[str, Any]) -> bool:
    """An item (a table) with a field, named in ``table``, holding one of the values listed."""
    return isinstance(item, dict) and any(
        key in item and item[key] in _allowed(want) for key, want in table.items()
    )
