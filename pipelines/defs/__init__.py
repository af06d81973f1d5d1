"""The dagster code location: assets grouped by stage, checks beside the assets they guard."""
