"""render: turn results into reports (text, JSON, Markdown, HTML, SARIF) and outputs."""
