"""Rule packs (YAML) shipped as tendercheck.rulepacks; see RULES.md for the catalogue."""
