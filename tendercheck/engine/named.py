"""Import the named Python checks so @named_check registers them (one module per category)."""

from tendercheck.engine.named_checks import (  # noqa: F401
    effort,
    market,
    outcome,
    social,
    spec,
    supplier,
    time,
)
