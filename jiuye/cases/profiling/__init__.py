"""Risk-of-long-term-unemployment profiling (pure: no Django)."""
