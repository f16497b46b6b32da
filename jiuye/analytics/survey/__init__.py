"""The job-vacancy survey's statistics, with no Django: stratified design and selection (`design`), weighting —
design weights, non-response adjustment, calibration to registry totals (`weights`), estimates with
linearisation standard errors and suppression of unreliable cells (`estimate`).

The Django app `jiuye.monitoring.survey` builds the frame from the registry, stores the design and the answers,
and calls these functions with plain data.
"""
