"""tendercheck: find where public-sector tender packs shut out small suppliers and VCSEs."""

__version__ = "0.1.0"
