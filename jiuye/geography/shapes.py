"""Division shapes from the reference data (pure: never imports Django).

Province boundaries come from the DataV GeoJSON, prefecture boundaries from the census file's WKT column;
counties and townships have centre points only. Used by the indicator maps and by station checks.
"""
