"""Engine behaviour around the edges: bad situations, missing columns, what a decision records."""

import datetime as dt

import numpy as np
import pytest

from jiuye.policies.engine import Catalogue, EmployerSituation, ParameterError, PersonSituation, to_columns

ON = dt.date(2026, 11, 28)


@pytest.fixture(scope="module")
def cat():
    return Catalogue.load()


def test_unknown_category_value_is_refused_with_the_field_named(cat):
    with pytest.raises(ValueError, match=r"PersonSituation\.separation_reason: 'fired' is not one of"):
        cat.evaluate("unemployment_insurance_benefit", PersonSituation(separation_reason="fired"), ON)


def test_wrong_kind_of_situation_is_refused(cat):
    with pytest.raises(TypeError, match="reads a EmployerSituation"):
        cat.evaluate("disability_employment_quota", PersonSituation(), ON)


def test_missing_column_is_named(cat):
    cols = to_columns([PersonSituation()], "person")
    del cols["separation_reason"]
    with pytest.raises(KeyError, match="separation_reason"):
        cat["unemployment_insurance_benefit"].evaluate_population(cols, ON)


def test_decision_records_parameters_placeholders_and_versions(cat):
    p = PersonSituation(
        division_code="430302001000",
        ui_contribution_months=30,
        separation_reason="employer_closed",
        registered_unemployed=True,
        job_seeking=True,
        receiving_pension=False,
    )
    d = cat.evaluate("unemployment_insurance_benefit", p, ON)
    assert d.eligible and d.benefits == {"duration_months": 12.0, "monthly_amount": 1566.0}
    assert d.parameters["min_contribution_months"] == 12
    assert d.parameters["involuntary_reasons"] == ["contract_ended", "dismissed", "employer_closed"]
    assert d.to_verify == ("monthly_amount",)  # the placeholder is flagged with the decision
    assert d.rule_version == "1" and len(d.parameters_digest) == 16


def test_not_eligible_decision_has_no_benefits_and_names_every_unmet_condition(cat):
    p = PersonSituation(
        division_code="430302001000",
        ui_contribution_months=3,
        separation_reason="resigned",
        registered_unemployed=False,
        job_seeking=None,
        receiving_pension=False,
    )
    d = cat.evaluate("unemployment_insurance_benefit", p, ON)
    assert d.status == "not_eligible" and d.benefits == {}
    assert d.unmet == ("ui_contribution_period", "involuntary_separation", "registered_unemployed")
    assert d.unknown == ("job_seeking",) and d.met == ("no_pension",)


def test_catalogue_checks_regional_codes_against_known_divisions(tmp_path):
    known = {"43", "4303", "4301", "430302", "430304"}
    assert len(Catalogue.load(known_divisions=known).policies) == 12
    with pytest.raises(ParameterError) as exc:
        Catalogue.load(known_divisions={"43"})
    assert exc.value.key.endswith(".regional.4303") and exc.value.message == "unknown division '4303'"


def test_evaluate_all_picks_the_subject(cat):
    people = {d.policy for d in cat.evaluate_all(PersonSituation(), ON)}
    firms = {d.policy for d in cat.evaluate_all(EmployerSituation(), ON)}
    assert len(people) == 9 and len(firms) == 3 and not people & firms
    assert "disability_employment_quota" in firms and "unemployment_insurance_benefit" in people


def test_population_counts(cat):
    cols = to_columns([PersonSituation(), PersonSituation(receiving_pension=True)], "person")
    res = cat["unemployment_insurance_benefit"].evaluate_population(cols, ON)
    assert res.counts() == {"eligible": 0, "not_eligible": 1, "unknown": 1}
    assert res.status.dtype == np.int8
