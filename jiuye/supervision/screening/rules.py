"""The rules engine of posting screening (pure: no Django).

`screen_posting(text)` runs every rule of `rules_data.RULES` over the text fields of a `PostingText`, then, when
given, the discriminatory-wording classifier (`wording.py`: warnings for categories no rule flagged), the field
checks (missing mandatory fields, unrealistic pay) and a fraud model behind its threshold.

How a match becomes a flag:

1. The text is folded (full-width ASCII → half-width, A–Z → a–z) with offsets kept, and cut into clauses at
   。；;！!？?，, and line breaks (、 stays inside a clause, so "限男性、35岁以下" is one clause).
   A rule whose `trigger` words are absent from a field is skipped there (speed only).
2. A match that overlaps a lawful span of its category (男女不限, 年龄不限, 不收取任何费用…) is dropped.
3. A match preceded in its clause by the rule's negation (无押金, 不收培训费) or followed by 无/全免 is dropped.
4. A match whose sentence or the title holds one of the rule's exceptions (bona fide requirements) is dropped;
   one whose sentence holds a `soften` context becomes a warning.
5. The rule's `check` looks at the numbers or direction (age limits, which sex an exception allows) or the
   context (a duty laid on both sexes or stating a protection, a voluntary test, the worker's own job duty).
6. Overlapping matches of one category are merged: the first, most severe one is kept.

Each flag carries the span in the original field text, the legal basis, messages in English and Chinese and a
suggested rewording of the sentence (the span replaced, or the clause replaced for fees and contacts).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable

from . import pay as pay_module
from .legal import LEGAL_BASES
from .rules_data import LAWFUL, RULES, Rule
from .types import BLOCK, MODEL, RULE, TRAP_CATEGORIES, WARN, Flag, PostingText, ScreeningResult

# ---------------------------------------------------------------------------------------------------- folding

_FOLD = {i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20
_FOLD.update({c: c + 32 for c in range(ord("A"), ord("Z") + 1)})
# fold the full-width letters straight to lower case too
_FOLD.update({c: c - 0xFEE0 + 32 for c in range(0xFF21, 0xFF3B)})


# Traditional characters and variants that ads written or pasted in them use, folded to the simplified ones the
# patterns are written in (one character for one, offsets kept): 年齡 35歲以下, 漢族, 乙肝攜帶者勿擾, 男護士優先.
_TRADITIONAL = (
    "歲岁齡龄過过漢汉擾扰攜携帶带護护優优師师體体婦妇戶户貫贯錄录應应須须無无視视聽听殘残礙碍這这個个來来對对學学經经驗验證证"
    "書书員员費费貸贷單单長长滿满內内區区縣县鄉乡業业農农問问題题適适請请謝谢絕绝試试產产顏颜檢检測测擔担僅仅祇只"
)
_FOLD.update({ord(_TRADITIONAL[i]): ord(_TRADITIONAL[i + 1]) for i in range(0, len(_TRADITIONAL), 2)})


def fold(text: str) -> str:
    """Full-width ASCII → half-width, A–Z → a–z and common traditional characters → simplified, one character for
    one (offsets are unchanged)."""
    return text.translate(_FOLD)


_CLAUSE_END = re.compile(r"[。；;！!？?，,\n\r]|\.(?=\s|$)")
_SENTENCE_END = re.compile(r"[。；;！!？?\n\r]|\.(?=\s|$)")


def clause_bounds(text: str, ends: re.Pattern = _CLAUSE_END) -> list[int]:
    """Start offsets of the clauses of `text` (sorted; the first is 0)."""
    return [0] + [m.end() for m in ends.finditer(text)]


def _clause(starts: list[int], text: str, pos: int) -> tuple[int, int]:
    i = bisect_right(starts, pos) - 1
    start = starts[i]
    end = starts[i + 1] if i + 1 < len(starts) else len(text)
    return start, end


# ---------------------------------------------------------------------------------------------------- compiled


_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[a-z]{2}")


class _Compiled:
    """A rule's patterns compiled in two alternations: Chinese ones (with a CJK character) and the others, so a
    text without CJK characters skips the Chinese patterns and one without Latin words skips the English ones."""

    __slots__ = (
        "rule",
        "regex_zh",
        "regex_en",
        "regex_any",
        "unless",
        "soften",
        "negated",
        "check",
        "trigger",
        "trigger_en",
    )

    def __init__(self, rule: Rule):
        self.rule = rule
        numbered = _renumber(rule.patterns)
        kinds = [_script(p) for p in rule.patterns]
        zh = [p for p, k in zip(numbered, kinds, strict=True) if k == "zh"]
        en = [p for p, k in zip(numbered, kinds, strict=True) if k == "en"]
        always = [p for p, k in zip(numbered, kinds, strict=True) if k == "any"]
        self.regex_zh = re.compile("|".join(f"(?:{p})" for p in zh)) if zh else None
        self.regex_en = re.compile("|".join(f"(?:{p})" for p in en)) if en else None
        self.regex_any = re.compile("|".join(f"(?:{p})" for p in always)) if always else None
        self.unless = re.compile("|".join(rule.unless)) if rule.unless else None
        self.soften = re.compile("|".join(rule.soften)) if rule.soften else None
        self.negated = re.compile(f"(?:{rule.negated_by})$") if rule.negated_by else None
        self.check = CHECKS[rule.check] if rule.check else None
        self.trigger = re.compile(rule.trigger) if rule.trigger else None
        self.trigger_en = re.compile(rule.trigger_en) if rule.trigger_en else None


_REGEX_SYNTAX = re.compile(r"\\[a-zA-Z]|\(\?P<\w+>|\(\?[:!=<]+|\[[^\]]*\]")


def _script(pattern: str) -> str:
    """ "zh" when the pattern's literal text has a CJK character, "en" when it has a Latin word, else "any"
    (digits only: a phone number)."""
    literal = _REGEX_SYNTAX.sub("", pattern)
    if _CJK.search(literal):
        return "zh"
    if _LATIN.search(literal):
        return "en"
    return "any"


def _renumber(patterns: tuple[str, ...]) -> list[str]:
    """Named groups may repeat across a rule's alternatives: give each alternative its own suffix."""
    out = []
    for i, p in enumerate(patterns):
        out.append(re.sub(r"\(\?P<(\w+)>", lambda m, i=i: f"(?P<{m.group(1)}_{i}>", p))
    return out


def group(m: re.Match, name: str) -> str | None:
    """The value of a named group of the alternative that matched (`name_<i>`)."""
    for key, value in m.groupdict().items():
        if value is not None and key.rsplit("_", 1)[0] == name:
            return value
    return None


_POST_NEGATION = re.compile(r"\s*(?:[：:]\s*)?(?:无|全免|免收|免|不收|为0|0元|零|全退|none|waived|free)")
# A statement that the employer does NOT do the thing (我司不会要求添加私人微信, 本岗位不是刷单, 不会以任何理由扣押
# 身份证, 承诺不询问婚育情况, 我们不要求提供照片、籍贯): a denial word up to 8 characters before the match in its
# clause, with no demand word between them (无需经验需交押金 still counts). Applied to every trap rule and, for
# discrimination, to matches that open with a question or a request for personal data (the _ASK family; there a
# bare 不 right before counts too: 不询问婚育情况); a bare sex or age after a denial (不需要女性) is not covered.
_DENIAL = re.compile(
    r"(?:不会|绝不|决不|从不|从未|并不|不是|并非|绝非|不得|严禁|禁止|杜绝|不要求|不需要|不需|无需|无须|不必|不用|不询问|"
    r"不涉及|不存在|不再)(?:[^，,。；;需须交缴付先但]{0,6})$"
)
_ASKING = re.compile(
    r"询问|打听|了解|注明|附上|附|写明|填写|标注|标明|写上|注上|列明|告知|提供|说明|出具|上传"
)
# a warning to applicants against scams (凡以我司名义收取报名费的均系诈骗，请报警): not a trap itself
_SCAM_WARNING = re.compile(r"诈骗|骗局|骗子|防骗|报警|举报|上当|谨防|警惕")
_TRAPS = frozenset(TRAP_CATEGORIES)
_ALL_LAWFUL = {cat: re.compile("|".join(f"(?:{p})" for p in pats)) for cat, pats in LAWFUL.items()}

# ---------------------------------------------------------------------------------------------------- checks
_FEMALE = {"女", "female", "women", "woman", "girl", "girls", "ladies"}
_FEMALE_EXCEPT = re.compile(
    r"女子监狱|女监|女性(?:服刑|罪犯|被监管)|女(?:生|职工|员工)?(?:浴室|更衣室|宾|卫生间|宿舍)|女装模特|女模特|内衣模特|哺乳室|母婴室"
)
_MALE_EXCEPT = re.compile(
    r"井下|矿井|坑下|坑道作业|男子监狱|男监|男(?:生|职工|员工)?(?:浴室|更衣室|宾|卫生间|宿舍)|男装模特|男模"
)
_DEMAND = re.compile(
    r"交|缴|付|收|需|须|要|自理|自费|自付|自行|个人|本人|先|扣|分期|元|\d|¥|\$|rmb|yuan|pay|paid|payable|required|must|"
    r"charge|fee"
)


def _gender_side(m: re.Match, ctx: _Context) -> bool:
    g = group(m, "g")
    here = ctx.sentence_text + " " + ctx.title
    if g in _FEMALE:
        return not _FEMALE_EXCEPT.search(here)
    return not _MALE_EXCEPT.search(here)


_OTHER_SEX = {
    True: re.compile(r"男|\b(?:male|men|man|boys?|gentlemen)\b"),
    False: re.compile(r"女|\b(?:female|women|woman|girls?|ladies)\b"),
}
# the special protection of women workers (pregnancy, nursing, menstruation) and of minors: lawful to state
_PROTECTION = re.compile(
    r"孕|哺乳|产假|产期|产后|产检|经期|生育|三期|未成年|妊娠|月经|pregnan|nursing|maternity"
)


def _one_sex_duty(m: re.Match, ctx: _Context) -> bool:
    """A duty for one sex: not when the clause names the other sex too (男女员工都需…; 男员工和女员工均需…), states
    a protection (孕期女职工不上夜班) or holds a bona fide exception."""
    if not _gender_side(m, ctx):
        return False
    female = group(m, "g") in _FEMALE
    rest = ctx.clause_text.replace(m.group(0), " ", 1)
    return not (_OTHER_SEX[female].search(rest) or _PROTECTION.search(ctx.clause_text))


# a test the applicant may decline, or one said not to count: 乙肝项目为自愿, 结果不影响录用
_VOLUNTARY = re.compile(
    r"自愿|自选|可选|自主选择|本人(?:要求|申请|同意|意愿)|个人意愿|不影响(?:录用|入职|聘用|应聘|招聘|上岗)|"
    r"不作为(?:录用|入职|聘用|招聘|上岗)?(?:的)?(?:条件|依据|标准|门槛)|\bvoluntary\b|\boptional\b"
)


# a duty of the job described before the match in its clause: 负责员工证件的办理与保管, 检验员负责HIV检测,
# 负责为学员推荐就业 — the worker does it, it is not done to the worker
_DUTY = re.compile(r"负责|管理|办理|整理|归档|维护|台账|协助|从事|开展|参与|\bresponsible\b|\bmanag")


def _not_a_duty(m: re.Match, ctx: _Context) -> bool:
    return not _DUTY.search(ctx.clause_text, 0, max(0, m.start() - ctx.clause_start))


def _test_compulsory(m: re.Match, ctx: _Context) -> bool:
    voluntary = _VOLUNTARY.search(ctx.clause_text) or _VOLUNTARY.search(ctx.after[:30])
    return not voluntary and _not_a_duty(m, ctx)


_DIGITS_ZH = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def age_number(text: str) -> int:
    """A two-digit age in figures or Chinese numerals: "35", "三十五", "二十", "十八"."""
    if text.isdigit():
        return int(text)
    tens, _, ones = text.partition("十")
    return _DIGITS_ZH.get(tens, 1) * 10 + _DIGITS_ZH.get(ones, 0)


def _age_upper(m: re.Match, ctx: _Context) -> bool:
    hi = age_number(group(m, "hi"))
    lo = group(m, "lo")
    if lo is not None and age_number(lo) >= hi:
        return False
    return 16 <= hi < 60


# an older age welcomed, not required: 50岁以上也欢迎, 60岁以上亦可
_ALSO_WELCOME = re.compile(
    r"\s*(?:的)?(?:[^，,。；;\d不]{0,6}?)\s*(?:(?:也|亦|均|都)\s*(?:欢迎|可以?|行|能)|欢迎)"
)


def _age_min(m: re.Match, ctx: _Context) -> bool:
    lo = age_number(group(m, "lo"))
    return 18 < lo < 60 and not _ALSO_WELCOME.match(ctx.after)


def _fee_demanded(m: re.Match, ctx: _Context) -> bool:
    return bool(_DEMAND.search(ctx.clause_text.replace(m.group(0), " ")))


def _not_registered_contact(m: re.Match, ctx: _Context) -> bool:
    digits = re.sub(r"\D", "", m.group(0))
    registered = re.sub(r"\D", "", ctx.posting.contact_phone or "")
    return not (len(digits) == 11 and digits == registered)


# person words that name an age group (小伙子, 小姑娘, 阿姨); 帅哥, 美女, 妹子 name a sex only
_AGE_CODED = re.compile(r"小伙|小姑娘|小妹|大姐|阿姨|大妈|大叔|大哥")


def _age_coded_person(m: re.Match, ctx: _Context) -> bool:
    word = group(m, "p") or group(m, "p2") or group(m, "p3") or ""
    return bool(_AGE_CODED.match(word))


CHECKS: dict[str, Callable[[re.Match, _Context], bool]] = {
    "age_coded_person": _age_coded_person,
    "gender_exception_side": _gender_side,
    "age_upper_below_60": _age_upper,
    "age_min_above_18": _age_min,
    "fee_demanded": _fee_demanded,
    "not_registered_contact": _not_registered_contact,
    "one_sex_duty": _one_sex_duty,
    "test_compulsory": _test_compulsory,
    "not_a_duty": _not_a_duty,
}


class _Context:
    __slots__ = ("posting", "title", "clause_text", "clause_start", "sentence_text", "after")

    def __init__(self, posting: PostingText, title: str):
        self.posting = posting
        self.title = title
        self.clause_text = ""  # the clause of the match (negations, demands)
        self.clause_start = 0  # where that clause starts in the folded field
        self.sentence_text = ""  # its sentence (exceptions: 平面模特，身高170cm以上)
        self.after = ""  # the rest of the sentence after the match (体检包含乙肝项目，为自愿)


_COMPILED: list[_Compiled] | None = None


def compiled_rules() -> list[_Compiled]:
    global _COMPILED
    if _COMPILED is None:
        order = {BLOCK: 0, WARN: 1}
        _COMPILED = [_Compiled(r) for r in sorted(RULES, key=lambda r: order[r.severity])]
    return _COMPILED


# ---------------------------------------------------------------------------------------------------- messages

_ASCII_WORD = re.compile(r"[a-z]{2,}")


def _is_english(text: str) -> bool:
    return bool(_ASCII_WORD.search(text)) and not re.search(r"[\u4e00-\u9fff]", text)


def _suggest(rule: Rule, original: str, c_start: int, c_end: int, start: int, end: int) -> str:
    clause = original[c_start:c_end]
    english = _is_english(fold(original[start:end]))
    advice = rule.advice_en if english else rule.advice_zh
    replacement = rule.replace_en if english else rule.replace_zh
    if rule.scope == "clause":
        return f"{replacement} — {advice}" if replacement else advice
    rewritten = (clause[: start - c_start] + replacement + clause[end - c_start :]).strip(" \t\r\n，,。；;、")
    core = re.sub(
        r"[\s，,。；;、：:!！?？.\-]|年龄|要求|性别|限|在|为|须|需|\b(?:aged?|ages|must be)\b", "", rewritten
    )
    if len(core) < 2:
        return advice
    return f"{rewritten} — {advice}"


def _flag(
    rule: Rule, severity: str, field: str, original: str, start: int, end: int, cs: int, ce: int
) -> Flag:
    basis = LEGAL_BASES[rule.legal]
    return Flag(
        category=rule.category,
        code=rule.code,
        severity=severity,
        field=field,
        start=start,
        end=end,
        matched_text=original[start:end],
        legal_basis_key=basis.key,
        message_key=f"screening.{rule.code}",
        message_en=f"{rule.message_en} {rule.advice_en} Legal basis: {basis.label('en')}.",
        message_zh=f"{rule.message_zh}{rule.advice_zh}依据：{basis.label('zh')}。",
        suggestion=_suggest(rule, original, cs, ce, start, end),
        source=RULE,
        score=1.0,
    )


# ---------------------------------------------------------------------------------------------------- screening


def _trim(original: str, folded: str, start: int, end: int) -> tuple[int, int]:
    while start < end and folded[start].isspace():
        start += 1
    while end > start and folded[end - 1].isspace():
        end -= 1
    return start, end


class _FieldScan:
    """One field being screened: its folded text, clause and sentence bounds, lawful spans and the flags so far."""

    def __init__(self, field: str, original: str, posting: PostingText, title: str):
        self.field = field
        self.original = original
        self.folded = fold(original)
        self.starts = clause_bounds(self.folded)
        self.sentence_starts = clause_bounds(self.folded, _SENTENCE_END)
        self.ctx = _Context(posting, title)
        self.title = title
        self.lawful_spans: dict[str, list[tuple[int, int]]] = {}
        self.taken: dict[str, list[tuple[int, int]]] = {}
        self.flags: list[Flag] = []

    def run(self) -> list[Flag]:
        has_cjk = _CJK.search(self.folded) is not None
        has_latin = _LATIN.search(self.folded) is not None
        for comp in compiled_rules():
            if self.field not in comp.rule.fields:
                continue
            if comp.regex_zh is not None and has_cjk:
                if comp.trigger is None or comp.trigger.search(self.folded):
                    self.apply(comp, comp.regex_zh)
            if comp.regex_en is not None and has_latin:
                if comp.trigger_en is None or comp.trigger_en.search(self.folded):
                    self.apply(comp, comp.regex_en)
            if comp.regex_any is not None:
                self.apply(comp, comp.regex_any)
        self.flags.sort(key=lambda f: f.start)
        return self.flags

    def _lawful(self, cat: str) -> list[tuple[int, int]]:
        if cat not in self.lawful_spans:
            lawful = _ALL_LAWFUL.get(cat)
            self.lawful_spans[cat] = (
                [(x.start(), x.end()) for x in lawful.finditer(self.folded)] if lawful else []
            )
        return self.lawful_spans[cat]

    def apply(self, comp: _Compiled, regex: re.Pattern) -> None:
        rule, folded, ctx = comp.rule, self.folded, self.ctx
        cat = rule.category
        for m in regex.finditer(folded):
            start, end = _trim(self.original, folded, m.start(), m.end())
            if start == end or any(a < end and start < b for a, b in self._lawful(cat)):
                continue
            cs, ce = _clause(self.starts, folded, start)
            ctx.clause_text = folded[cs:ce]
            ctx.clause_start = cs
            if comp.negated and comp.negated.search(folded, cs, start):
                continue
            if cat == "fees_deposits" and _POST_NEGATION.match(folded, end):
                continue
            before = folded[max(cs, start - 14) : start]
            if cat in _TRAPS and _DENIAL.search(before):
                continue
            if _ASKING.match(folded, start) and (
                _DENIAL.search(before) or before.rstrip().endswith(("不", "从未"))
            ):
                continue
            ss, se = _clause(self.sentence_starts, folded, start)
            if cat in _TRAPS and _SCAM_WARNING.search(folded, ss, se):
                continue
            ctx.sentence_text = folded[ss:se]
            ctx.after = folded[end:se]
            # the age of other people (照顾老人, 学员12-18岁) counts in the clause of the limit only: 保姆：照顾老人，
            # 要求55岁以下 is the worker's age
            where = ctx.clause_text if cat == "age" else ctx.sentence_text
            if comp.unless and (comp.unless.search(where) or comp.unless.search(self.title)):
                continue
            if comp.check and not comp.check(m, ctx):
                continue
            if any(a < end and start < b for a, b in self.taken.get(cat, ())):
                continue
            severity = rule.severity
            if severity == BLOCK and comp.soften:
                if comp.soften.search(ctx.sentence_text) or comp.soften.search(self.title):
                    severity = WARN
            self.taken.setdefault(cat, []).append((start, end))
            self.flags.append(_flag(rule, severity, self.field, self.original, start, end, cs, ce))


def screen_field(field: str, original: str, posting: PostingText, title: str) -> list[Flag]:
    """Flags from the pattern rules over one text field; `title` is the folded title (for exception contexts)."""
    return _FieldScan(field, original, posting, title).run()


def screen_rules(text: PostingText, wording=None) -> list[Flag]:
    """Flags from the pattern rules over every text field (no pay table, no fraud model) and, when a wording model
    is given (`wording.WordingModel`, or anything with `flags(field, text, skip=...)`), its warnings for the
    discrimination categories no rule flagged in the posting (one per category: the first field where it scores
    above its threshold)."""
    title = fold(text.title or "")
    flags: list[Flag] = []
    fields = [(field, value) for field, value in text.text_fields() if field != "pay_text"]
    for field, value in fields:
        flags.extend(screen_field(field, value, text, title))
    if wording is not None:
        taken = {f.category for f in flags}
        for field, value in fields:
            if field not in getattr(wording, "FIELDS", (field,)):
                continue
            extra = wording.flags(field, value, skip=taken)
            taken.update(f.category for f in extra)
            flags.extend(extra)
    return flags


def check_missing_fields(text: PostingText) -> list[Flag]:
    """The mandatory parts of a posting (人力资源市场暂行条例 art. 24): title, duties, pay, place."""
    out = []

    def add(code, severity, field, en, zh, suggestion_en, suggestion_zh):
        basis = LEGAL_BASES["hrm_24_mandatory"]
        out.append(
            Flag(
                category="missing_fields",
                code=code,
                severity=severity,
                field=field,
                start=0,
                end=0,
                matched_text="",
                legal_basis_key=basis.key,
                message_key=f"screening.{code}",
                message_en=f"{en} Legal basis: {basis.label('en')}.",
                message_zh=f"{zh}依据：{basis.label('zh')}。",
                suggestion=suggestion_zh
                if not _is_english(fold(text.title + text.description))
                else suggestion_en,
            )
        )

    if not (text.title or "").strip():
        add(
            "missing.title",
            BLOCK,
            "title",
            "The job title is missing.",
            "缺少职位名称。",
            "Add the job title.",
            "填写职位名称。",
        )
    if len((text.description or "").strip()) < 8:
        add(
            "missing.description",
            WARN,
            "description",
            "The duties of the job are missing or too short.",
            "缺少工作内容或过于简短。",
            "Describe the duties and requirements of the job.",
            "写明岗位职责和任职要求。",
        )
    if text.pay_min is None and text.pay_max is None and not (text.pay_text or "").strip():
        add(
            "missing.pay",
            WARN,
            "pay_min",
            "The pay is missing.",
            "缺少薪酬信息。",
            "State the monthly base pay range.",
            "写明月基本工资范围。",
        )
    if text.pay_min is not None and text.pay_max is not None and text.pay_min > text.pay_max:
        add(
            "missing.pay_inverted",
            BLOCK,
            "pay_min",
            "The pay “from” is higher than the pay “up to”.",
            "最低薪酬高于最高薪酬。",
            "Correct the pay range.",
            "更正薪酬范围。",
        )
    if not (text.division_code or "").strip() and not (text.address or "").strip():
        add(
            "missing.place",
            WARN,
            "address",
            "The place of work is missing.",
            "缺少工作地点。",
            "State the place of work.",
            "写明工作地点。",
        )
    return out


def model_fields(text: PostingText) -> dict[str, str]:
    """The fields a fraud model trained on EMSCAD reads, from a PostingText."""
    salary = text.pay_text or (
        f"{text.pay_min or ''}-{text.pay_max or ''}"
        if text.pay_min is not None or text.pay_max is not None
        else ""
    )
    return {
        "title": text.title or "",
        "description": text.description or "",
        "requirements": text.requirements or "",
        "benefits": text.welfare or "",
        "company_profile": text.employer_name or "",
        "salary_range": salary,
    }


def model_score(model, text: PostingText) -> float:
    """The model's probability for one posting. `model` has `score(fields: dict) -> float` (the EMSCAD
    `fraud.FraudModel`), or `predict_posting(text: PostingText) -> float`, or is a callable taking the PostingText."""
    if hasattr(model, "score"):
        return float(model.score(model_fields(text)))
    if hasattr(model, "predict_posting"):
        return float(model.predict_posting(text))
    if callable(model):
        return float(model(text))
    raise TypeError("model must have score(fields) or predict_posting(text), or be callable")


# The fraud model was trained on English postings (EMSCAD); on text whose words it mostly does not know (Chinese
# postings score ~0 coverage) its probability rests on the structured fields alone and means little, so it is not
# asked at all.
MIN_MODEL_COVERAGE = 0.5


def model_applies(model, text: PostingText) -> bool:
    coverage = getattr(model, "coverage", None)
    return coverage is None or coverage(model_fields(text)) >= MIN_MODEL_COVERAGE


def model_flag(p: float, threshold: float) -> list[Flag]:
    """A warning when the model's probability reaches its calibrated threshold (a reason to look, not a finding)."""
    if p < threshold:
        return []
    basis = LEGAL_BASES["fraud_model"]
    return [
        Flag(
            category="fraud",
            code="model.fraud",
            severity=WARN,
            field="",
            start=0,
            end=0,
            matched_text="",
            legal_basis_key=basis.key,
            message_key="screening.model.fraud",
            message_en=f"The fraud model scores this posting {p:.2f} (threshold {threshold:.2f}); a moderator "
            "should check it.",
            message_zh=f"欺诈识别模型评分{p:.2f}（阈值{threshold:.2f}），需人工复核。",
            suggestion="核实用人单位和岗位信息后再发布。",
            source=MODEL,
            score=p,
        )
    ]


def _threshold(model, threshold: float | None) -> float:
    return float(threshold if threshold is not None else getattr(model, "threshold", 0.5))


def screen_posting(
    text: PostingText,
    *,
    model=None,
    model_threshold: float | None = None,
    pay_table: pay_module.PayTable | None = None,
    check_fields: bool = True,
    wording=None,
) -> ScreeningResult:
    """Screen one posting: pattern rules (with the wording model's warnings when `wording` is given), mandatory
    fields (unless `check_fields` is False, e.g. when the caller checks them itself), pay against `pay_table` (when
    given) and the fraud model behind its threshold (the model's own calibrated `threshold` unless
    `model_threshold` is given)."""
    if not isinstance(text, PostingText):
        raise TypeError(f"screen_posting expects a PostingText, got {type(text).__name__}")
    flags = screen_rules(text, wording)
    if check_fields:
        flags.extend(check_missing_fields(text))
    flags.extend(pay_module.check_pay(text, pay_table))
    if model is not None and model_applies(model, text):
        flags.extend(model_flag(model_score(model, text), _threshold(model, model_threshold)))
    return ScreeningResult.of(flags)


def screen_postings(
    texts: list[PostingText],
    *,
    model=None,
    model_threshold: float | None = None,
    pay_table: pay_module.PayTable | None = None,
    check_fields: bool = True,
    wording=None,
) -> list[ScreeningResult]:
    """`screen_posting` for many postings (bulk imports): the model scores them in one vectorised call when it has
    `score_many`."""
    scores = None
    if model is not None and hasattr(model, "score_many"):
        scores = [float(x) for x in model.score_many([model_fields(t) for t in texts])]
    out = []
    for i, text in enumerate(texts):
        result = screen_posting(text, pay_table=pay_table, check_fields=check_fields, wording=wording)
        if model is not None and model_applies(model, text):
            p = scores[i] if scores is not None else model_score(model, text)
            extra = model_flag(p, _threshold(model, model_threshold))
            if extra:
                result = ScreeningResult.of(result.flags + tuple(extra))
        out.append(result)
    return out
