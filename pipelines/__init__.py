"""dpid: the DPID's deliberations turned into a DuckDB warehouse (dagster + dbt + great-expectations)."""
