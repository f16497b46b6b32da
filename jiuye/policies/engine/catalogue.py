"""The rules of the first catalogue (issue 5 item 2). Numbers live in ../parameters/<policy>.yaml.

Each condition has a stable code (stored with decisions, used as the message key) and its text in
English and Chinese. Bump a rule's ``version`` when its logic changes.
"""

from __future__ import annotations

from .model import Benefit, Condition, Rule
from .rules import (
    AgeOn,
    All,
    Any,
    Bracket,
    Cmp,
    Const,
    Div,
    F,
    In,
    Is,
    MonthsSince,
    MonthsSinceLeaving,
    Mul,
    Not,
    P,
    Year,
)

ZERO = Const(0)


def _started(field: str) -> Cmp:
    """The date field is known and not in the future."""
    return Cmp(MonthsSince(field), ">=", ZERO)


def _graduate(types: str = "graduate_school_types") -> In:
    return In("school_type", types)


def _graduating_year() -> Cmp:
    return Cmp(F("graduation_year"), "==", Year())


RULES: dict[str, Rule] = {}


def _rule(policy, version, conditions, benefits=()):
    RULES[policy] = Rule(policy, version, tuple(conditions), tuple(benefits))


_rule(
    "unemployment_insurance_benefit",
    "1",
    [
        Condition(
            "ui_contribution_period",
            "Unemployment insurance paid for at least the minimum period (12 months)",
            "失业保险累计缴费满规定期限（1年）",
            Cmp(F("ui_contribution_months"), ">=", P("min_contribution_months")),
        ),
        Condition(
            "involuntary_separation",
            "The last job ended against the person's will",
            "非因本人意愿中断就业",
            In("separation_reason", "involuntary_reasons"),
        ),
        Condition(
            "registered_unemployed",
            "Registered as unemployed",
            "已办理失业登记",
            Is("registered_unemployed"),
        ),
        Condition("job_seeking", "Looking for work", "有求职要求", Is("job_seeking")),
        Condition(
            "no_pension",
            "Not drawing a basic pension",
            "未享受基本养老保险待遇",
            Not(Is("receiving_pension")),
        ),
    ],
    [
        Benefit(
            "duration_months",
            "month",
            "Longest payment period",
            "最长领取期限",
            Bracket(Div(F("ui_contribution_months"), Const(12)), "duration_by_contribution_years"),
        ),
        Benefit(
            "monthly_amount", "yuan_per_month", "Monthly benefit", "失业保险金月标准", P("monthly_amount")
        ),
    ],
)

_rule(
    "si_subsidy_hired_hard_to_employ",
    "1",
    [
        Condition(
            "hard_to_employ",
            "Recognised as a person with employment difficulties",
            "经认定的就业困难人员",
            Is("hard_to_employ"),
        ),
        Condition(
            "employed_with_social_insurance",
            "Employed by an employer that pays the person's social insurance",
            "被用人单位招用并缴纳社会保险费",
            All(In("labour_status", ("employed",)), _started("employed_with_si_since")),
        ),
        Condition(
            "within_subsidy_period",
            "Within the subsidy period (3 years, or until retirement when within 5 years of it)",
            "在补贴期限内（最长3年，距法定退休年龄不足5年的可延长至退休）",
            Any(
                All(
                    _started("employed_with_si_since"),
                    Cmp(MonthsSince("employed_with_si_since"), "<", P("max_months")),
                ),
                Cmp(F("years_to_retirement"), "<=", P("near_retirement_years")),
            ),
        ),
    ],
    [Benefit("max_months", "month", "Longest subsidy period", "最长补贴期限", P("max_months"))],
)

_rule(
    "si_subsidy_flexible_employment",
    "1",
    [
        Condition(
            "target_group",
            "A person with employment difficulties, or a graduate within 2 years of leaving school",
            "就业困难人员，或离校2年内未就业的高校毕业生",
            Any(
                Is("hard_to_employ"),
                All(_graduate(), Cmp(MonthsSinceLeaving(), "<=", P("graduate_window_months"))),
            ),
        ),
        Condition(
            "flexible_employment",
            "In flexible employment",
            "灵活就业",
            In("labour_status", ("flexible",)),
        ),
        Condition(
            "own_social_insurance",
            "Pays social insurance as a flexibly employed person",
            "以灵活就业人员身份缴纳社会保险费",
            _started("flexible_si_since"),
        ),
        Condition(
            "within_subsidy_period",
            "Within the subsidy period",
            "在补贴期限内",
            Any(
                All(
                    Is("hard_to_employ"),
                    _started("flexible_si_since"),
                    Cmp(MonthsSince("flexible_si_since"), "<", P("max_months_hard_to_employ")),
                ),
                All(
                    _graduate(),
                    _started("flexible_si_since"),
                    Cmp(MonthsSince("flexible_si_since"), "<", P("max_months_graduate")),
                ),
            ),
        ),
    ],
    [
        Benefit(
            "share_of_contributions",
            "share",
            "Share of the contributions paid back (at most)",
            "补贴不超过实际缴费的比例",
            P("subsidy_share"),
        )
    ],
)

_rule(
    "job_creation_subsidy",
    "1",
    [
        Condition("in_force", "The policy is in force", "政策在执行期内", Is("in_force", param=True)),
        Condition(
            "eligible_employer",
            "An enterprise (or other eligible employer type)",
            "符合条件的用人单位类型（企业等）",
            In("ownership", "eligible_ownership"),
        ),
        Condition("active", "Operating normally", "正常经营", In("employer_status", ("active",))),
        Condition(
            "hired_young_people",
            "Hired young people of the target groups and paid their unemployment insurance for a month",
            "招用目标群体青年并为其缴纳失业保险费满1个月",
            Cmp(F("youth_hires_with_ui"), ">=", Const(1)),
        ),
    ],
    [
        Benefit(
            "amount",
            "yuan",
            "One-time subsidy",
            "一次性扩岗补助",
            Mul(F("youth_hires_with_ui"), P("amount_per_hire")),
        )
    ],
)

_rule(
    "job_search_subsidy",
    "1",
    [
        Condition(
            "graduating_year",
            "In the year of graduation",
            "处于毕业年度",
            _graduating_year(),
        ),
        Condition(
            "eligible_school",
            "Graduating from an eligible school",
            "属于补贴范围内的院校毕业生",
            _graduate("eligible_school_types"),
        ),
        Condition(
            "hardship",
            "From a household on minimum living support or extreme-poverty support, a poverty-relief household, "
            "disabled, or holding a national student loan",
            "低保家庭、特困人员、脱贫家庭、残疾或获得国家助学贷款",
            Any(
                In("assistance_status", "assistance_statuses"),
                Is("poverty_relief_household"),
                Is("disabled"),
                Is("student_loan"),
            ),
        ),
        Condition(
            "job_seeking",
            "Looking for work or starting a business",
            "有就业创业意愿并积极求职创业",
            Is("job_seeking"),
        ),
    ],
    [Benefit("amount", "yuan", "One-time subsidy", "一次性求职创业补贴", P("amount"))],
)

_rule(
    "entrepreneurship_guaranteed_loan",
    "1",
    [
        Condition(
            "target_group",
            "In a target group (registered unemployed, employment difficulties, disabled, veteran, graduate, "
            "ex-offender, returning migrant worker, poverty-relief household)",
            "属于城镇登记失业人员、就业困难人员、残疾人、退役军人、高校毕业生、刑满释放人员、返乡创业农民工、脱贫人口等群体",
            Any(
                Is("registered_unemployed"),
                Is("hard_to_employ"),
                Is("disabled"),
                Is("veteran"),
                All(_graduate(), Cmp(F("graduation_year"), "<=", Year())),
                Is("ex_offender"),
                Is("rural_migrant"),
                Is("poverty_relief_household"),
            ),
        ),
        Condition(
            "runs_business",
            "Has registered a business",
            "已登记创业实体",
            _started("business_registered_on"),
        ),
        Condition(
            "no_other_loans",
            "No other loans besides the exempted kinds (student, housing, car, small consumer loans)",
            "除助学、住房、购车、小额消费等贷款外无其他贷款",
            Not(Is("other_loans")),
        ),
    ],
    [
        Benefit("max_loan", "yuan", "Largest loan", "贷款额度上限", P("max_loan")),
        Benefit("max_term_months", "month", "Longest term", "最长贷款期限", P("max_term_months")),
    ],
)

_rule(
    "vocational_training_subsidy",
    "1",
    [
        Condition(
            "target_group",
            "In a target group (poverty-relief household, graduating student, school leaver not continuing "
            "studies, rural migrant worker, registered unemployed)",
            "属于脱贫家庭子女、毕业年度高校毕业生、城乡未继续升学的应届初高中毕业生、农村转移就业劳动者、城镇登记失业人员",
            Any(
                Is("poverty_relief_household"),
                All(_graduate(), _graduating_year()),
                All(In("school_type", ("junior_high", "senior_high")), _graduating_year()),
                Is("rural_migrant"),
                Is("registered_unemployed"),
            ),
        ),
        Condition(
            "training_completed",
            "Completed employment-skill or entrepreneurship training",
            "参加就业技能培训或创业培训",
            _started("training_completed_on"),
        ),
        Condition(
            "certificate_in_window",
            "Obtained the certificate within the claim period",
            "在申领期限内取得证书",
            All(
                _started("certificate_on"), Cmp(MonthsSince("certificate_on"), "<", P("claim_window_months"))
            ),
        ),
    ],
    [
        Benefit(
            "amount",
            "yuan",
            "Training subsidy",
            "职业培训补贴",
            Bracket(F("certificate_grade"), "amount_by_grade"),
        )
    ],
)

_rule(
    "skill_upgrading_subsidy",
    "1",
    [
        Condition(
            "ui_insured_now",
            "Insured for unemployment as an employee",
            "参加失业保险的企业职工",
            Is("ui_insured_now"),
        ),
        Condition(
            "ui_contribution_period",
            "Unemployment insurance paid for at least the minimum period",
            "失业保险累计缴费满规定期限",
            Cmp(F("ui_contribution_months"), ">=", P("min_contribution_months")),
        ),
        Condition(
            "eligible_certificate",
            "Holds a skill certificate of an eligible grade",
            "取得规定等级的职业资格证书或职业技能等级证书",
            In("certificate_grade", "eligible_grades"),
        ),
        Condition(
            "certificate_in_window",
            "Obtained the certificate within the claim period",
            "在申领期限内取得证书",
            All(
                _started("certificate_on"), Cmp(MonthsSince("certificate_on"), "<", P("claim_window_months"))
            ),
        ),
    ],
    [
        Benefit(
            "amount",
            "yuan",
            "Skill-upgrading subsidy",
            "技能提升补贴",
            Bracket(F("certificate_grade"), "amount_by_grade"),
        )
    ],
)

_rule(
    "public_welfare_position",
    "1",
    [
        Condition(
            "hard_to_employ",
            "Recognised as a person with employment difficulties",
            "经认定的就业困难人员",
            Is("hard_to_employ"),
        ),
        Condition(
            "registered_unemployed", "Registered as unemployed", "已办理失业登记", Is("registered_unemployed")
        ),
        Condition("job_seeking", "Looking for work", "有求职要求", Is("job_seeking")),
        Condition(
            "below_retirement_age",
            "Below the statutory retirement age",
            "未达到法定退休年龄",
            Cmp(F("years_to_retirement"), ">", ZERO),
        ),
        Condition(
            "working_age",
            "At least the minimum working age",
            "达到法定劳动年龄",
            Cmp(AgeOn(), ">=", P("min_age")),
        ),
    ],
    [
        Benefit(
            "max_months", "month", "Longest placement subsidy period", "岗位补贴最长期限", P("max_months")
        ),
        Benefit(
            "monthly_amount",
            "yuan_per_month",
            "Position subsidy",
            "公益性岗位补贴月标准",
            P("monthly_amount"),
        ),
    ],
)

_rule(
    "disability_employment_quota",
    "1",
    [
        Condition("active", "Operating normally", "正常经营", In("employer_status", ("active",))),
        Condition(
            "has_employees", "Has insured employees", "有参保在职职工", Cmp(F("insured_headcount"), ">", ZERO)
        ),
        Condition(
            "quota_met",
            "Employs disabled people at or above the quota share of its staff",
            "安排残疾人就业达到规定比例",
            Cmp(Div(F("disabled_employees"), F("insured_headcount")), ">=", P("quota_share")),
        ),
    ],
    [Benefit("quota_share", "share", "Quota applied", "适用比例", P("quota_share"))],
)

_rule(
    "veteran_entrepreneurship_tax",
    "1",
    [
        Condition("in_force", "The policy is in force", "政策在执行期内", Is("in_force", param=True)),
        Condition(
            "self_placed_veteran",
            "A veteran placed by self-employment",
            "自主就业退役士兵",
            All(Is("veteran"), Is("veteran_self_placed")),
        ),
        Condition(
            "runs_business",
            "Has registered an individual business",
            "从事个体经营",
            _started("business_registered_on"),
        ),
        Condition(
            "within_period",
            "Within 3 years of registering the business",
            "自办理个体工商户登记当月起3年内",
            All(
                _started("business_registered_on"),
                Cmp(MonthsSince("business_registered_on"), "<", P("max_months")),
            ),
        ),
    ],
    [
        Benefit(
            "annual_cap",
            "yuan_per_year",
            "Tax reduction per year (at most)",
            "每户每年扣减税费限额",
            P("annual_cap"),
        )
    ],
)

_rule(
    "veteran_hiring_tax",
    "1",
    [
        Condition("in_force", "The policy is in force", "政策在执行期内", Is("in_force", param=True)),
        Condition(
            "eligible_employer",
            "An enterprise or other eligible employer",
            "企业等符合条件的单位",
            In("ownership", "eligible_ownership"),
        ),
        Condition(
            "hired_veterans",
            "Hired veterans placed by self-employment on contracts of a year or more",
            "招用自主就业退役士兵并签订1年以上劳动合同",
            Cmp(F("veterans_hired"), ">=", Const(1)),
        ),
    ],
    [
        Benefit(
            "annual_cap",
            "yuan_per_year",
            "Tax reduction per year (at most)",
            "每年扣减税费限额",
            Mul(F("veterans_hired"), P("per_person_cap")),
        )
    ],
)
