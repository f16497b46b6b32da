"""The demo region: a synthetic population calibrated to a real city's 2020 census.

`reference` and `population` are pure Python (numpy, no Django) so the same generator feeds the
benchmarks and could feed an analytics engine; `load` writes the result into the registry.
"""
