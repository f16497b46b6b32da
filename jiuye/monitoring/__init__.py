"""Monitoring: the indicator system (definitions, values by division × month × group) and its dashboards."""
