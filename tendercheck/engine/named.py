"""Import the named Python checks so @named_check registers them: one module per rule group.

Every module that defines a @named_check is listed here, so registration has one home.
"""

from tendercheck.engine.named_checks import (  # noqa: F401
    effort,
    market,
    outcome,
    social,
    spec,
    spec_language,
    supplier_finance,
    time,
)
