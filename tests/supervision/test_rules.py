"""Posting screening rules (pure: no database). Every category: flagged wording, plain wording, lawful mentions."""

from __future__ import annotations

import pytest

from jiuye.supervision.screening import (
    CATEGORIES,
    DISCRIMINATION_CATEGORIES,
    PostingText,
    ScreeningResult,
    screen_posting,
    screen_postings,
)
from jiuye.supervision.screening.legal import LEGAL_BASES
from jiuye.supervision.screening.pay import PayCell, PayTable, table_from_postings
from jiuye.supervision.screening.rules import fold, screen_rules
from jiuye.supervision.screening.rules_data import LAWFUL, RULES


def posting(description: str, **kw) -> PostingText:
    base = dict(title="销售代表", description=description, pay_min=5000, pay_max=8000, address="湘潭市雨湖区")
    base.update(kw)
    return PostingText(**base)


def cats(description: str, **kw) -> set[str]:
    return screen_posting(posting(description, **kw)).categories


def flags_of(description: str, category: str, **kw):
    return [f for f in screen_posting(posting(description, **kw)).flags if f.category == category]


# ------------------------------------------------------------------------------------------- the issue's example


def test_issue_example_three_blocking_flags_with_span_basis_and_suggestion():
    text = "限男性，35岁以下，需交押金500元"
    result = screen_posting(posting(text))
    assert result.blocking
    by_cat = {f.category: f for f in result.flags}
    assert set(by_cat) == {"gender", "age", "fees_deposits"}
    for flag in result.flags:
        assert flag.severity == "block"
        assert flag.field == "description"
        assert text[flag.start : flag.end] == flag.matched_text
        assert flag.legal_basis_key in LEGAL_BASES
        assert flag.suggestion and flag.message_en and flag.message_zh
        assert flag.source == "rule"
    assert by_cat["gender"].matched_text == "限男性"
    assert by_cat["gender"].suggestion.startswith("男女不限")
    assert by_cat["age"].matched_text == "35岁以下"
    assert by_cat["fees_deposits"].matched_text == "押金"
    assert "妇女权益保障法" in by_cat["gender"].message_zh
    assert "Labour Contract Law art. 9" in by_cat["fees_deposits"].message_en


def test_edited_posting_has_no_flags():
    assert screen_posting(posting("男女不限，年龄不限，不收取任何费用，负责门店销售与客户接待")).flags == ()


# ------------------------------------------------------------------------------------------- per category

CASES = {
    "gender": (
        [
            "限男性",
            "仅招女性",
            "男士优先",
            "性别：男",
            "女性勿扰",
            "本岗位不招女生",
            "急招男仓管",
            "Male candidates only",
            "Female preferred",
        ],
        ["负责门店销售", "男装设计师", "女装频道运营", "公司提供男女宿舍"],
        [
            "男女不限",
            "性别不限",
            "不限性别",
            "女职工享受产假",
            "男女同工同酬",
            "We are an equal opportunity employer",
            "Women are encouraged to apply",
        ],
    ),
    "age": (
        [
            "35岁以下",
            "年龄18-35周岁",
            "年龄：22-35",
            "不超过45周岁",
            "限90后",
            "95后优先",
            "18--40岁",
            "Applicants must be under 30 years old",
            "Age 22-35",
        ],
        ["3-5年工作经验", "团队平均年龄28岁", "负责6-12岁儿童的编程教学"],
        ["年龄不限", "年满18周岁", "16周岁以上", "欢迎应届生", "65岁以下均可报名", "No age limit"],
    ),
    "region_hukou": (
        [
            "限本地户口",
            "要求本市户籍",
            "本地人优先",
            "河南人勿扰",
            "不招东北人",
            "户籍要求：湘潭",
            "Local residents only",
        ],
        ["负责湖南区域客户开发", "熟悉本地市场者优先"],
        ["可解决北京户口", "户口不限", "应届生有落户指标"],
    ),
    "ethnicity": (
        ["限汉族", "汉族优先", "民族：汉族", "不招少数民族", "维族勿扰", "Han Chinese only"],
        ["精通维吾尔语和汉语，担任翻译", "负责民族乐器的销售"],
        ["民族不限"],
    ),
    "marital_childbearing": (
        [
            "已婚已育优先",
            "限未婚",
            "两年内不得怀孕",
            "孕妇勿扰",
            "入职体检包含妊娠测试",
            "婚姻状况：未婚",
            "有生育计划者勿扰",
            "Married candidates only",
            "Must not be pregnant",
        ],
        ["负责母婴产品的线上推广"],
        [
            "享受婚假、产假、陪产假",
            "公司提供单身公寓",
            "缴纳生育保险",
            "婚育状况不限",
            "Maternity leave provided",
        ],
    ),
    "appearance_height": (
        ["身高160cm以上", "形象气质佳", "五官端正", "体重不超过60公斤", "Attractive appearance required"],
        ["负责品牌形象设计", "着装整洁，举止得体"],
        ["辅警招聘：身高170cm以上", "平面模特，身高170cm以上", "外貌不限"],
    ),
    "health": (
        [
            "乙肝携带者勿扰",
            "入职体检需查乙肝五项",
            "无乙肝",
            "乙肝两对半须阴性",
            "艾滋病感染者不予录用",
            "No hepatitis B carriers",
        ],
        ["身体健康，能适应出差", "参与乙肝疫苗的临床研究数据分析"],
        ["需持有健康证", "乙肝携带者可以报名"],
    ),
    "disability": (
        ["残疾人勿扰", "不招残疾人", "身体无残疾", "四肢健全", "No disabled applicants"],
        ["福利健全", "负责残疾人辅具产品研发"],
        ["欢迎残疾人朋友投递", "残疾人优先"],
    ),
    "fees_deposits": (
        [
            "入职需交押金500元",
            "需缴纳服装费200元",
            "报名费50元",
            "入职扣押身份证",
            "体检费自理",
            "Applicants must pay a $50 registration fee",
        ],
        ["负责保证金账户的核算与对账", "Direct deposit of salary"],
        [
            "不收取任何费用",
            "无押金，无中介费",
            "不收取任何费用、押金等",
            "入职体检费用公司报销",
            "押金：无",
            "No fees are charged",
        ],
    ),
    "training_loan": (
        [
            "0元入学，先学习后付款",
            "可办理培训贷",
            "招转培",
            "先交培训费，培训合格后上岗",
            "Training loan available",
        ],
        ["负责新员工的入职培训", "信贷业务数据分析"],
        ["带薪培训三个月", "免费岗前培训", "Paid training"],
    ),
    "contact_off_platform": (
        ["有意者加微信 hr_zhang2019 详聊", "联系QQ：123456789", "电话13812345678", "Contact me on WhatsApp"],
        ["负责微信小程序开发", "QQ音乐后台开发"],
        ["通过平台投递简历", "熟悉企业微信接口"],
    ),
    "brushing": (
        [
            "淘宝刷单，日结200",
            "做任务返佣金",
            "需先垫付货款",
            "手机兼职，动动手指日赚300",
            "Earn $500 per day clicking ads",
        ],
        ["兼职Python讲师，按课时计酬", "日结工资，按小时计", "我们关注员工发展"],
        ["负责电商平台反刷单风控模型"],
    ),
}


@pytest.mark.parametrize(
    "category,text", [(c, t) for c, (pos, _, _) in CASES.items() for t in pos], ids=lambda x: str(x)[:20]
)
def test_flagged(category, text):
    found = flags_of(text, category)
    assert found, f"{text!r} should raise a {category} flag"
    flag = found[0]
    assert text[flag.start : flag.end] == flag.matched_text
    assert flag.severity in ("block", "warn")
    assert flag.legal_basis_key in LEGAL_BASES
    assert flag.suggestion


@pytest.mark.parametrize(
    "category,text",
    [(c, t) for c, (_, neg, lawful) in CASES.items() for t in neg + lawful],
    ids=lambda x: str(x)[:20],
)
def test_not_flagged(category, text):
    assert category not in cats(text), f"{text!r} should not raise a {category} flag"


def test_every_category_has_cases_and_a_rule():
    rule_cats = {r.category for r in RULES}
    for c in CATEGORIES:
        if c in ("missing_fields", "unrealistic_pay", "fraud"):
            continue
        assert c in CASES and c in rule_cats
    assert set(LAWFUL) <= set(CATEGORIES)


# ------------------------------------------------------------------------------------------- hard cases


def test_bona_fide_exceptions_depend_on_which_sex():
    assert "gender" not in cats("限女性", title="女子监狱管教民警")
    assert "gender" not in cats("井下采掘工，限男性")
    # the female-prison exception does not excuse a men-only rule, nor underground work a women-only one
    assert "gender" in cats("限男性", title="女子监狱管教民警")
    assert "gender" in cats("井下采掘工，限女性")


def test_care_work_softens_to_a_warning():
    [flag] = flags_of("限女性，持证上岗", "gender", title="月嫂")
    assert flag.severity == "warn"
    [flag] = flags_of("限女性，持证上岗", "gender", title="仓库管理员")
    assert flag.severity == "block"


def test_age_numbers():
    assert "age" in cats("年龄18-59岁")
    assert "age" not in cats("年龄18-60岁")  # upper bound at retirement age
    [flag] = flags_of("23周岁以上", "age")
    assert flag.severity == "warn" and flag.code == "age.min_above_18"
    [flag] = flags_of("45岁以上勿扰", "age")
    assert flag.severity == "block"


def test_negation_covers_a_list_and_comes_after():
    assert "fees_deposits" not in cats("本公司招聘不收取任何押金和培训费")
    assert "fees_deposits" not in cats("押金全免")
    assert "fees_deposits" in cats("无中介费，但需交押金300元")


def test_registered_contact_phone_is_allowed():
    assert "contact_off_platform" not in cats("电话13812345678", contact_phone="138-1234-5678")
    assert "contact_off_platform" in cats("电话13912345678", contact_phone="13812345678")


def test_full_width_text_keeps_offsets():
    text = "招聘店员，ＭＡＬＥ ＯＮＬＹ，年龄３５岁以下"
    assert fold(text).__len__() == len(text)
    result = screen_posting(posting(text))
    for flag in result.flags:
        if flag.field == "description":
            assert text[flag.start : flag.end] == flag.matched_text
    assert {"gender", "age"} <= result.categories


def test_title_and_other_fields_are_screened():
    result = screen_posting(
        posting("负责收银", title="收银员（限女性）", welfare="五险一金", requirements="已婚已育")
    )
    by_field = {(f.field, f.category) for f in result.flags}
    assert ("title", "gender") in by_field
    assert ("requirements", "marital_childbearing") in by_field


def test_english_flags_get_english_suggestions():
    [flag] = flags_of("Male only", "gender")
    assert "open to all genders" in flag.suggestion
    [flag] = flags_of("限男性", "gender")
    assert "男女不限" in flag.suggestion


def test_warnings_do_not_block():
    result = screen_posting(posting("形象气质佳，负责前台接待"))
    assert result.categories == {"appearance_height"}
    assert not result.blocking


# ------------------------------------------------------------------------------------------- fields and pay


def test_missing_fields():
    result = screen_posting(PostingText(title="", description=""))
    codes = {f.code for f in result.flags}
    assert {"missing.title", "missing.description", "missing.pay", "missing.place"} <= codes
    assert result.blocking  # no title
    assert {f.category for f in result.flags} == {"missing_fields"}
    inverted = screen_posting(posting("负责门店销售工作", pay_min=9000, pay_max=5000))
    assert "missing.pay_inverted" in {f.code for f in inverted.flags}
    assert screen_posting(PostingText(title="", description=""), check_fields=False).flags == ()


def test_unrealistic_pay_against_a_table():
    table = table_from_postings([("4", "430302", 3000 + 20 * i) for i in range(100)])
    cell = table.lookup("41", "430302001")[1]
    assert cell.n == 100 and 4700 < cell.p90 < 5000
    fine = screen_posting(
        posting("负责门店销售工作", occupation_code="41", division_code="430302", pay_min=5000, pay_max=6000),
        pay_table=table,
    )
    assert "unrealistic_pay" not in fine.categories
    bait = screen_posting(
        posting(
            "负责门店销售工作", occupation_code="41", division_code="430302", pay_min=15000, pay_max=20000
        ),
        pay_table=table,
    )
    [flag] = [f for f in bait.flags if f.category == "unrealistic_pay"]
    assert (
        flag.code == "pay.unrealistic"
        and flag.severity == "warn"
        and flag.legal_basis_key == "hrm_24_true_info"
    )


def test_pay_table_falls_back_and_skips_small_cells():
    table = PayTable({("4", "4303"): PayCell(5, 4000, 5000), ("", ""): PayCell(500, 6000, 9000)})
    key, cell = table.lookup("41", "430302")
    assert key == ("", "") and cell.p90 == 9000  # the 5-posting cell is too small
    assert table.lookup("", "") is not None


def test_default_table_from_the_real_postings():
    from jiuye.supervision.screening.pay import default_pay_table

    table = default_pay_table()
    key, cell = table.lookup("2", "430302")  # no such city key: falls back to all cities
    assert key == ("2", "") and cell.n > 19_000 and cell.p50 < cell.p90
    assert table.lookup("2", "北京")[0] == ("2", "北京")


def test_wide_pay_range_warns():
    result = screen_posting(posting("负责门店销售工作", pay_min=3000, pay_max=30000))
    assert "pay.spread" in {f.code for f in result.flags}


# ------------------------------------------------------------------------------------------- model


class StubModel:
    """A stand-in with the FraudModel interface (score(fields) and threshold) for the combining logic only."""

    threshold = 0.3

    def __init__(self, p):
        self.p = p
        self.seen = []

    def score(self, fields):
        self.seen.append(fields)
        return self.p

    def score_many(self, many):
        return [self.p for _ in many]


def test_model_flag_behind_its_threshold():
    high = screen_posting(posting("负责门店销售工作"), model=StubModel(0.8))
    [flag] = [f for f in high.flags if f.source == "model"]
    assert flag.category == "fraud" and flag.severity == "warn" and flag.score == 0.8
    assert not high.blocking
    low = StubModel(0.1)
    assert not [
        f for f in screen_posting(posting("负责门店销售工作"), model=low).flags if f.source == "model"
    ]
    assert low.seen[0]["description"] == "负责门店销售工作" and low.seen[0]["salary_range"] == "5000-8000"
    # an explicit threshold overrides the model's
    assert [
        f
        for f in screen_posting(posting("x" * 10), model=low, model_threshold=0.05).flags
        if f.source == "model"
    ]


def test_screen_postings_batches_the_model():
    texts = [posting("负责门店销售工作"), posting("限男性")]
    results = screen_postings(texts, model=StubModel(0.9))
    assert [r.blocking for r in results] == [False, True]
    assert all("fraud" in r.categories for r in results)


def test_bad_input_is_a_clear_error():
    with pytest.raises(TypeError, match="PostingText"):
        screen_posting({"title": "x"})


def test_result_type():
    r = ScreeningResult.of([])
    assert r.flags == () and not r.blocking
    assert set(DISCRIMINATION_CATEGORIES) <= set(CATEGORIES)


def test_screen_rules_is_pure_and_fast_enough_per_posting():
    import time

    p = posting("限男性，35岁以下，需交押金500元。" * 20)
    t0 = time.process_time()
    for _ in range(50):
        screen_rules(p)
    assert (time.process_time() - t0) / 50 < 0.05


def test_rules_are_well_formed_and_unverified_bases_say_so():
    codes = [r.code for r in RULES]
    assert len(codes) == len(set(codes))
    for r in RULES:
        assert r.legal in LEGAL_BASES and r.severity in ("block", "warn") and r.category in CATEGORIES
        assert r.message_en and r.message_zh and r.advice_en and r.advice_zh
    age = LEGAL_BASES["epl_3_26_age"]
    assert (
        not age.verified and age.label("en").endswith("(to verify)") and age.label("zh").endswith("(待核实)")
    )
    assert LEGAL_BASES["fees_lcl9_esem14"].label("en") == LEGAL_BASES["fees_lcl9_esem14"].en
    [flag] = flags_of("35岁以下", "age")
    assert "(to verify)" in flag.message_en


class _SureModel:
    """Always says fraud; knows the words of a posting only as far as `known` says."""

    threshold = 0.5

    def __init__(self, known: float):
        self.known = known

    def score(self, fields) -> float:
        return 0.99

    def coverage(self, fields) -> float:
        return self.known


def test_model_is_not_asked_about_text_it_does_not_know():
    text = PostingText(
        title="Data entry clerk", description="Work from home, weekly pay, no experience needed."
    )
    assert [
        f.category for f in screen_posting(text, model=_SureModel(known=0.9)).flags if f.source == "model"
    ] == ["fraud"]
    # A Chinese posting against the English-trained model: coverage ~0, so no model flag at all.
    assert not [f for f in screen_posting(text, model=_SureModel(known=0.0)).flags if f.source == "model"]
    assert not [
        f for f in screen_postings([text], model=_SureModel(known=0.0))[0].flags if f.source == "model"
    ]


# ------------------------------------------------------------------------------------------- pattern families
# Each family below generalises a miss of the third crafted batch (test3): several ways of saying the same thing,
# and the lawful look-alikes that must stay unflagged. None of these sentences is in the labelled set.

FAMILIES = {
    # opening a job to one sex (仅面向/只对/仅接受 … 开放), and a sex-based duty assignment (warning)
    "gender": (
        [
            "本岗位只对男性开放",
            "该职位仅向女性开放",
            "仅接受女生投递简历",
            "只针对男士招聘",
            "面向男性招聘",
            "只面向男生招聘",
            "This role is open to women only",
            "男同事负责搬运货物",
            "夜班由男员工承担",
            "安排女员工负责前台接待",
            "男员工须服从外派",
            "男生需能接受出差",
            "由男性来负责夜间巡逻",
            "Male staff must work night shifts",
            "女性求职者勿扰",
            "男性应聘者谢绝",
            "面向女性青年招募",
            "优先考虑男性候选人",
            "男性候选人优先",
            "男性员工优先",
            "只接收男性简历",
            "Position available to men only",
        ],
        [
            "面向全体求职者开放",
            "男女员工轮值夜班",
            "男女员工均需轮值夜班",
            "男员工和女员工都需轮值夜班",
            "我们欢迎女性工程师加入",
            "孕期女职工不安排夜班",
            "女职工需要哺乳的，每天给予哺乳时间",
            "仅面向女性用户提供服务",
            "产品主要面向女性消费者",
            "不仅对女性友好，也对男性友好",
            "满足女性需求的产品设计",
            "女性应聘者请附作品集",
            "由女性负责人带领团队",
            "女员工应享受三八节福利",
            "男士需着正装，女士着职业装",
            "女性员工需要时可申请弹性工作",
            "哺乳室仅对女性员工开放",
            "负责女性用户增长运营",
            "Female staff are entitled to maternity leave",
            "仅面向女性消费者销售护肤品",
            "男士需穿正装上班",
            "女员工优先享受弹性工作",
        ],
    ),
    # a person noun between the group and the exclusion (X人员谢绝); groups named by the 55 peoples' names
    "ethnicity": (
        [
            "藏族同胞勿扰",
            "蒙古族求职者不予录用",
            "仅面向汉族求职者",
            "非汉族人员谢绝",
            "维吾尔族人员不予考虑",
            "回族员工不予录用",
        ],
        [
            "少数民族语言翻译",
            "少数民族人员优先",
            "熟悉少数民族文化",
            "上班族勿扰",
            "负责少数民族地区的市场开拓",
            "水族馆讲解员",
        ],
    ),
    "region_hukou": (
        [
            "外地人员谢绝",
            "湖南籍人员勿扰",
            "外地求职者不予考虑",
            "仅面向本地户籍人员",
            "农村户口人员不予录用",
            "优先录用本地户籍",
            "本地员工优先",
        ],
        [
            "外地员工提供住宿",
            "负责外地客户的接待",
            "外地人员可申请住房补贴",
            "本地员工优先享受住房补贴",
            "本地员工不收住宿费",
        ],
    ),
    "marital_childbearing": (
        ["孕期女性勿扰", "只接受已婚人士", "备孕人员谢绝", "哺乳期妈妈不予录用"],
        ["孕期员工享受产检假", "哺乳期员工每天有一小时哺乳时间", "已婚员工优先分配夫妻房"],
    ),
    # asking for the test, in a list or after the disease; negated, voluntary, or a job about the disease
    "health": (
        [
            "乙肝携带人员谢绝",
            "体检项目包括血常规、肝功能、乙肝五项",
            "入职需做乙肝检查",
            "乙肝五项为必检项目",
            "HIV阳性人员不予录用",
            "体检项目：血常规、HIV",
            "体检须进行乙肝检测",
            "需提供乙肝两对半检测报告",
        ],
        [
            "体检包含乙肝项目为自愿",
            "入职体检不查乙肝",
            "无需检查乙肝",
            "体检不包括乙肝五项和HIV检测",
            "入职体检包括乙肝五项，结果不影响录用",
            "乙肝项目由本人自愿选择",
            "负责乙肝疫苗的研发",
            "医院检验员，进行HIV检测",
            "从事艾滋病防治宣传",
            "乙肝检测非必查项目",
            "乙肝项目不作为录用依据",
        ],
    ),
    "disability": (["残疾人员勿扰", "残障人士谢绝"], ["残疾人员优先", "欢迎残障人士投递"]),
    # withholding identity papers, the papers named first (身份证交公司保管) or the keeping verb first
    "fees_deposits": (
        [
            "毕业证原件由人事统一保管",
            "工资卡押在公司",
            "身份证需押在公司至合同期满",
            "入职后身份证由公司代为保管",
            "护照需交给人事保管",
            "公司代管员工银行卡",
            "收走员工身份证",
            "Your passport will be kept by the company",
            "入职需将身份证放在公司",
            "毕业证押公司",
            "ID cards are kept by the employer during the contract",
        ],
        [
            "代为保管工服",
            "身份证由本人保管",
            "身份证复印件留存备案",
            "入职需提供身份证原件查验后当场退还",
            "请妥善保管身份证",
            "负责员工证件的办理与保管",
            "公司不扣押任何证件",
            "上交身份证复印件一份",
            "工资卡由员工本人保管",
            "证件照两张",
            "Keep your documents safe",
            "We do not hold passports",
            "公司不保管员工身份证",
        ],
    ),
    # the course fee paid by a loan or in instalments, and recruit-to-train (warning)
    "training_loan": (
        [
            "培训期间学费可贷款",
            "培训费用支持分12期",
            "课程费可申请月供",
            "通过贷款支付培训费",
            "分期缴纳学费",
            "学费支持花呗分期",
            "培训费可先由平台垫付，入职后从工资中扣还",
            "Tuition can be paid in monthly instalments through our loan partner",
            "零基础培训三个月，结业后推荐就业",
            "学员结业后包就业",
        ],
        [
            "学费全免",
            "不收学费，无需贷款",
            "负责贷款业务的培训",
            "岗前培训合格后上岗",
            "谨防培训贷陷阱",
            "负责信贷产品的分期业务",
            "负责为毕业生推荐工作",
            "毕业后不包分配",
            "公司为员工代缴学历提升学费",
            "No tuition, no loans",
        ],
    ),
    # fake orders for merchants (补单, 刷销量), named roles and commissions; 补单 as an after-sales word is lawful
    "brushing": (
        [
            "点赞关注领佣金",
            "协助店铺补单，日结",
            "帮淘宝店铺刷销量",
            "补单一单佣金10元",
            "招聘补单兼职",
            "收藏加购返佣",
            "为商家刷好评",
        ],
        [
            "补单发货流程",
            "负责售后补单，次日发货",
            "处理漏发补单",
            "帮助商家提升销量",
            "严禁刷单",
            "严禁任何形式的刷单",
            "月底冲单奖励丰厚",
            "负责1688拍单采购",
            "外卖配送，一单一结",
            "关注度高佣金丰厚",
        ],
    ),
}


def test_open_only_to_one_sex_blocks_with_a_rewording():
    [flag] = flags_of("本岗位仅对女性求职者开放", "gender")
    assert flag.code == "gender.open_only" and flag.severity == "block"
    assert flag.matched_text == "仅对女性求职者"
    assert flag.suggestion.startswith("本岗位面向全体求职者开放")
    assert "妇女权益保障法" in flag.message_zh
    [flag] = flags_of("This role is open to women only", "gender")
    assert flag.code == "gender.open_only" and flag.suggestion.startswith(
        "This role is open to all applicants"
    )


def test_a_duty_for_one_sex_is_a_warning_with_a_rewording():
    [flag] = flags_of("男性员工需轮流值夜班", "gender")
    assert flag.code == "gender.duty" and flag.severity == "warn"
    assert flag.matched_text == "男性员工"
    assert flag.suggestion.startswith("员工需轮流值夜班")
    # each clause that lays a duty on one sex is flagged
    flags = flags_of("男员工负责搬运，女员工负责收银", "gender")
    assert [f.matched_text for f in flags] == ["男员工", "女员工"]
    assert not screen_posting(posting("男员工负责搬运，女员工负责收银")).blocking
    # a bona fide exception still applies
    assert "gender" not in cats("男职工需下井作业", title="井下采掘工")


def test_exclusion_after_a_person_noun_is_blocking_in_every_category():
    for text, category in [
        ("少数民族同胞谢绝", "ethnicity"),
        ("外省人员勿扰", "region_hukou"),
        ("乙肝病毒携带人员恕不录用", "health"),
        ("残疾人士不予考虑", "disability"),
        ("女性求职者请绕行", "gender"),
    ]:
        [flag] = flags_of(text, category)
        assert flag.severity == "block", text


def test_hbv_test_negation_covers_a_list_and_voluntary_tests_pass():
    assert "health" not in cats("体检项目不含乙肝五项、HIV")
    assert "health" in cats("体检不含乙肝项目，但需查HIV")
    [flag] = flags_of("入职体检包含乙肝两对半", "health")
    assert flag.code == "health.hbv_test" and flag.severity == "block"
    assert flag.legal_basis_key == "epl_30_hbv"


def test_keeping_papers_cites_labour_contract_law_and_rewords_the_clause():
    [flag] = flags_of("入职后须把身份证和毕业证交给公司保管", "fees_deposits")
    assert flag.code == "fees.keep_papers" and flag.severity == "block"
    assert flag.legal_basis_key == "lcl_9_84_papers"
    assert "第九条" in flag.message_zh and "art. 9" in flag.message_en
    assert "(to verify)" in flag.message_en  # the 2026 notice is cited unchecked
    assert flag.suggestion.startswith("入职时查验证件原件后当场退还")


def test_training_loan_and_recruit_to_train_severity():
    [loan] = flags_of("课程费用可分24期支付", "training_loan")
    assert loan.code == "training.loan" and loan.severity == "block"
    [train] = flags_of("培训考核通过后推荐就业", "training_loan")
    assert train.code == "training.recruit_to_train" and train.severity == "warn"


def test_fake_orders_block_but_after_sales_words_pass():
    flags = flags_of("帮网店商家补单，一单返佣金", "brushing")
    assert [(f.code, f.matched_text) for f in flags] == [
        ("brushing.fake_orders", "帮网店商家补单"),
        ("brushing.scheme", "返佣"),
    ]
    assert all(f.severity == "block" for f in flags)
    assert "brushing" not in cats("电商客服：处理退换货与补单")


# ------------------------------------------------------------------------------------------- test4 families
# Each family generalises misses of the blind batch test4 (now a training split): new ways of saying the same thing
# (a headcount by sex, 招聘对象, typos 女仕/男姓/户藉, colloquial person words, Chinese numerals, birth dates, bare
# items of a requirements list, personal data asked for in the CV, a local guarantor, illness histories, named
# impairments) and lawful look-alikes. None of these sentences is in the labelled set.

FAMILIES4 = {
    "gender": (
        [
            "招聘：女性收银员3名",
            "女性质检员两名，男性焊工五名",
            "男士不适合该岗位",
            "男姓优先",
            "女仕勿扰",
            "急招小伙子若干名，能吃苦",
            "小姑娘优先，有经验者佳",
            "本次招聘对象为女性",
            "女性求职者均不考虑",
        ],
        [
            "服务对象为女性客户",
            "男女员工共30名",
            "帅哥美女多，氛围好",
            "孕期女职工不予安排夜班",
            "年龄45岁以下（男）",
            "男科医生2名",
        ],
    ),
    "age": (
        [
            "年龄二十五周岁以下",
            "年龄在十八至三十周岁之间",
            "须1990年以后出生",
            "出生于1985年之后",
            "招聘阿姨数名做保洁",
            "年龄不超过四十岁",
        ],
        [
            "年龄不限，六十岁以上也欢迎",
            "五十岁以上亦可",
            "面向16-24岁的就业见习岗位",
            "客户为20-35岁女性",
            "年满十八周岁",
        ],
    ),
    "region_hukou": (
        [
            "要求持有本市户口",
            "需具有本地常住户口",
            "3.本地户籍；",
            "需有本地担保人",
            "温州籍员工优先",
            "外地来的就算了",
            "不招收江西、福建籍人员",
            "限上海生源",
            "要求本市户藉",
            "简历请注明籍贯",
        ],
        ["户藉不限", "协助办理本地户口", "熟悉本地市场", "提供本地社保", "可解决上海户口"],
    ),
    "ethnicity": (
        ["岗位要求：汉族，身体健康", "藏民谢绝", "简历请注明民族", "不招收疆区来的人员", "限汉族"],
        ["民族乐器培训教师", "汉族、回族员工均可", "少数民族优先", "民族不限", "熟悉民族风情的导游"],
    ),
    "marital_childbearing": (
        [
            "已生二孩者优先",
            "有孩子的不考虑",
            "须未婚",
            "入职需提交单身证明",
            "已婚者慎投",
            "任职要求：已婚，有驾照",
            "简历需注明婚姻状况",
            "婚否：",
            "离异人士勿扰",
        ],
        ["已婚未婚均可", "婚姻状况不限", "提供已婚员工夫妻房", "婚假产假按国家规定"],
    ),
    "appearance_height": (
        [
            "颜值要高",
            "五官立体",
            "身高一米七以上",
            "请附上生活照",
            "不招太胖的",
            "偏胖者勿扰",
            "简历注明身高体重",
            "形象好，有礼仪经验",
        ],
        ["需提供免冠证件照", "空乘身高一米六三以上", "礼仪小姐身材高挑", "负责照片拍摄和修图"],
    ),
    "health": (
        [
            "抑郁症患者勿扰",
            "不招有癫痫病史的",
            "乙肝带菌者谢绝",
            "需提供乙肝表面抗原阴性报告",
            "大三阳、小三阳一律不予录用",
            "有精神疾病史者不予考虑",
        ],
        [
            "负责精神病患者的日常护理",
            "癫痫药物研发工程师",
            "乙肝携带者不影响录用",
            "食品岗位，患有传染病者不得上岗",
            "心理咨询师，擅长抑郁症干预",
        ],
    ),
    "disability": (
        ["听力残疾者勿扰", "持有残疾证者谢绝", "聋哑人不予录用", "残障人士不适合", "不招残废"],
        ["欢迎残障人士报名", "负责残疾人就业服务", "视障人士优先（盲人按摩）"],
    ),
}


# …and the job-trap misses of test4: a cost laid on the applicant, agency fees, paid training, pay after getting the
# job, a person's chat account, QR codes and groups, the principal returned with a commission, order-placing roles.
TRAPS4 = {
    "fees_deposits": (
        ["工装费用由员工自行承担", "体检费150元需本人先行支付", "收取中介服务费200元", "需参加付费培训"],
        ["体检费用由公司承担", "负责员工体检费用报销"],
    ),
    "training_loan": (["可先就业后付款", "培训费用支持助学分期"], ["提供带薪培训"]),
    "contact_off_platform": (
        ["请添加人事小王微信详聊", "扫描海报上的二维码加入", "进求职群了解更多"],
        ["负责微信公众号运营", "增加微信渠道的投放"],
    ),
    "brushing": (
        ["本金和佣金当天返还", "招做单员，时间自由", "按要求下单即可返现"],
        ["刷单识别算法工程师", "学费由合作金融机构垫付"],
    ),
}

FAMILIES4.update(TRAPS4)

# …and families generalising misses of the two crafted training batches of the wording classifier (train_a,
# train_b) once their blind figures were taken: 要女的, 女同志, a sex and a trade preferred, quotas by sex, cohorts
# in Chinese numerals and ranges, birth-year ranges, older people sent away without a number, approximate ages,
# local people and fellow-townsmen, 限汉, children had or planned, tattoos and scars, medical history asked for,
# impairments named in lists, colour vision without a reason. New sentences, none from those batches.
FAMILIES_AB = {
    "gender": (
        [
            "仓管要男的，能搬货",
            "男同志勿扰",
            "男护士优先",
            "男女比例按3:1招录",
            "学校招聘女教师",
            "招几个能干小伙，搬家公司",
        ],
        [
            "校招女生宿舍条件好",
            "保安大叔、保洁阿姨都招，男女不限",
            "男女比例均衡，氛围好",
            "午餐由公司的做饭阿姨准备",
            "女员工优先享受弹性工作",
        ],
    ),
    "age": (
        [
            "年纪在四十以下",
            "限八零后",
            "85后到95后",
            "七零后就算了",
            "1975-2000年出生",
            "岁数偏大的不考虑",
            "年龄别太大",
            "年龄超过五十的不用来了",
            "招前台，30岁左右",
            "年龄不超過45岁",
        ],
        ["客户经理，需五年以上经验", "80后、90后均可", "年满十八周岁"],
    ),
    "region_hukou": (
        [
            "要本市的，方便加班",
            "只招老乡",
            "四川的优先",
            "岗位要求：广东人，会粤语",
            "须具有本市户籍",
            "外地人需有本地人担保",
        ],
        ["熟悉本地市场", "户籍不限，全国招聘"],
    ),
    "ethnicity": (
        ["限汉", "不接收西藏地区人员", "不招少民"],
        ["汉语言文学专业优先", "会说汉语即可", "少数民族优先"],
    ),
    "marital_childbearing": (
        [
            "要生过孩子的",
            "新婚的暂不考虑",
            "单身的优先",
            "只要已婚的",
            "需提供婚姻状况证明",
            "孕妇、哺乳期人员暂不考虑",
            "有孩子要照顾的就别来了",
        ],
        ["婚否：不限", "招聘中不进行妊娠检测", "婚育状况不限"],
    ),
    "appearance_height": (
        [
            "长得漂亮的优先",
            "外形俊朗",
            "只要瘦的",
            "个子不能太矮",
            "有纹身者勿扰",
            "脸上无明显疤痕",
            "面试现场测量身高",
            "身高：女158以上",
        ],
        ["有无纹身都不影响录用", "纹身店招学徒"],
    ),
    "health": (
        [
            "有高血压的不考虑",
            "请在简历中说明既往病史",
            "入职前上传体检报告",
            "体检需查hbsag",
            "艾滋病感染者不得报名",
            "乙肝的体检通不过",
        ],
        ["食品岗位需持健康证", "负责员工体检报告的归档"],
    ),
    "disability": (
        [
            "坐轮椅的不便应聘",
            "聋哑、独眼的不要",
            "本岗位不适合残障人士",
            "需无口吃",
            "要求无色盲（财务岗）",
            "辨色正常",
        ],
        ["驾驶员需无色盲（驾驶证体检要求）", "电工，无色盲色弱", "欢迎残障人士报名"],
    ),
}
# a second round on the same batches: 男的 as an item, a sex after a hiring verb and a few words, traditional
# characters (年齡, 漢族, 攜帶, 優先), 年令, field forms (户口所在地：, 籍贯：, 出生年份：), a named place and 籍, negative test
# results asked for, a history asked to be absent, body and impairment words.
FAMILIES_AB2 = {
    "gender": (
        [
            "要求：男的，能吃苦",
            "男的来，女的干不了",
            "招个细心的女生做文员",
            "想招个男生",
            "（二）女性，大专以上",
            "男護士優先",
            "维修岗男性为宜",
        ],
        ["男的女的都可以来", "招聘人数：男女各半"],
    ),
    "age": (
        ["年令25-40", "年齡35歲以下", "年龄：四十以下", "出生年份：1990-2000", "最好是95后", "年纪要轻"],
        ["出生日期请如实填写", "年龄不限"],
    ),
    "region_hukou": (
        [
            "限株洲户籍",
            "生源地为湖北省",
            "户口所在地：湘潭市",
            "籍贯：湖南",
            "须为本街道户籍",
            "面向雨湖区户籍人员招聘",
            "外派人员：非西藏籍",
            "只要说湘潭话的本地人",
            "株洲籍员工优先考虑",
            "不招广西、云南的",
            "外地勿扰",
        ],
        ["户口所在地：不限", "籍贯不限", "户籍所在地可办理居住证"],
    ),
    "ethnicity": (
        ["汉族的来", "要汉民", "仅汉族可报名", "民族：漢族", "不招收少数民族", "少数民族的就别投了"],
        ["汉族、回族等各民族员工和睦相处"],
    ),
    "marital_childbearing": (
        [
            "入职前提交婚育证明",
            "三年内不得申请生育",
            "新婚未育者暂缓录用",
            "未婚、能出差者优先",
            "招聘已婚女性做内勤",
            "需如实告知恋爱及婚育打算",
            "怀孕视为不符合录用条件",
        ],
        ["婚育证明不作要求"],
    ),
    "appearance_height": (
        [
            "身高1米6以上",
            "保安身高175以上",
            "身材不能太矮",
            "仪表端正",
            "请附近照一张",
            "发一张美颜前后对比照",
        ],
        ["公司附近照顾老人的机构", "模特经纪人，需熟悉行业"],
    ),
    "health": (
        [
            "hiv检测须为阴性",
            "乙肝五项：必须全阴",
            "乙肝攜帶者勿擾",
            "乙肝表抗阳性者慎投",
            "有乙肝的就别报名了",
            "曾患肿瘤者不予录用",
            "无精神病史",
            "既往病史：",
            "附近半年内三甲医院体检报告",
        ],
        ["身体健康，无传染病（食品岗位）", "无重大疾病保险产品销售"],
    ),
    "disability": (
        [
            "无身体残疾",
            "双手健全",
            "有身体残缺的请勿应聘",
            "残疾证持有者恕不录用",
            "对残障人士不太适合",
            "听力不佳者勿扰",
            "肢体残疾毕业生暂不接收",
            "不适合残疾人报考",
        ],
        ["欢迎残疾人报考"],
    ),
}
# Families from test5's errors (new wording, not test5's sentences): a denial before a trap or a question
# (不会要求…, 并非刷单, 承诺不询问…), a warning against scams, pregnancy exclusions read as marital_childbearing only,
# 包分配 only after a course, an age limit without 岁 after 年龄/年纪, clients' ages in the clause of the limit only,
# older applicants welcomed with a person word between, more fee words, the platform pushed aside, paid likes.
FAMILIES5 = {
    "fees_deposits": (
        ["无需经验需交押金300元", "工本费30元入职时交", "装备费200元自理", "工牌费20元从首月工资扣"],
        ["绝不会扣押您的毕业证", "任何要求你先交培训费的都是骗子，请举报"],
    ),
    "marital_childbearing": (
        ["简历请注明婚姻状况", "面试时会询问婚育情况"],
        ["面试时不会询问您的婚姻状况", "我们保证面试中不询问应聘者的婚育计划"],
    ),
    "gender": (
        ["妇女不予考虑", "店员 男 本地 20-35岁", "急招小姐姐做前台"],
        ["孕妇、哺乳期妇女恕不录用", "男 女 均可 包吃住", "我们团队小姐姐多"],
    ),
    "training_loan": (["学完包分配，学费可分期"], ["包分配宿舍，拎包入住"]),
    "age": (
        ["年龄不超过45", "年纪不大于三十五", "月嫂：照顾产妇和婴儿，要求50岁以下"],
        ["使用年限不超过10年", "负责照顾60岁以上老人", "50岁以上的大哥大姐也欢迎"],
    ),
    "contact_off_platform": (
        [
            "平台里不便透露，私聊",
            "私信我，给你发微信号",
            "下载某某软件后联系客服领取岗位",
            "有意者不回平台消息，电话联系",
        ],
        ["我们不会让你添加个人QQ"],
    ),
    "brushing": (
        ["关注公众号一个2元，多劳多得", "拼多多好评员，日结", "快手直播间挂机，日结60"],
        ["本职位并非刷单任务"],
    ),
    "region_hukou": ([], ["我司不要求填写民族、籍贯"]),
    "disability": (["坐轮椅的朋友不太方便，见谅", "走路不能跛"], ["行动不便者可申请线上面试"]),
    "ethnicity": ([], ["我司不要求填写民族、籍贯"]),
}
for _category, (_pos, _neg) in [*FAMILIES_AB.items(), *FAMILIES_AB2.items(), *FAMILIES5.items()]:
    _old = FAMILIES4.get(_category, ([], []))
    FAMILIES4[_category] = (_old[0] + _pos, _old[1] + _neg)


def _family_cases(kind: int) -> list[tuple[str, str]]:
    """(category, sentence) of every family: kind 0 the sentences to flag, 1 the lawful look-alikes."""
    return [
        (c, t) for families in (FAMILIES, FAMILIES4) for c, cases in families.items() for t in cases[kind]
    ]


@pytest.mark.parametrize("category,text", _family_cases(0), ids=lambda x: str(x)[:24])
def test_family_flagged(category, text):
    found = flags_of(text, category)
    assert found, f"{text!r} should raise a {category} flag"
    for flag in found:
        assert text[flag.start : flag.end] == flag.matched_text
        assert flag.legal_basis_key in LEGAL_BASES and flag.suggestion
        assert flag.message_en and flag.message_zh and flag.source == "rule"


@pytest.mark.parametrize("category,text", _family_cases(1), ids=lambda x: str(x)[:24])
def test_family_lawful_look_alikes_not_flagged(category, text):
    assert category not in cats(text), (
        f"{text!r} should not raise a {category} flag: {flags_of(text, category)}"
    )


def test_chinese_numeral_ages_are_read_as_numbers():
    from jiuye.supervision.screening.rules import age_number

    assert [age_number(x) for x in ("35", "三十五", "二十", "十八", "四十")] == [35, 35, 20, 18, 40]
    assert "age" in cats("年龄在二十五至三十五周岁之间")
    assert "age" not in cats("年龄在二十至六十五周岁之间")  # the upper limit is the retirement age


def test_colloquial_person_words_warn_for_sex_and_age():
    found = {f.category: f for f in screen_posting(posting("招聘小伙子数名，从事设备安装")).flags}
    assert {"gender", "age"} <= set(found)
    assert all(f.severity == "warn" and f.matched_text.endswith("小伙子") for f in found.values())


def test_triggers_only_skip_fields_that_could_not_match(monkeypatch):
    """A rule's `trigger` is a speed-up: with every trigger switched off the flags are the same, on every example
    above, on the labelled sentences of the splits the rules were fixed on and on the wording classifier's
    training batches."""
    import csv
    from pathlib import Path

    from jiuye.supervision.screening.rules import compiled_rules

    texts = [t for pos, neg, lawful in CASES.values() for t in pos + neg + lawful]
    texts += [t for pos, neg in FAMILIES.values() for t in pos + neg]
    texts += [t for pos, neg in FAMILIES4.values() for t in pos + neg]
    labelled = Path(__file__).parent / "data" / "zh_screening_labelled.csv"
    with open(labelled, encoding="utf-8") as fh:
        texts += [
            r["text"] for r in csv.DictReader(fh) if r["split"] in ("dev", "test", "test2", "test3", "test4")
        ]
    from jiuye.supervision.screening.wording import read_training_rows

    texts += [r.text for r in read_training_rows() if r.batch in ("train_a", "train_b")]

    def all_flags():
        return [
            [(f.code, f.start, f.end, f.severity) for f in screen_rules(PostingText(title="", description=t))]
            for t in texts
        ]

    with_triggers = all_flags()
    assert sum(map(len, with_triggers)) > 300
    for comp in compiled_rules():
        monkeypatch.setattr(comp, "trigger", None)
        monkeypatch.setattr(comp, "trigger_en", None)
    assert all_flags() == with_triggers


# ------------------------------------------------------------------------------------------- English families

_EN_FLAGGED = [
    ("gender", "Cashier wanted, ladies only."),
    ("gender", "Must be a man, the work is in a warehouse."),
    ("gender", "Ideally male, with a forklift licence."),
    ("gender", "Girls need not apply for the delivery role."),
    ("gender", "This position is not suitable for women."),
    ("gender", "Sex: female"),
    ("age", "Applicants should be aged 22-32."),
    ("age", "Candidates must be under 28 years of age."),
    ("age", "Fresh graduates under 24 are welcome to send a CV; others need not."),
    ("age", "Anyone over 50 will not be considered."),
    ("age", "Looking for young, energetic staff for our bar."),
    ("age", "Please state your date of birth in the application."),
    ("region_hukou", "Beijing hukou holders only."),
    ("region_hukou", "You must have a local hukou to apply."),
    ("region_hukou", "Migrant workers need not apply."),
    ("region_hukou", "Locals preferred for the driver job."),
    ("ethnicity", "Han Chinese preferred."),
    ("ethnicity", "No Uyghurs or Tibetans."),
    ("ethnicity", "Caucasian candidates only for the English tutor role."),
    ("ethnicity", "Please state your religion and ethnicity in the CV."),
    ("marital_childbearing", "Single applicants only, lots of travel."),
    ("marital_childbearing", "You must not get pregnant during the first three years."),
    ("marital_childbearing", "Mothers with small children will not be considered."),
    ("marital_childbearing", "Please include your marital status in your resume."),
    ("appearance_height", "Tall and good-looking candidates preferred."),
    ("appearance_height", "Minimum 175cm for the doorman post."),
    ("appearance_height", "Send your CV with a recent photo."),
    ("health", "People with a history of mental illness need not apply."),
    ("health", "Not suitable for applicants with diabetes."),
    ("health", "HIV positive candidates will not be considered."),
    ("disability", "Disabled applicants will not be considered."),
    ("disability", "Not suitable for wheelchair users."),
    ("disability", "Candidates must have no physical disability."),
]

_EN_LAWFUL_TEXTS = [
    "We welcome applicants of all ages, genders and backgrounds.",
    "We are an equal opportunity employer: we do not discriminate on the basis of race, religion, sex, age, "
    "marital status, disability or hukou.",
    "Paid maternity leave and parental benefits.",
    "A disability-friendly workplace with reasonable accommodation.",
    "Sales assistant for a women's clothing store.",
    "We are an age-friendly employer and retirees are welcome.",
    "Applicants with disabilities and ethnic minorities are encouraged to apply.",
    "Female attendant for the women's changing rooms.",
    "Regardless of gender or marital status, everyone may apply.",
    "Tutor for children aged 8-12.",
    "Single point of contact for our key customers.",
    "We are a young, dynamic team in central Shanghai.",
    "Native English speaker preferred for the teaching role.",
    "We can help you obtain a local hukou.",
    "Health insurance and long-term disability cover.",
    "Experience supporting patients with chronic illness is a plus.",
    "Apprenticeship funded for 16-18 year olds only due to government funding.",
    "You do not need to be married or have children.",
    "Men's grooming products brand seeks a marketing lead.",
    "Design beautiful, useful interfaces.",
]


@pytest.mark.parametrize(("category", "text"), _EN_FLAGGED)
def test_english_families_flag_each_category(category, text):
    found = [f for f in screen_posting(posting(text, title="Assistant")).flags if f.category == category]
    assert found, text
    flag = found[0]
    assert text[flag.start : flag.end] == flag.matched_text
    assert flag.legal_basis_key in LEGAL_BASES and flag.suggestion
    assert "Legal basis:" in flag.message_en


@pytest.mark.parametrize("text", _EN_LAWFUL_TEXTS)
def test_english_lawful_look_alikes_stay_unflagged(text):
    got = screen_posting(posting(text, title="Assistant")).categories & set(DISCRIMINATION_CATEGORIES)
    assert got == set(), (text, got)


def test_english_flag_carries_an_english_suggestion_and_severity():
    (flag,) = flags_of("Applicants with disabilities will not be considered.", "disability", title="Clerk")
    assert flag.severity == "block" and flag.code == "disability.en"
    assert "reasonable accommodation" in flag.suggestion
    (photo,) = flags_of("Send your CV with a recent photo.", "appearance_height", title="Clerk")
    assert photo.severity == "warn"


def test_english_care_of_one_client_softens_a_sex_preference_to_a_warning():
    (flag,) = flags_of(
        "Female applicants are strongly preferred.", "gender", title="Caregiver for an elderly lady"
    )
    assert flag.severity == "warn"
