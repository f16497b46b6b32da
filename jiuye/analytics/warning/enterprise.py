"""Enterprise rule: economic-layoff triggers and insured-headcount falls, aggregated by division × industry.

Inputs are plain rows, one per employer, for one month:

    EmployerMonth(division, industry, before, after, layoff_rule)

`before`/`after` are the employer's insured headcount at the end of the previous month and of this month;
`layoff_rule` is the Labour Contract Law art. 41 rule it met that month (from the layoff alerts), or "".

For each (division, industry) cell:

- `layoff_employers` — employers meeting art. 41, `laid_off` — their headcount drop summed;
- `insured_before`, `insured_after` — the cell's insured headcount, and `fall_share` = net fall / before
  (0 when it grew), counted only when the cell has at least `min_workforce` insured workers (a fall of 3 out
  of 10 is noise, not a warning).

The cell's level is the more severe of the level of `laid_off` and the level of `fall_share`; the evidence
says which one decided.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .levels import RuleResult, level_for, level_rank


@dataclass(frozen=True)
class EmployerMonth:
    division: str  # the division code the cell is kept under (a district, say)
    industry: str  # industry code ("" when unknown)
    before: int
    after: int
    layoff_rule: str = ""
    employer: str = ""  # an identifier for the evidence (the employer's id, never a person)


def aggregate(rows: Iterable[EmployerMonth]) -> dict[tuple[str, str], dict]:
    cells: dict[tuple[str, str], dict] = defaultdict(
        lambda: {
            "employers": 0,
            "insured_before": 0,
            "insured_after": 0,
            "layoff_employers": 0,
            "laid_off": 0,
            "layoffs": [],
        }
    )
    for r in rows:
        cell = cells[(r.division, r.industry)]
        cell["employers"] += 1
        cell["insured_before"] += r.before
        cell["insured_after"] += r.after
        if r.layoff_rule:
            cell["layoff_employers"] += 1
            cell["laid_off"] += max(r.before - r.after, 0)
            cell["layoffs"].append(
                {"employer": r.employer, "before": r.before, "after": r.after, "rule": r.layoff_rule}
            )
    return dict(cells)


def enterprise_rule(
    cell: Mapping,
    laid_off_thresholds: Mapping[str, float],
    fall_share_thresholds: Mapping[str, float],
    *,
    min_workforce: int = 100,
) -> RuleResult:
    """The level of one aggregated cell (see `aggregate`)."""
    before, after = cell["insured_before"], cell["insured_after"]
    fall = max(before - after, 0)
    share = round(fall / before, 4) if before >= min_workforce and before > 0 else None
    by_layoffs = level_for(cell["laid_off"] if cell["layoff_employers"] else None, laid_off_thresholds)
    by_fall = level_for(share, fall_share_thresholds)
    evidence = {
        "employers": cell["employers"],
        "insured_before": before,
        "insured_after": after,
        "net_fall": fall,
        "fall_share": share,
        "min_workforce": min_workforce,
        "layoff_employers": cell["layoff_employers"],
        "laid_off": cell["laid_off"],
        "layoffs": sorted(cell["layoffs"], key=lambda x: -(x["before"] - x["after"]))[:20],
        "laid_off_level": by_layoffs[0],
        "fall_share_level": by_fall[0],
    }
    if level_rank(by_layoffs[0]) >= level_rank(by_fall[0]):
        level, crossed, value, decided = by_layoffs[0], by_layoffs[1], float(cell["laid_off"]), "laid_off"
    else:
        level, crossed, value, decided = by_fall[0], by_fall[1], share, "fall_share"
    evidence["decided_by"] = decided if level != "none" else ""
    thresholds = {f"laid_off.{k}": v for k, v in laid_off_thresholds.items()}
    thresholds.update({f"fall_share.{k}": v for k, v in fall_share_thresholds.items()})
    return RuleResult("enterprise", level, value, crossed, thresholds, evidence, "")
