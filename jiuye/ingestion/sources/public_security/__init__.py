"""Public security (公安): household registration (hukou) records and moves — the authoritative source of persons."""
