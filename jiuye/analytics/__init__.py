"""The analytics engine (pure: never imports Django).

Parquet extracts of the library with hashed identifiers, indicator definitions in SQL run on DuckDB by default
and on Spark with the same definitions, and the estimators behind the vacancy survey, the early warning, the
majors red-yellow warning and the wage-price release. Django apps (`jiuye.monitoring…`) write the extracts and
store the results; this package only computes.
"""
