"""Named Python checks, one module per rule category."""
