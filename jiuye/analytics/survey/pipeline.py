"""From the sample and the answers to weights and estimates, in one call (what the Django service runs)."""

from __future__ import annotations

from dataclasses import dataclass

from .estimate import Cell, Estimator, Respondent, tabulate
from .replicates import replicate_weights
from .weights import (
    RAKING,
    Calibration,
    NonResponseGroup,
    SampledUnit,
    calibrate,
    design_weights,
    nonresponse_adjusted,
)

LINEARISATION = "linearisation"
JACKKNIFE = "jackknife"
VARIANCE_METHODS = (LINEARISATION, JACKKNIFE)


@dataclass
class Result:
    design_weights: dict[int, float]
    adjusted_weights: dict[int, float]
    final_weights: dict[int, float]
    nonresponse: list[NonResponseGroup]
    calibration: Calibration
    estimator: Estimator
    cells: list[Cell]

    def summary(self) -> dict:
        cal = self.calibration
        return {
            "calibration": cal.method,
            "calibration_groups": len(cal.groups),
            "calibration_iterations": cal.iterations,
            "calibration_converged": cal.converged,
            "margins_max_abs_diff": cal.max_margin_diff,
            "dropped_employee_margins": cal.dropped_employee_margins,
            "negative_weights": cal.negative_weights,
            "nonresponse_groups": len(self.nonresponse),
            "pooled_nonresponse_groups": sum(1 for g in self.nonresponse if len(g.strata) > 1),
            "collapsed_variance_groups": self.estimator.collapsed_groups,
            "respondents": len(self.final_weights),
            "variance": JACKKNIFE if self.estimator.replicates is not None else LINEARISATION,
            "replicates": len(self.estimator.replicates.strata)
            if self.estimator.replicates is not None
            else 0,
        }


def run(
    sample: list[SampledUnit],
    strata_sizes: dict[str, tuple[int, int]],
    cell_totals: dict[str, tuple[float, float]],
    respondents: list[Respondent],
    *,
    calibration: str = RAKING,
    nonresponse_min: int = 1,
    calibration_min: int = 5,
    cv_max: float = 0.3,
    min_respondents: int = 3,
    expected: dict[str, list[str]] | None = None,
    cells: bool = True,
    variance: str = LINEARISATION,
) -> Result:
    """`strata_sizes`: stratum → (N_h, n_h); `cell_totals`: size|industry → (employers, insured employees)."""
    if variance not in VARIANCE_METHODS:
        raise ValueError(f"variance: linearisation or jackknife, got {variance!r}")
    d = design_weights(sample, strata_sizes)
    adjusted, group_of, groups = nonresponse_adjusted(sample, strata_sizes, nonresponse_min)
    resp_units = [u for u in sample if u.responded]
    cal = calibrate(resp_units, adjusted, cell_totals, method=calibration, min_respondents=calibration_min)
    sizes = {g.key: g.N for g in groups}
    est = Estimator(
        cal.ids,
        cal.weights,
        adjusted,
        cal.X,
        {u.id: group_of[u.stratum] for u in resp_units},
        sizes,
    )
    if variance == JACKKNIFE:
        est.replicates = replicate_weights(
            sample,
            strata_sizes,
            group_of,
            cell_totals,
            cal.ids,
            method=cal.method,
            calibration_min=calibration_min,
        )
    table = (
        tabulate(respondents, est, cv_max=cv_max, min_respondents=min_respondents, expected=expected)
        if cells
        else []
    )
    return Result(d, adjusted, cal.weights, groups, cal, est, table)
