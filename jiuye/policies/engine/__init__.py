"""Rules-as-code engine (pure: no Django).

    from jiuye.policies.engine import Catalogue, PersonSituation
    cat = Catalogue.load()                       # rules + jiuye/policies/parameters/*.yaml, validated
    d = cat.evaluate("unemployment_insurance_benefit", PersonSituation(...), on=date(2026, 11, 28))
    d.status, d.met, d.unmet, d.unknown, d.benefits
    cat.evaluate_population("person", columns, on)   # vectorised, same decisions (see situation.py)

Decisions are eligible / not_eligible / unknown; missing data gives unknown, never not_eligible.
ADR 0011 says why this is our own engine and not OpenFisca.
"""

from .model import (
    ELIGIBLE,
    NOT_ELIGIBLE,
    Benefit,
    Catalogue,
    Condition,
    Decision,
    Policy,
    PopulationResult,
    Rule,
)
from .parameters import ParameterError, load_parameters, load_policy_file
from .rules import MET, UNKNOWN, UNMET
from .situation import CATEGORIES, NEVER, EmployerSituation, PersonSituation, from_columns, to_columns

__all__ = [
    "CATEGORIES",
    "ELIGIBLE",
    "MET",
    "NEVER",
    "NOT_ELIGIBLE",
    "UNKNOWN",
    "UNMET",
    "Benefit",
    "Catalogue",
    "Condition",
    "Decision",
    "EmployerSituation",
    "ParameterError",
    "PersonSituation",
    "Policy",
    "PopulationResult",
    "Rule",
    "from_columns",
    "load_parameters",
    "load_policy_file",
    "to_columns",
]
