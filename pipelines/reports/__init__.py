"""HTML reports in French, rendered from the published warehouse opened read-only."""
