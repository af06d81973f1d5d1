"""Reports in French (HTML pages that open offline, one spreadsheet), rendered from the published
warehouse opened read-only."""
