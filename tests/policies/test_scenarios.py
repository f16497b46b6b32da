"""Scenario files (jiuye/policies/scenarios/*.yaml), run through both the single-case and the vector path."""

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
import yaml

from jiuye.policies.engine import NEVER, Catalogue, EmployerSituation, PersonSituation, to_columns

SCENARIOS = Path(__file__).resolve().parents[2] / "jiuye" / "policies" / "scenarios"
CAT = Catalogue.load()


def _load():
    for path in sorted(SCENARIOS.glob("*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        for i, sc in enumerate(spec["scenarios"]):
            yield pytest.param(spec, sc, id=f"{spec['policy']}[{i}] {sc['name']}")


def _situation(policy, spec, sc):
    values = {**spec["base"], **(sc.get("set") or {})}
    values = {k: NEVER if v == "never" else v for k, v in values.items()}
    cls = PersonSituation if policy.subject == "person" else EmployerSituation
    return cls(**values)


def test_every_policy_has_at_least_eight_scenarios():
    counts = {}
    for path in SCENARIOS.glob("*.yaml"):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        counts[spec["policy"]] = len(spec["scenarios"])
    assert set(counts) == set(CAT.policies)
    assert min(counts.values()) >= 8, counts


@pytest.mark.parametrize(("spec", "sc"), list(_load()))
def test_scenario(spec, sc):
    policy = CAT[spec["policy"]]
    on = sc.get("date", spec["date"])
    assert isinstance(on, dt.date)
    situation = _situation(policy, spec, sc)
    d = policy.evaluate(situation, on)
    want = sc["expect"]
    assert d.status == want["status"], d
    for key in ("met", "unmet", "unknown"):
        if key in want:
            assert sorted(getattr(d, key)) == sorted(want[key]), (key, d)
    if "benefits" in want:
        assert d.benefits == {k: float(v) for k, v in want["benefits"].items()}, d
    # the vectorised path on the same one-row population says the same
    row = policy.evaluate_population(to_columns([situation], policy.subject), on).row(0)
    assert row == (d.status, d.met, d.unmet, d.unknown, d.benefits)
    assert dataclasses.is_dataclass(situation)
