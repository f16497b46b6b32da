"""Indicator dashboards: maps, trends, rankings, drill-down, exports (issue 8, part 2)."""
