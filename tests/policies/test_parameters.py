"""Dated parameters, regional overrides, and YAML that must be refused (file and key named)."""

import dataclasses
import datetime as dt
import shutil
import textwrap

import numpy as np
import pytest

from jiuye.policies.engine import Catalogue, ParameterError, PersonSituation, load_policy_file
from jiuye.policies.engine.model import PARAMETERS_DIR
from jiuye.policies.engine.situation import division_int

D = dt.date


@pytest.fixture(scope="module")
def cat():
    return Catalogue.load()


def test_every_parameter_file_loads_and_every_policy_has_a_rule(cat):
    assert len(list(PARAMETERS_DIR.glob("*.yaml"))) == len(cat.policies) == 12
    for p in cat:
        assert p.meta.references and p.meta.title["zh"] and p.meta.title["en"]
        for param in p.meta.parameters.values():
            assert param.reference in p.meta.references


def _param(cat, policy, name):
    return cat[policy].meta.parameters[name]


def test_dated_value_before_and_after_a_change(cat):
    p = _param(cat, "skill_upgrading_subsidy", "min_contribution_months")
    assert p.value(D(2017, 4, 30), None) is None  # before the policy: no value
    assert p.value(D(2017, 5, 1), None) == 36
    assert p.value(D(2018, 12, 31), None) == 36
    assert p.value(D(2019, 1, 1), None) == 12


def test_decision_follows_the_date_of_the_change(cat):
    person = PersonSituation(
        division_code="430302001000",
        ui_insured_now=True,
        ui_contribution_months=20,
        certificate_grade="intermediate",
        certificate_on=D(2018, 10, 1),
    )
    before = cat.evaluate("skill_upgrading_subsidy", person, D(2018, 12, 31))
    after = cat.evaluate("skill_upgrading_subsidy", person, D(2019, 1, 1))
    assert before.status == "not_eligible" and before.unmet == ("ui_contribution_period",)
    assert after.status == "eligible" and after.benefits == {"amount": 1500.0}
    assert (
        before.parameters["min_contribution_months"] == 36
        and after.parameters["min_contribution_months"] == 12
    )


def test_value_with_an_end_date_leaves_later_dates_unknown(cat):
    p = _param(cat, "job_creation_subsidy", "in_force")
    assert p.value(D(2025, 12, 31), None) is True
    assert p.value(D(2026, 1, 1), None) is None


def test_regional_override_precedence(cat):
    p = _param(cat, "job_search_subsidy", "amount")  # 43: 1000 from 2017; 4303: 1500 from 2024
    assert p.value(D(2023, 6, 1), "430302001000") == 1000  # city value not yet in force → province
    assert p.value(D(2024, 6, 1), "430302001000") == 1500  # longest prefix wins
    assert p.value(D(2024, 6, 1), "430102000000") == 1000  # 长沙: province only
    assert p.value(D(2024, 6, 1), "110101000000") is None  # no national figure, Beijing not entered
    assert p.value(D(2024, 6, 1), None) is None  # division unknown and overrides exist → unknown
    national_only = _param(cat, "job_search_subsidy", "eligible_school_types")
    assert national_only.value(D(2024, 6, 1), None) == (
        "university",
        "technician_college",
        "special_education_vocational",
    )


def test_vector_variants_agree_with_scalar_lookup(cat):
    codes = ["430302001000", "430304", "430102000000", "43", "110101000000", None, "4303"]
    divs = np.array([division_int(c) for c in codes], np.int64)
    for on in (D(2017, 10, 12), D(2017, 10, 13), D(2023, 12, 31), D(2024, 1, 1), D(2026, 11, 28)):
        for policy in cat:
            for param in policy.meta.parameters.values():
                ids, values = param.variants(on, divs)
                got = [None if i < 0 else values[i] for i in ids]
                assert got == [param.value(on, c) for c in codes], (policy.id, param.name, on)


def test_new_amount_from_a_future_date_changes_decisions_from_that_date_only(tmp_path):
    shutil.copytree(PARAMETERS_DIR, tmp_path / "p")
    path = tmp_path / "p" / "veteran_entrepreneurship_tax.yaml"
    text = path.read_text(encoding="utf-8")
    old = '        - {from: 2019-01-01, value: 14400, to_verify: "PLACEHOLDER: assumes Hunan used the full 20 % rise"}\n'
    assert old in text
    path.write_text(text.replace(old, old + "        - {from: 2027-03-01, value: 16000}\n"), encoding="utf-8")
    cat = Catalogue.load(tmp_path / "p")
    vet = PersonSituation(
        division_code="430302001000",
        veteran=True,
        veteran_self_placed=True,
        business_registered_on=D(2026, 6, 1),
    )
    amount = lambda on: cat.evaluate("veteran_entrepreneurship_tax", vet, on).benefits["annual_cap"]  # noqa: E731
    assert amount(D(2027, 2, 28)) == 14400
    assert amount(D(2027, 3, 1)) == 16000
    beijing = dataclasses.replace(vet, division_code="110101000000")
    assert (
        cat.evaluate("veteran_entrepreneurship_tax", beijing, D(2027, 3, 1)).benefits["annual_cap"] == 12000
    )


# ------------------------------------------------------------------------------------------ bad files

GOOD = """\
policy: demo
subject: person
title: {zh: 示例, en: Demo}
references:
  - {id: law, title: 《示例法》, url: https://example.org/law}
parameters:
  amount:
    reference: law
    values:
      - {from: 2020-01-01, value: 100}
      - {from: 2021-01-01, value: 120}
    regional:
      "43":
        - {from: 2020-06-01, value: 130}
"""


def _load(tmp_path, text, **kw):
    path = tmp_path / "demo.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return load_policy_file(path, **kw)


def _refused(tmp_path, text, key, words, **kw):
    with pytest.raises(ParameterError) as exc:
        _load(tmp_path, text, **kw)
    assert exc.value.file == "demo.yaml" and exc.value.key == key, str(exc.value)
    assert words in exc.value.message
    assert str(exc.value).startswith(f"demo.yaml: {key}: ")


def test_good_file_loads(tmp_path):
    p = _load(tmp_path, GOOD)
    assert p.parameters["amount"].value(D(2020, 7, 1), "4303") == 130


def test_missing_reference_is_refused(tmp_path):
    _refused(tmp_path, GOOD.replace("    reference: law\n", ""), "parameters.amount.reference", "missing")


def test_reference_to_an_undeclared_source_is_refused(tmp_path):
    _refused(
        tmp_path, GOOD.replace("reference: law", "reference: lex"), "parameters.amount.reference", "'lex'"
    )


def test_reference_without_url_or_to_verify_is_refused(tmp_path):
    _refused(tmp_path, GOOD.replace(", url: https://example.org/law", ""), "references[0].url", "missing")


def test_overlapping_dates_are_refused(tmp_path):
    same_day = GOOD.replace("{from: 2021-01-01, value: 120}", "{from: 2020-01-01, value: 120}")
    _refused(tmp_path, same_day, "parameters.amount.values", "overlap")
    ranged = GOOD.replace("{from: 2020-01-01, value: 100}", "{from: 2020-01-01, to: 2021-03-01, value: 100}")
    _refused(tmp_path, ranged, "parameters.amount.values", "overlap")
    regional = GOOD.replace(
        "        - {from: 2020-06-01, value: 130}\n",
        "        - {from: 2020-06-01, to: 2022-01-01, value: 130}\n        - {from: 2021-06-01, value: 140}\n",
    )
    _refused(tmp_path, regional, "parameters.amount.regional.43", "overlap")


def test_unknown_division_is_refused(tmp_path):
    _refused(tmp_path, GOOD.replace('"43":', '"99":'), "parameters.amount.regional.99", "unknown division")
    _refused(tmp_path, GOOD.replace('"43":', '"431":'), "parameters.amount.regional.431", "unknown division")
    _refused(
        tmp_path, GOOD, "parameters.amount.regional.43", "unknown division", known_divisions={"11", "4303"}
    )
    assert _load(tmp_path, GOOD, known_divisions={"43"}).parameters["amount"].regional


def test_bad_date_and_bad_value_are_refused(tmp_path):
    _refused(
        tmp_path,
        GOOD.replace("from: 2021-01-01", "from: 2021-13-01"),
        "parameters.amount.values[1].from",
        "date",
    )
    _refused(
        tmp_path, GOOD.replace("value: 120", "value: lots"), "parameters.amount.values[1].value", "'lots'"
    )
    _refused(
        tmp_path, GOOD.replace("value: 130", "value: [a, b]"), "parameters.amount.regional.43", "same kind"
    )
    _refused(
        tmp_path, GOOD.replace("value: 130", "value: [[0, 1]]"), "parameters.amount.regional.43", "same kind"
    )
    _refused(
        tmp_path, GOOD.replace("value: 120", "value: [[0, 1]]"), "parameters.amount.values", "different kinds"
    )
    table = "value: [[2, 1], [1, 2]]"
    _refused(tmp_path, GOOD.replace("value: 120", table), "parameters.amount.values[1].value", "increase")


def test_not_yaml_names_the_line(tmp_path):
    _refused(tmp_path, GOOD + "  broken: [\n", "line 16", "not valid YAML")


def test_policy_name_must_match_the_file(tmp_path):
    _refused(tmp_path, GOOD.replace("policy: demo", "policy: other"), "policy", "file name")


def test_rule_parameter_missing_from_yaml_is_refused_at_catalogue_load(tmp_path):
    shutil.copytree(PARAMETERS_DIR, tmp_path / "p")
    path = tmp_path / "p" / "public_welfare_position.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  min_age:")
    end = text.index("  max_months:")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(ParameterError) as exc:
        Catalogue.load(tmp_path / "p")
    assert (exc.value.file, exc.value.key) == ("public_welfare_position.yaml", "parameters.min_age")


def test_policy_file_without_a_rule_is_refused(tmp_path):
    (tmp_path / "demo.yaml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(ParameterError) as exc:
        Catalogue.load(tmp_path)
    assert (exc.value.file, exc.value.key) == ("demo.yaml", "policy")


def test_unknown_code_in_a_list_parameter_is_refused_at_catalogue_load(tmp_path):
    shutil.copytree(PARAMETERS_DIR, tmp_path / "p")
    path = tmp_path / "p" / "unemployment_insurance_benefit.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("[contract_ended, dismissed,", "[contract_ended, dismised,"), encoding="utf-8"
    )
    with pytest.raises(ParameterError) as exc:
        Catalogue.load(tmp_path / "p")
    assert (exc.value.file, exc.value.key) == (
        "unemployment_insurance_benefit.yaml",
        "parameters.involuntary_reasons.values",
    )
    assert "dismised" in exc.value.message
