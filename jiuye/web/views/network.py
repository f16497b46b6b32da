"""Service network: stations, find the nearest, 15-minute coverage, siting (issue 9, parts 1-3)."""
