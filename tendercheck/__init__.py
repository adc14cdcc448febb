"""tendercheck: find where public-sector tender packs shut out small suppliers and VCSEs."""

__version__ = "0.2.0"
