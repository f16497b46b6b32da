"""The screening rules as data: one `Rule` per kind of unlawful or risky wording (pure: no Django).

Read this file to see exactly what is flagged. Patterns are Python regular expressions applied to the *folded* text:
full-width ASCII folded to half-width and A–Z lower-cased (character offsets are kept, so spans point into the
original text). A match is dropped when

* it overlaps a **lawful** span of its category (`LAWFUL` below: 男女不限, 年龄不限, equal opportunity employer,
  不收取任何费用…), or
* a negation word stands just before it in the same clause (`negated_by`: 无押金, 不收培训费, 免体检费…), or
* its clause or the posting title contains an **exception** (`unless`: a bona fide occupational requirement such as
  女子监狱 for a female warder or 井下 for underground mining, where the law itself separates the sexes), or
* its `check` says the numbers are lawful (an age upper limit at or above 60, a minimum age of 16 or 18) or the
  context makes it lawful (a duty laid on both sexes, a test said to be voluntary, the worker's own job duty).

Patterns are written as families, not sentences: shared pieces name a group of people and what follows it
(`_WHO`: 人员/求职者/同胞… before an exclusion, `_EXCL`: 勿扰/谢绝/不予录用…, `_ONLY_TO`: 仅面向/只对/仅接受…,
`_PREFER_FIRST`: 优先考虑/优先录用…, `_PAPERS`: the identity papers an employer may not keep), so one fix covers
every category that uses the piece. A rule's `trigger` names words every Chinese match contains; fields without
them skip the rule (speed only — a test checks the flags are the same with the triggers off).

`soften` lists contexts that turn a blocking match into a warning for a moderator to judge (月嫂 / 母婴护理 asking
for women: common and arguably a genuine requirement of intimate care, but not an exception the law states).

Lawful exceptions accepted, and why:

* 女子监狱 / 女监 / 女浴室 / 女更衣室 / 女宾 (and the male counterparts): searching, guarding or attending persons of
  one sex in private settings — a genuine occupational requirement recognised in practice and in the prison rules.
* 井下 / 矿井 / 坑下 for men only: 《女职工劳动保护特别规定》(2012) annex 1 forbids women underground in mines, so
  a men-only underground job restates the law. (Heavy lifting is NOT exempted: the 4th-level intensity ban is too
  narrow to recognise from text; such postings are flagged and can be appealed.)
* models for one sex's clothing (女装模特, 男模): the job is to show clothes cut for that sex.
* police, auxiliary police, fire fighters, armed police, pilots, flight attendants: height and fitness standards
  are set by the state (appearance/height rules skip them). Food and public-place workers need a health
  certificate (健康证, Food Safety Law art. 45): asking for one is not flagged.
* minimum ages of 16 (Labour Law art. 15) and 18 (special protection of minors) are lawful; an upper limit at or
  above 60 is read as the statutory retirement age, not a preference.
* benefits are not conditions: 产假, 生育保险, 婚假, 单身公寓, 提供户口/落户指标, 带薪培训, 免费体检 are not flagged,
  nor is being first in line for a benefit (已婚员工优先分配夫妻房) or a dress code by sex (男士需着正装).
* the special protection of women workers may be stated (孕期女职工不安排夜班, 哺乳时间); a duty laid on one sex
  otherwise (男性员工需轮值夜班) is a warning, not a block: it is differential treatment a moderator should see, but
  it is not a hiring condition as such.
* hepatitis B / HIV tests: asking for one blocks; a test said to be voluntary (乙肝项目为自愿) or not to count
  (结果不影响录用), a negated one (体检不含乙肝项目) and jobs about the diseases (疫苗研发, 检验科) are not flagged.
* papers: an employer may check originals and keep copies (身份证复印件留存); keeping the papers themselves
  (身份证交公司保管) blocks (Labour Contract Law arts. 9 and 84).
* positive action for minorities and persons with disabilities (少数民族人员优先, 残疾人优先) is lawful (Employment
  Promotion Law arts. 28 and 29) and not flagged.
* 补单 is also an after-sales word (补单发货, 漏发补单): only helping a shop to orders, a role named after them or a
  commission for them is flagged; 冲单/冲量/拍单 are sales and purchasing jargon and are not.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Rule:
    code: str
    category: str
    severity: str  # "block" | "warn"
    patterns: tuple[str, ...]
    legal: str  # key into legal.LEGAL_BASES
    message_en: str
    message_zh: str
    advice_en: str  # shown when removing the span leaves nothing useful
    advice_zh: str
    replace_zh: str = ""  # replaces the matched span in the suggested rewording
    replace_en: str = ""
    unless: tuple[str, ...] = ()  # exception contexts (searched in the clause and the title)
    soften: tuple[str, ...] = ()  # contexts that turn "block" into "warn"
    negated_by: str = ""  # a regex that, ending right before the match (same clause), negates it
    check: str = ""  # name of a predicate in rules.CHECKS taking the match
    # a regex every Chinese match contains: the Chinese patterns are not run on a field without it (speed only;
    # tests/supervision/test_rules.py checks it against every rule's flagged examples)
    trigger: str = ""
    trigger_en: str = ""  # the same for the English patterns
    scope: str = "span"  # the suggestion rewrites the matched "span" or the whole "clause"
    fields: tuple[str, ...] = field(default=("title", "description", "requirements", "welfare"))


_M = "(?:男|女)"
# a two-digit age in figures or Chinese numerals (25, 三十五, 二十, 十八): rules.age_number reads it
_N2 = r"(?:\d{2}|[二三四五六]十[一二三四五六七八九]?|十[五六七八九])"
# a birth cohort: 90后, 95后, 00后, 九零后, 五零后
_COHORT = r"(?:[5-9]0|[6789]5|00|05|[五六七八九][零〇]|[六七八九]五|零零|零五)后"
_MF_SUFFIX = "(?:性|士|仕|姓|生|孩|的|工|员工)?"
# after 男/女 + suffix: words that make it about products or customers, not the worker
_NOT_PRODUCT = "(?!用品|服装|装|鞋|包|款|式|内衣|产品|客户|顾客|会员|消费|健康|护理|化妆|频道|市场|性用品)"
# …and words that make a group of people other than applicants (users, readers, patients, pupils)
_NOT_OTHERS = (
    "(?!用户|群体|人群|读者|患者|病人|粉丝|学员|学生|儿童|游客|乘客|观众|听众|选手|运动员|住户|业主|老人)"
)
# a sex word naming workers: 男性, 女士, 男生, 女工, 男同事, 女员工, 男性员工
_SEX_WORKER = r"(?<![男女])(?P<g>男|女)(?:性|士|生|孩|工|同志|同事|青年)?(?:员工|职工|同事|店员|人员|工作人员|求职者|应聘者|新人)?"
_PROVINCES = (
    "北京|天津|河北|山西|内蒙古|内蒙|辽宁|吉林|黑龙江|上海|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|广西|海南|重庆|四川|"
    "贵州|云南|西藏|陕西|甘肃|青海|宁夏|新疆|香港|澳门|台湾|东北|西北|潮汕|温州|深圳|广州|长沙|武汉|成都|杭州|南京|"
    "(?:京|津|冀|晋|辽|沪|苏|浙|皖|闽|赣|鲁|豫|鄂|湘|粤|桂|琼|渝|川|黔|滇|陕|甘|陇)(?=籍)"
)
_PLACE = (
    r"(?:本地|本市|本省|本区|本县|本镇|本街道|本社区|本乡|本村|当地|外地|外省|农村|农业|城镇|非农|[\u4e00-\u9fff]{1,3}(?:省|市|县)|"
    + _PROVINCES
    + ")"
)
_NEG_GENERAL = r"(?:无|不收|不收取|不需|无需|无须|不需要|免|免收|不用|不交|不缴|不要求|绝不|没有|无任何|不存在|拒绝|杜绝|谨防|警惕|严禁|禁止)\s*"

# words that exclude what stands before them (…勿扰, …者不予录用) and words that restrict to what follows (仅招…)
_EXCL = (
    r"(?:者|的)?\s*(?:一律|均|都|全部|概|请|就|暂|暂时)?\s*(?:勿扰|免谈|慎投|勿投|不招|不要|不收|不录用|不予录用|不予考虑|不予聘用|不聘用|"
    r"不考虑|谢绝|恕不录用|恕不考虑|恕不接受|恕不聘用|不接受|请绕行|绕道|请勿投递|勿应聘|请勿应聘|勿来|别来|不予录取|不录取|不予招录|"
    r"不予邀约|不适合|不适宜|不宜(?:应聘|报名|投递)|(?:就)?算了|(?:就)?不要投了|就免了|恕不接收|不接收|不予接收|不便应聘|不便报名|"
    r"不得报名|不能报名|不可报名|不得应聘|不用跑了|不用来了|不用来|(?:就)?别投了|别投|(?:就)?别问了|(?:就)?别报名了?|请勿报名|干不了|做不了|"
    r"慎重考虑|暂缓录用|暂缓考虑|不在(?:本次)?招聘范围(?:内|之列)?|视为不符合录用条件)"
)
_ONLY = (
    r"(?:限|仅限|只限|只招|仅招|只要|只收|只录用|仅录用|要求(?:为|是)?|须为|需为|须是|需是|必须(?:为|是)?)"
)
_REFUSE = r"(?:不招收|不招录|不招|不要|不收|谢绝|拒绝|不考虑|不接受|不接收|不予接收|不录用|不聘用|不录取)"
# a person noun after a group word, before an exclusion word: 少数民族人员谢绝, 外地求职者勿扰, 乙肝携带人员不予录用
_WHO = (
    r"(?:人员|人士|同胞|朋友|求职者|应聘者|申请人|候选人|考生|毕业生|(?:员工|职工)(?=\s*(?:一律)?(?:勿扰|免谈|慎投|勿投|不录用|不予录用|"
    r"不予考虑|不予聘用|不聘用|谢绝|恕不录用|请绕行|绕道|请勿投递|勿应聘|不予录取|不录取|不予招录)))?"
)
# …after pregnancy words: 孕期女性勿扰, 哺乳期妈妈谢绝
_PREGNANT_WHO = r"(?:中)?(?:的)?(?:女性|女士|妈妈|宝妈|员工|女职工)?" + _WHO
# after a duty word: what makes it a benefit or a dress code, not a duty (女员工应享受…, 男士需着正装)
_NOT_BENEFIT_OR_DRESS = r"(?!\s*(?:享受|享有|获得|领取|休|得到|给予|着|穿|佩戴|统一着装|化淡妆|化妆|打领带))"
# preferred in hiring, not first in line for a benefit (已婚员工优先分配夫妻房)
_PREFERRED = r"(?:优先|为佳|为宜|最佳|更佳|更好|最好|更合适|更适合)(?!享受|享有|分配|安排|发放|获得|入住|申请|调休|休假|晋升|参加|使用)"
# a preference put first: 优先考虑男性, 优先录用本地户籍 (优先录用残疾人 is lawful, and not matched by these)
_PREFER_FIRST = r"优先(?:考虑|录用|录取|招收|招聘|选择|聘用)\s*"
# opening a job to one group only: 仅面向女性, 只对男性开放, 仅接受本地户籍 (not 不仅/不只: "not only")
_ONLY_TO = r"(?<![不非])(?:仅|只|仅限|只限|唯)\s*(?:面向|针对|对|向|接受|接收|欢迎|招收|招募|录取|录用|考虑|允许|开放给|供)"
# the 55 recognised minority peoples (and common short forms) by name, so "上班族/家族" are not read as ethnic groups
_MINZU = (
    r"(?:少数民族|维族|新疆人|西藏人|疆籍|藏籍|回民|藏民|回回|少民|"
    r"(?:维吾尔|壮|回|满|苗|彝|土家|藏|蒙古|侗|布依|瑶|白|朝鲜|哈尼|黎|哈萨克|傣|畲|傈僳|东乡|仡佬|拉祜|佤|水|"
    r"纳西|羌|土|仫佬|锡伯|柯尔克孜|景颇|达斡尔|撒拉|布朗|毛南|塔吉克|普米|阿昌|怒|鄂温克|京|基诺|德昂|保安|裕固|"
    r"俄罗斯|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|乌孜别克|高山)族)"
)

# identity papers and the like an employer may not keep (Labour Contract Law art. 9): copies may be kept
# the person words of colloquial ads that name a sex and an age at once: 小伙子, 小姑娘, 妹子, 阿姨, 大叔
_PERSON_WORD = r"(?:小伙子|小伙儿|小伙|小哥哥|小哥|小姐姐|小姑娘|小妹妹|小妹|妹子|姑娘|靓女|美女|帅哥|大姐|阿姨|大妈|大叔|大哥)"
# …asked for: after a hiring word (招聘小伙子, 适合刚毕业的小姑娘) or before a preference (小姑娘优先); not a pair
# describing colleagues (帅哥美女多)
_PERSON_WANTED = (
    r"(?:(?:招聘|招收|招募|急招|诚招|诚聘|急聘|招|聘|只要|需要|要|限|适合|欢迎|找)(?!工作|活)\s*(?:[^，,。；;]{0,8}?的|[^，,。；;的]{0,4}?)?\s*"
    + r"(?P<p>"
    + _PERSON_WORD
    + r")|(?<!帅哥)(?<!美女)(?P<p2>"
    + _PERSON_WORD
    + r")(?:者)?(?=优先|为佳|最好|更好)|(?:保洁|家政|做饭|住家|保姆|育儿|后厨|洗碗|打扫|厨房|洗头|服务|收银|帮厨)\s*(?P<p3>"
    + _PERSON_WORD
    # (a job title with a person word only when it is being hired: 家政阿姨招聘, not 做饭阿姨来自新东方 among benefits)
    + r")(?=\s*(?:招聘|招募|急招|诚聘|若干|数名|[一二两三四五六七八九十]名|\d+\s*名)))"
    + r"(?!\s*[、和与及/&]?\s*(?:帅哥|美女|小伙|姑娘|小哥|妹子))"
)
_BOTH_WELCOME = r"男女(?:均可|不限|都可|皆可|都要|兼招|兼收)|都招|都要|均可|都可以"
# personal data asked for in the application: 简历中注明身高、体重及婚姻状况, 简历需附籍贯、民族、婚育信息
_ASK = r"(?:注明|附上|附|写明|填写|标注|标明|写上|注上|列明|告知|提供|说明)\s*(?:[^，,。；;、]{0,4}?)(?:[^，,。；;、和及与/]{1,8}\s*[、和及与/]\s*){0,5}"

_PAPERS = (
    r"(?:居民身份证|身份证(?:件)?|户口本|户口簿|毕业证(?:书)?|学位证(?:书)?|学历证(?:书)?|职业资格证(?:书)?|资格证(?:书)?|"
    r"职称证(?:书)?|驾驶证|驾照|护照|社保卡|银行卡|工资卡|证件)"
)
_NOT_A_COPY = r"(?!复印件|复印|扫描件|照|号|信息|到期|办理|丢失)"

# a negation that also covers the later items of a list: 不收取任何费用、押金等 / 无押金和服装费
_NEG_FEE = (
    r"(?:"
    + _NEG_GENERAL
    + r"|\b(?:no|without|never|zero|free of|not charge|not ask for)\s+)"
    + r"(?:任何|收取|缴纳|交纳)?\s*(?:[^，,。；;\s]{1,10}\s*[、和及与或/]\s*)*"
)

LAWFUL: dict[str, tuple[str, ...]] = {
    "gender": (
        r"男女(?:不限|均可|皆可|都可|不拘|兼招|兼收|同工同酬|平等)",
        r"(?:不限|不分)(?:男女|性别)",
        r"性别\s*(?:[：:]\s*)?(?:不限|无要求|无限制|均可|不拘)",
        r"男女比例(?!\s*(?:按|为)?\s*\d\s*[:：比]\s*\d\s*(?:录取|录用|招聘|招收|招录))",
        r"(?:男|女)(?:生|职工|员工)?(?:宿舍|公寓|更衣室|浴室|卫生间)",
        r"女职工(?:享受|享有|依法享受)?(?:产假|哺乳|孕期|三期)",
        r"\bequal opportunit(?:y|ies)\b",
        r"\bregardless of (?:gender|sex)\b",
        r"\b(?:all|any) genders?\b",
        r"\b(?:men and women|women and men)\b",
        r"\bwomen (?:are )?(?:encouraged|welcome)\b",
    ),
    "age": (
        r"(?:年[龄令]|年纪)\s*(?:[：:]\s*)?(?:不限|无要求|无限制|不拘)",
        r"不限年[龄令]",
        r"(?:年满|满)\s*(?:16|18)\s*周?岁",
        r"\bregardless of age\b",
        r"\bno age limit\b",
        r"\ball ages\b",
    ),
    "region_hukou": (
        r"(?:户口|户[籍藉]|地域)\s*(?:[：:]\s*)?(?:不限|无要求)",
        r"不限(?:户口|户[籍藉]|地域)",
        r"(?:解决|提供|办理|协助办理|可办|落实)\s*(?:北京|上海|深圳|广州|本地|本市)?\s*(?:户口|户[籍藉]|落户)",
        r"(?:户口|户[籍藉]|落户)\s*(?:指标|名额|办理|解决)",
    ),
    "ethnicity": (
        r"民族\s*(?:[：:]\s*)?(?:不限|无要求)",
        r"不限民族",
        r"\bregardless of (?:race|ethnicity)\b",
    ),
    "marital_childbearing": (
        r"(?:婚姻|婚育)(?:状况)?\s*(?:[：:]\s*)?不限",
        r"婚否\s*(?:[：:]\s*)?(?:不限|均可)",
        r"(?:婚育|婚姻状况|婚姻)(?:证明|状况|情况)?\s*(?:不作要求|不做要求|无需提供|不需提供|无要求)",
        r"(?:不进行|不做|不安排|不得(?:进行|要求)?|不要求|无需|禁止)[^，,。；;]{0,4}(?:妊娠|怀孕|孕)(?:测试|检查|检测)",
        r"(?:产假|生育津贴|生育保险|婚假|陪产假|哺乳假|育儿假|(?:孕期|三期)(?!"
        + _PREGNANT_WHO
        + _EXCL
        + r"))",
        r"单身(?:公寓|宿舍)",
        r"\b(?:maternity|paternity|parental) (?:leave|benefits?|pay)\b",
    ),
    "appearance_height": (r"(?:身高|外貌|形象)\s*(?:[：:]\s*)?(?:不限|无要求)",),
    "health": (r"健康证", r"乙肝(?:携带者|病毒携带者)?(?:不限|可|也可|均可|欢迎)"),
    "disability": (r"(?<!不)(?:欢迎|鼓励|适合|优先(?:录用|招收)?)\s*残疾", r"残疾人(?:优先|友好|岗位|就业)"),
    "fees_deposits": (
        r"(?:不收|不收取|无需缴纳|无需交纳|不需要缴纳|不交纳|不缴纳)(?:任何|一切)?\s*(?:费用|押金|钱)",
        # the employer pays: the span covers the fee word, so only that fee is cleared
        r"(?:体检费|培训费|服装费|工装费|押金|费用)(?:(?!个人|本人|自己|自行|求职者|应聘者|学员|员工)[^，,。；;]){0,6}?(?:由)?"
        r"(?:公司|单位)?(?:承担|负责|报销|支付|全免|免除|补贴|全额报销)",
        r"(?:公司|单位|本公司)(?:承担|负责|报销|支付|出|全额承担|提供)[^，,。；;]{0,6}?(?:体检费|培训费|服装费|工装费|押金|费用)",
        # duties about other people's deposits (finance, e-commerce)
        r"(?:保证金|押金|风险金|质保金|诚信金)\s*(?:的)?\s*(?:管理|核算|对账|结算|业务|系统|账户|清算|审核|台账|产品|退还流程)",
        r"(?:负责|管理|核算|处理|审核|对账|清算|结算)[^，,。；;]{0,8}(?:保证金|押金|风险金|质保金)",
        r"\bdeposits?\s+(?:products?|accounts?|operations|processing|reconciliation)\b",
        r"\b(?:customer|client|bank|cash|cheque|check)\s+deposits?\b",
        r"\b(?:no|without|never)\s+(?:[a-z]+\s+){0,2}(?:fees?|deposits?|charges?)\b",
        r"\bdirect deposit\b",
        r"\bfree of charge\b",
    ),
    "training_loan": (r"带薪培训", r"免费(?:提供)?(?:岗前|入职)?培训", r"\bpaid training\b"),
    "contact_off_platform": (
        r"微信(?:小程序|公众号|支付|生态|开发|平台|接口|api|sdk|h5|游戏|营销|运营|社群运营)",
        r"企业微信",
        r"qq(?:音乐|浏览器|空间|游戏)",
    ),
    "brushing": (r"(?:防|反|打击|识别|风控).{0,4}刷单", r"刷单(?:风控|识别|治理|检测|打击|监控)"),
}


def _r(code, category, severity, patterns, legal, message_en, message_zh, advice_en, advice_zh, **kw) -> Rule:
    return Rule(
        code, category, severity, tuple(patterns), legal, message_en, message_zh, advice_en, advice_zh, **kw
    )


_GENDER_MSG = (
    "The posting restricts or prefers one sex.",
    "招聘信息限定或优先某一性别。",
    "State the duties and the real requirements of the job, not the sex of the worker (男女不限).",
    "写明岗位职责和真实的任职要求，不要限定性别（可写“男女不限”）。",
)
_FEMALE_EXCEPT = (
    r"女子监狱",
    r"女监",
    r"女性(?:服刑|罪犯|被监管)",
    r"女(?:浴室|更衣室|宾|卫生间)",
    r"女装模特|女模特|内衣模特",
)
_MALE_EXCEPT = (
    r"井下|矿井|坑下|坑道作业",
    r"男子监狱|男监",
    r"男(?:浴室|更衣室|宾|卫生间)",
    r"男装模特|男模",
)
_AGE_OTHERS = (
    # (not 客户经理 / 用户运营: job titles)
    r"学生|儿童|孩子|少儿|青少年|学员|宝宝|幼儿|婴儿|小朋友|老人|长者|患者|病人|客户(?!经理|代表|专员|主管|总监|顾问|成功)|"
    r"用户(?!运营|增长|研究|体验)|会员(?!顾问)|受众|人群|"
    # a government traineeship scheme for young school leavers (就业见习岗位, 16-24岁): set by the scheme
    r"就业见习|见习岗位|青年见习|"
    r"\b(?:children|kids|students|pupils|patients|customers|users|clients|seniors)\b",
)
_COURSE_FEE = r"(?:学费|培训费|课程费|学习费|教材费|培训期间(?:的)?费用|学习期间(?:的)?费用)(?:用)?"
# warnings against brushing, not offers of it: 严禁刷单, 无需垫付, 谨防做任务返佣
_NEG_BRUSHING = (
    r"(?:防|反|打击|识别|杜绝|严禁|禁止|拒绝|谨防|警惕|远离|举报|不|无|无需|不需|不用|没有|绝不)\s*"
    r"(?:任何|一切)?(?:形式|方式|类型)?(?:的)?\s*(?:虚假)?\s*"
)
# (not 冲单/冲量/拍单: sales and purchasing jargon for real orders)
_FAKE_ORDER = r"(?:补单|刷单|刷量|刷销量|刷好评|刷信誉|刷评价|刷流水)"
_HBV_TRIGGER = r"乙肝|乙型|肝炎|三阳|hbv|hbsag|两对半|艾滋|hiv"
_ILL = (
    r"(?:精神病|精神疾病|精神类疾病|精神障碍|心理疾病|癫痫|羊癫疯|抑郁症|抑郁|焦虑症|躁郁症|双相情感障碍|精神分裂症?|"
    r"传染病|肝病|心脏病|重大疾病|慢性病|遗传病|肺结核|结核病|高血压|高血脂|糖尿病|癌症|肿瘤)"
)
_HBV_HIV = r"(?:乙肝五项|乙肝两对半|乙肝表面抗原|乙肝|乙型肝炎|大三阳|小三阳|hbsag|hbv|两对半|艾滋病?|hiv)"
# the disease named as the subject of work, not of a test of the applicant
_NOT_ABOUT_DISEASE = r"(?!疫苗|防治|治疗|药|科普|宣传|试剂|病人|患者|研究)"
# impairments named as a group: 听力障碍, 视力残疾, 肢体缺陷
_IMPAIRED = (
    r"(?:(?:听力|视力|语言|言语|肢体|智力|视觉|听觉)(?:障碍|残疾|缺陷)|聋哑|哑巴|瘸子|瘸腿|跛脚|独眼|斜视|盲人|腿脚不便|行动不便|"
    r"手指不全|肢体不全|耳朵听不见|听不见|说话不利索|口吃|结巴|轮椅使用者|坐轮椅|智障|弱智|听力不佳|视力不佳)"
)
_CARE_SOFTEN = (r"月嫂|母婴|产妇|育婴|催乳|产后|妇产", r"搓澡|浴足")

RULES: tuple[Rule, ...] = (
    # ---------------------------------------------------------------- gender
    _r(
        "gender.open_only",
        "gender",
        "block",
        [
            # 仅面向女性求职者开放, 只对男性开放, 仅接受女生投递, 只针对男士
            # (the suffix is taken whole, atomically, before the product/others test: 仅面向女性用户 is not a job)
            _ONLY_TO
            + r"\s*(?P<g>男|女)(?>(?:性|士|生|孩|同志|青年)?)(?![男女])"
            + _NOT_PRODUCT
            + _NOT_OTHERS
            + _WHO,
            # 面向女性招聘, 面向男性求职者开放 (without 仅, only when what follows is recruiting)
            r"(?<![不非])(?:面向|针对|开放给)\s*(?P<g>男|女)(?:性|士|仕|姓|生)?(?:同志|青年)?"
            + _WHO
            + r"(?=\s*(?:开放|招聘|招募|招收|报名|投递|招考|录用|发布))",
            r"\b(?:open|available)\s+(?:only\s+)?to\s+(?P<g>men|women|males|females|male applicants|female applicants)"
            r"\s+only\b",
            r"\bonly\s+open\s+to\s+(?P<g>men|women|males|females|male applicants|female applicants)\b",
        ],
        "epl_27_labour_13_women_43",
        *_GENDER_MSG,
        replace_zh="面向全体求职者",
        replace_en="open to all applicants",
        soften=_CARE_SOFTEN,
        check="gender_exception_side",
        trigger=r"男|女",
        trigger_en=r"\bonly\b",
    ),
    _r(
        "gender.restrict",
        "gender",
        "block",
        [
            r"(?:限|仅限|只限|只招|仅招|只要|只收|只需|要求(?:为|是)?|须为|需为|必须(?:为|是)?|急招|招聘|诚招|诚聘|急聘|聘请?|招收|(?<!校)招)"
            r"\s*(?:[：:]\s*)?(?P<g>男|女)" + _MF_SUFFIX + r"(?![男女])" + _NOT_PRODUCT,
            # the people hired named by sex: 招聘对象为男性, 录用对象：女
            r"(?<!服务)(?<!目标)(?<!客户)(?:招聘|招收|招募|录用|录取)?对象\s*(?:为|是|[：:])\s*(?:限|仅限)?\s*(?P<g>男|女)"
            r"(?>(?:性|士|仕|姓|生)?)(?![男女])" + _NOT_PRODUCT + _NOT_OTHERS,
            # a headcount by sex: 男性普工30名，女性包装工10名, 招女店员两名
            r"(?<![男女])(?P<g>男|女)(?>(?:性|士|仕|姓|生)?)(?![男女科])"
            + _NOT_PRODUCT
            + _NOT_OTHERS
            + r"[\u4e00-\u9fff]{1,6}?(?:\d+|[一二三四五六七八九十两若数多]+)\s*(?:名|人|位)(?![\u4e00-\u9fff]{0,3}(?:客户|用户|顾客))",
            r"性别\s*(?:要求|限制)?\s*[：:]?\s*(?:限|仅限|为)?\s*(?P<g>男|女)(?:性|士|仕|姓|生)?(?![男女/、或]|\s*[/、或]\s*[男女]|不限)",
            _REFUSE + r"\s*(?P<g>男|女)(?:性|士|仕|姓|生|孩)?",
            # (not after a pregnancy word: 孕期女性不予录用 is about pregnancy, see marital.condition)
            # (nor 孕妇/哺乳期妇女不予考虑: pregnancy and nursing are marital_childbearing only, the label convention)
            r"(?<![男女期孕])(?<!孕妇)(?<!期妇)(?<!产妇)(?P<g>男|女)(?:性|士|仕|姓|生|孩|同志|同胞)?"
            + _WHO
            + _EXCL,
            # a sex with 的 as a bare item or sent away: 厂里招人，男的，汉族; 女的就别问了; 招形象好的女生; 想招个男生
            r"(?:^|(?<=[，,、：:；;\s(（)）]))(?P<g>男|女)的(?=\s*(?:[，,、；;。)）]|$|来|私聊))",
            r"(?:招聘|招收|招募|(?<!校)招|聘|只要|(?<![需只])要|找)(?!工作|聘|收|募)\s*(?:[^，,。；;的]{1,4}?|[^，,。；;]{1,8}?的)\s*"
            r"(?<![男女])(?P<g>男|女)(?>(?:性|士|仕|生|孩|教师|老师|师傅)?)(?![男女])"
            + _NOT_PRODUCT
            + _NOT_OTHERS,
            # 要女的, 要男的
            r"(?<![需只])要\s*(?P<g>男|女)(?:的|性|生)(?![男女])",
            # a quota by sex: 男女比例按2:1录取
            r"男女比例\s*(?:按|为)?\s*\d\s*[:：比]\s*\d\s*(?:录取|录用|招聘|招收|招录)",
            _ONLY + r"\s*(?:未婚|已婚|年轻|单身|本地)\s*(?P<g>男|女)(?:性|士|生)",
            # a bare sex as an item of a requirements list: "保安，男性，50岁以下", "（三）男性，"
            # (not a sex in brackets after an age limit: 45岁以下（男）/40岁以下（女） is an age limit by sex)
            r"(?:^|(?<=[，,、：:；;\s(（)）]))(?<!岁[(（])(?<!下[(（])(?<!上[(（])(?P<g>男|女)(?:性|士|仕|姓|生)?"
            r"(?=\s*(?:[，,、；;。)）]|$))",
            # …or between spaces, before another item: "收银员 女 已婚 30-45岁" (not "男 女 均可")
            r"(?<=\s)(?P<g>男|女)(?=\s+(?![男女均都皆不可士性生])\S)",
            r"\b(?P<g>male|female|men|women|man|woman|gentlemen|ladies|girls?|boys?)\s+(?:only|applicants? only|candidates? only)\b",
            r"\b(?:only|must be(?: a)?|seeking(?: a)?|looking for(?: a)?)\s+(?P<g>male|female|men|women|girls?|boys?)\b"
            r"(?!'s|\s+(?:clothing|fashion|health|products?|apparel|wear|customers?|clients?|and|or|&))",
            r"\bgender\s*:\s*(?P<g>male|female)\b",
        ],
        "epl_27_labour_13_women_43",
        *_GENDER_MSG,
        replace_zh="男女不限",
        replace_en="open to all genders",
        soften=_CARE_SOFTEN,
        check="gender_exception_side",
        trigger=r"男|女",
    ),
    _r(
        "gender.prefer",
        "gender",
        "block",
        [
            r"(?<![男女])(?P<g>男|女)(?:性|士|仕|姓|生|孩)?(?:员工|职工)?" + _WHO + r"(?:者)?" + _PREFERRED,
            _PREFER_FIRST + r"(?P<g>男|女)(?>(?:性|士|仕|姓|生|孩)?)(?![男女])" + _NOT_PRODUCT + _NOT_OTHERS,
            # a sex and a trade preferred: 男治疗师优先, 女老师更合适
            r"(?<![男女])(?P<g>男|女)(?>(?:性|士|生)?)(?![男女科]|员工|职工)"
            + _NOT_PRODUCT
            + _NOT_OTHERS
            + r"[\u4e00-\u9fff]{0,3}?(?:师|员|工|老师|司机|护士|医生|技师)(?:者)?(?:更合适|更适合|"
            + _PREFERRED
            + r")",
            r"\b(?P<g>male|female|men|women)\s+(?:preferred|candidates? preferred|applicants? preferred|is a plus)\b",
            r"\bpreferabl[ye]\s+(?:a\s+)?(?P<g>male|female|man|woman)\b",
        ],
        "epl_27_labour_13_women_43",
        *_GENDER_MSG,
        replace_zh="男女不限",
        replace_en="open to all genders",
        soften=_CARE_SOFTEN,
        check="gender_exception_side",
    ),
    _r(
        # colloquial person words that name a sex: 招聘小伙子数名, 适合刚毕业的小姑娘, 阿姨优先 (also age.person_word)
        "gender.person_word",
        "gender",
        "warn",
        [_PERSON_WANTED],
        "epl_27_labour_13_women_43",
        *_GENDER_MSG,
        replace_zh="求职者",
        replace_en="applicants",
        unless=(_BOTH_WELCOME,),
        trigger=_PERSON_WORD,
    ),
    _r(
        "gender.suits",
        "gender",
        "warn",
        [
            r"(?:更|比较|最)?适合\s*(?P<g>男|女)(?:性|士|生)(?!用品|服装|客户|顾客)",
            r"\bsuits? (?:a )?(?P<g>male|female|man|woman)\b",
        ],
        "epl_27_labour_13_women_43",
        *_GENDER_MSG,
        replace_zh="适合具备相关能力的求职者",
        replace_en="suits candidates with the skills",
        check="gender_exception_side",
    ),
    _r(
        # a duty or condition laid on one sex only: 男性员工需轮值夜班, 由女员工负责收银. Differential treatment that
        # a moderator should see, but it may also restate a protection (孕期女职工…), so a warning.
        "gender.duty",
        "gender",
        "warn",
        [
            # the modal is taken whole (atomic), then must not lead to a benefit or a dress code: 女员工应享受…,
            # 男士需着正装 (a dress code is not a condition of hiring)
            _SEX_WORKER + r"(?=\s*(?:一律|统一|均|都|则|另|还|也|主要|额外)?\s*"
            r"(?>需要(?!时|的时候)|需(?!求|要时)|须|必须|要(?=求|会|能|有|懂|具备|负责|承担|值|上|出差|加班|轮)|应当|应(?!聘|用|届)|负责(?!人)|承担|轮值|轮流|值守|值班|值夜|上夜班|倒班|"
            r"加班(?!费)|出差(?!补)|驻场|外派)" + _NOT_BENEFIT_OR_DRESS + ")",
            r"(?:由|安排|指派|派)\s*"
            + _SEX_WORKER
            + r"(?=\s*(?:来|去)?\s*(?:负责(?!人)|承担|轮值|值|上|完成|担任|从事|处理))",
            r"\b(?P<g>male|female|men|women)\s+(?:staff|employees|workers|team members|colleagues)\b"
            r"(?=\s+(?:must|will be required|are required|need to|have to|are expected))",
        ],
        "epl_27_labour_13_women_43",
        "The posting sets a duty or condition for one sex only.",
        "招聘信息对某一性别单独规定工作安排或条件。",
        "State the duty for every worker in the job; protections of pregnant or nursing women may be stated "
        "as such.",
        "对岗位全体员工统一写明工作安排；对孕期、哺乳期女职工的法定保护可以照常写明。",
        replace_zh="员工",
        replace_en="all staff",
        negated_by=r"(?:不|不会|不得|不能|不再|避免|禁止|严禁)\s*",
        check="one_sex_duty",
        trigger=r"男|女",
        trigger_en=r"\b(?:male|female|men|women)\b",
    ),
    # ---------------------------------------------------------------- age
    _r(
        "age.upper_limit",
        "age",
        "block",
        [
            r"(?:年[龄令]|年纪)?\s*(?:在|为|要求|限)?\s*(?P<lo>"
            + _N2
            + r")\s*(?:周岁|岁)?\s*(?:-+|~+|—+|–+|～+|至|到)\s*(?P<hi>"
            + _N2
            + r")\s*(?:周岁|岁)",
            r"(?:年[龄令]|年纪)\s*(?:要求)?\s*[：:]?\s*(?:在|为|限)?\s*(?P<lo>\d{2})\s*(?:-+|~+|—+|–+|至|到)\s*(?P<hi>\d{2})(?!\d)",
            r"(?P<hi>" + _N2 + r")\s*(?:周岁|岁)\s*(?:以下|以内|之内|之下|及以下|或以下|内)",
            r"(?:年[龄令])?\s*上限\s*(?:为|是)?\s*[：:]?\s*(?P<hi>\d{2})\s*(?:周岁|岁)?",
            r"(?:年[龄令])?\s*(?:不超过|不超過|不大于|不高于|不得超过|不满|低于|小于|未满|不超|<|≤)\s*(?P<hi>"
            + _N2
            + r")\s*(?:周岁|岁)",
            # 岁 left out after an age word: 年纪不超过40, 年龄不大于三十五
            r"(?:年[龄令]|年纪|岁数)\s*(?:要求)?\s*(?:不超过|不大于|不高于|不得超过|低于|小于|不超|<|≤)\s*(?P<hi>"
            + _N2
            + r")(?![\d年万元千个人名斤kgc.])",
            # the age named, 岁 left out: 年纪在35以下为宜, 年纪要在四十以下
            r"(?:年[龄令]|年纪|岁数)\s*[：:]?\s*(?:要|须|需|最好)?\s*(?:在|为)?\s*(?P<hi>"
            + _N2
            + r")\s*(?:周岁|岁)?\s*(?:以下|以内|之内)",
            r"\b(?:under|below|younger than|not older than|no older than|not over)\s+(?P<hi>\d{2})\s*"
            r"(?:years? old|yrs? old|y/?o|years of age)\b",
            r"\b(?:age[sd]?)\s*:?\s*(?:between\s+|from\s+)?(?P<lo>\d{2})\s*(?:-|to|and)\s*(?P<hi>\d{2})\b",
            r"\b(?:age limit|maximum age|max\.? age|upper age limit)\s*:?\s*(?:of\s+|is\s+)?(?P<hi>\d{2})\b",
            r"\b(?:age[sd]?)\s*:?\s*(?:under|below|up to|not over)\s+(?P<hi>\d{2})\b",
        ],
        "epl_3_26_age",
        "The posting sets an upper age limit.",
        "招聘信息设定了年龄上限。",
        "Remove the age limit; describe the experience or physical demands the job really needs.",
        "删除年龄限制；如确有需要，写明岗位真实需要的经验或体能要求。",
        unless=_AGE_OTHERS,
        check="age_upper_below_60",
        trigger=r"\d|十",
        trigger_en=r"\d",
    ),
    _r(
        "age.min_above_18",
        "age",
        "warn",
        [
            r"(?P<lo>" + _N2 + r")\s*(?:周岁|岁)\s*(?:以上|及以上|或以上)",
            r"(?:年满|大于|超过)\s*(?P<lo>" + _N2 + r")\s*(?:周岁|岁)",
        ],
        "epl_3_26_age",
        "The posting sets a minimum age above 18.",
        "招聘信息设定了高于18周岁的最低年龄。",
        "A minimum age of 16 (or 18 for hazardous work) is lawful; a higher one needs a reason.",
        "最低年龄16周岁（危险作业18周岁）合法；更高的年龄要求需要有正当理由。",
        replace_zh="年满18周岁",
        replace_en="aged 18 or over",
        unless=_AGE_OTHERS,
        check="age_min_above_18",
        # "45岁以上勿扰" excludes older people: a blocking age limit
        trigger=r"\d|十",
    ),
    _r(
        "age.exclude_older",
        "age",
        "block",
        [r"(?P<lo>" + _N2 + r")\s*(?:周岁|岁)\s*(?:以上|及以上|或以上)" + _EXCL],
        "epl_3_26_age",
        "The posting excludes applicants above an age.",
        "招聘信息排斥超过某一年龄的求职者。",
        "Remove the age limit; describe the experience or physical demands the job really needs.",
        "删除年龄限制；如确有需要，写明岗位真实需要的经验或体能要求。",
        unless=_AGE_OTHERS,
        check="age_min_above_18",
        trigger=r"\d|十",
    ),
    _r(
        "age.cohort",
        "age",
        "block",
        [
            r"(?:限|仅限|只招|只要|要求|要|最好是?|最好为)\s*[：:]?\s*" + _COHORT,
            r"出生(?:年份|年月|日期)\s*[：:]\s*(?:19|20)\d{2}",
            r"(?:年纪|年[龄令])\s*(?:要)?轻",
            r"(?<!\d)" + _COHORT + r"(?:优先|为佳|者优先|最佳|最好)",
            # a range of cohorts, or cohorts sent away: 80后到95后, 五零后六零后的就算了
            r"(?<!\d)" + _COHORT + r"\s*(?:到|至|-|~|—)\s*" + _COHORT,
            r"(?<!\d)" + _COHORT + r"(?:\s*[、和及与/]?\s*" + _COHORT + r")*(?:的)?" + _EXCL,
            # a range of birth years: 1980-2003年出生
            r"(?:19|20)\d{2}\s*(?:年)?\s*(?:-|~|至|到|—)\s*(?:19|20)?\d{2}\s*年\s*(?:出生|生)",
            # older people sent away without a number: 岁数大的不考虑, 年纪别太大
            r"(?:年[龄令]|年纪|岁数)\s*(?:偏|太|过|较)?大(?:的|者)?" + _EXCL,
            r"(?:年[龄令]|年纪|岁数)\s*(?:别|不能|不要|不宜|不可)\s*(?:太|过于|过)?大",
            r"(?:要求|限|只要|只招)?\s*年轻(?:人|女性|男性|女孩|男孩|的)?(?:优先|为佳)",
            r"(?:限|只要|只招|要求)\s*年轻(?:人|女性|男性|女孩|男孩)?",
            # a birth date as the limit: 1995年1月1日以后出生, 出生于90年以后
            r"(?:19|20)?\d{2}\s*年\s*(?:\d{1,2}\s*月\s*(?:\d{1,2}\s*日)?)?\s*(?:及|或)?\s*(?:以后|之后|以前|之前|后|前)\s*出生",
            r"出生(?:于|在|日期\s*(?:在|为)?)\s*(?:19|20)?\d{2}\s*年\s*(?:\d{1,2}\s*月\s*(?:\d{1,2}\s*日)?)?\s*(?:及|或)?\s*"
            r"(?:以后|之后|以前|之前|后|前)",
            r"\b(?:young|youthful)\s+(?:candidates?|applicants?|people|persons?|workers?)\s+(?:only|preferred)\b",
            r"\bdigital natives?\b",
        ],
        "epl_3_26_age",
        "The posting restricts or prefers an age group.",
        "招聘信息限定或偏好某一年龄群体。",
        "Describe the skills the job needs instead of an age group.",
        "用岗位所需的技能代替对年龄群体的要求。",
        trigger_en=r"young|youthful|digital",
        trigger=r"后|年轻|出生|年纪|年[龄令]|岁数|年份",
    ),
    _r(
        # an age over a number sent away (年龄超过四十的就不用跑了) or named roughly (20出头, 50岁左右的大姐)
        "age.over_or_about",
        "age",
        "warn",
        [
            r"(?:年[龄令]|年纪|岁数)?\s*(?:超过|大于|高于|过了|超過)\s*(?P<lo>"
            + _N2
            + r")\s*(?:周岁|岁)?(?:的|者)?"
            + _EXCL,
            r"(?<!\d)(?P<lo>[2-5]0|[二三四五]十)\s*(?:周岁|岁)?\s*(?:出头|左右)(?:的)?",
        ],
        "epl_3_26_age",
        "The posting limits or names the age of applicants.",
        "招聘信息限定或写明求职者的年龄。",
        "Remove the age; describe the experience or physical demands the job really needs.",
        "删除年龄要求；如确有需要，写明岗位真实需要的经验或体能要求。",
        unless=_AGE_OTHERS,
        check="age_min_above_18",
        trigger=r"\d|十",
    ),
    _r(
        # colloquial person words that name an age group: 小伙子, 小姑娘, 阿姨, 大叔 (also gender.person_word)
        "age.person_word",
        "age",
        "warn",
        [_PERSON_WANTED],
        "epl_3_26_age",
        "The posting asks for an age group by a colloquial person word.",
        "招聘信息用“小伙子”“小姑娘”等称呼限定或偏好某一年龄群体。",
        "Describe the skills the job needs instead of an age group.",
        "用岗位所需的技能代替对年龄群体的要求。",
        replace_zh="求职者",
        replace_en="applicants",
        unless=(_BOTH_WELCOME,),
        check="age_coded_person",
        trigger=_PERSON_WORD,
    ),
    # ---------------------------------------------------------------- region / hukou
    _r(
        "region.hukou",
        "region_hukou",
        "block",
        [
            r"(?:"
            + _ONLY
            + r"|"
            + _ONLY_TO
            + r"|需|须)\s*(?:是)?\s*(?:具有|具备|持有|拥有|有)?\s*"
            + _PLACE
            + r"\s*(?:常住)?(?:户口|户[籍藉]|籍|人|常住人口|生源)",
            # a hukou or home place as a bare item of a requirements list: "2.湘潭本地户口；", "已婚已育，本地户籍，"
            r"(?:^|(?<=[，,、：:；;\s.．\d]))(?:[\u4e00-\u9fff]{2,3})?(?:本地|本市|本省|当地|本县|本区|城镇|非农业?|农业)\s*"
            r"(?:常住)?(?:户口|户[籍藉])(?=\s*(?:[，,、；;。)）]|$))",
            # 要本地的, 只用老乡, 江西的优先, a bare 湖南人 / 湖南籍 in a requirements list, 具有本市户籍
            r"(?:要|只要|只招|只用|限)\s*(?:[^，,。；;]{0,6}的)?\s*(?:本地|当地|本市|本县)(?:的|人|户口|户[籍藉])(?!市场|客户|资源)",
            r"(?:限|只限|仅限)\s*(?:[\u4e00-\u9fff]{2,3})?(?:本地|当地)(?=\s*(?:[，,、；;。]|$))",
            r"(?:外地|外省)(?:人)?" + _EXCL,
            r"(?:限|仅限|只限|只招|仅招)\s*[\u4e00-\u9fff]{2,4}?(?:户口|户[籍藉]|籍|生源)",
            r"生源地\s*(?:为|是|限|须为|需为)\s*" + _PLACE,
            r"(?:户口|户[籍藉])所在地\s*[：:]\s*(?!不限|无要求|均可)[\u4e00-\u9fff]{2,}",
            r"籍贯\s*(?:要求)?\s*[：:]\s*(?!不限|无要求|均可)[\u4e00-\u9fff]{2,}",
            r"(?:为|是|属于)\s*(?:本地|本市|本省|当地|本县|本区|本街道|本社区)\s*(?:常住)?(?:户口|户[籍藉]|籍)",
            r"(?<![不非])面向\s*[\u4e00-\u9fff]{2,8}?(?:户口|户[籍藉]|生源)(?:的)?(?:人员|人士|考生|毕业生|居民)?",
            r"(?<![是])非\s*" + _PLACE + r"\s*籍",
            r"(?:只招|只要|仅招|限|招聘)\s*(?:本地|当地|本市)\s*(?:男|女)(?:性|士|生|教师|老师)?",
            r"(?:只用|只要|只招|限)\s*老乡|老乡(?:优先|为佳)",
            _PLACE + r"(?:的|人)\s*(?:者)?" + _PREFERRED,
            r"(?:^|(?<=[，,、：:；;\s]))" + _PLACE + r"(?:籍|人)(?=\s*(?:[，,；;。)）]|$))",
            r"(?:具有|具备|持有|拥有)\s*" + _PLACE + r"\s*(?:常住)?(?:户口|户[籍藉])",
            r"(?:外地|外省|非本地|非本市)[^，,。；;]{0,8}(?:担保|保人)",
            r"\blocal hukou(?: holders?)? only\b",
            # a local guarantor asked for: 非本地户口者需提供本地担保人
            r"(?:提供|有|找|需|须)\s*(?:本地|本市|当地|本省|本县)(?:户[籍藉]|户口)?\s*(?:的)?(?:担保人|担保|保人|户[籍藉]担保)",
            # a region and its people preferred: 潮汕籍员工优先
            _PLACE
            + r"\s*(?:籍|户口|户[籍藉])\s*(?:员工|职工|人员|人士|的|[\u4e00-\u9fff]{0,3}?)(?:者)?(?:"
            + _PREFERRED
            + r"|优先录用|优先考虑)",
            # a two-character place and 籍 preferred: 株洲籍员工优先考虑 (not 国籍, 学籍, 书籍)
            r"[\u4e00-\u9fff]{2}(?<![国党学书典古户原祖外])籍\s*(?:员工|职工|人员|人士|的)?(?:者)?(?:"
            + _PREFERRED
            + r"|优先录用|优先考虑)",
            # a region's people sent away in a colloquial way: 东北的就算了
            _PLACE + r"(?:来的|的)" + _EXCL,
            # places in a list refused: 不招收河南、安徽籍人员; 不招收藏区来的人员
            _REFUSE
            + r"\s*(?:来自)?"
            + _PLACE
            + r"(?:\s*[、和及与/]\s*"
            + _PLACE
            + r")*\s*(?:籍|人|户口|户[籍藉]|的)",
            _REFUSE
            + r"\s*(?:来自)?(?:藏区|疆区|新疆|西藏)(?:\s*[、和及与]\s*(?:藏区|疆区|新疆|西藏))*(?:来的|的)?(?:人|人员|籍|求职者)",
            r"(?:" + _ONLY + r"|需|须)\s*(?:[\u4e00-\u9fff]{2,3})?(?:本地|当地)(?:人|户口|户[籍藉]|籍)",
            r"(?:非|没有)\s*(?:本地|本市|本省|当地)\s*(?:户口|户[籍藉]|人|籍)(?:员|士)?" + _WHO + _EXCL,
            _PLACE
            + r"\s*(?:(?:户口|户[籍藉]|人|籍)(?:员|士)?|员工|职工)"
            + _WHO
            + r"\s*(?:者)?"
            + _PREFERRED,
            _PREFER_FIRST + _PLACE + r"\s*(?:户口|户[籍藉]|人|籍|生源)",
            r"(?:户口|户[籍藉])\s*(?:要求)?\s*[：:]\s*(?:限|须|需)?\s*(?!不限|无要求|均可)(?:"
            + _PLACE
            + r"|[\u4e00-\u9fff]{2,4})",
            _REFUSE + r"\s*" + _PLACE + r"\s*(?:人|户口|户[籍藉]|籍|人员|求职者)",
            _PLACE + r"\s*(?:务工)?(?:人|户口|户[籍藉]|籍|求职者|应聘者)(?:员|士)?" + _WHO + _EXCL,
            r"\b(?:locals?|local residents?|local hukou)\s+only\b",
            r"\bonly\s+(?:locals|local residents|local hukou holders)\b",
        ],
        "epl_31_hukou",
        "The posting restricts applicants by household registration or home region.",
        "招聘信息按户籍或籍贯限制求职者。",
        "Remove the household-registration or region condition; state the work place instead.",
        "删除户籍或地域限制；可写明工作地点。",
        # (的 only before an exclusion word: 东北的就算了)
        # (every Chinese pattern names a place, a hukou word or one of these)
        trigger=r"户|籍|生源|老乡|担保|藏区|疆区|" + _PLACE,
        trigger_en=r"\blocal",
    ),
    _r(
        # the applicant's home place or hukou asked for: 简历需附籍贯, 注明户籍所在地
        "region.asked",
        "region_hukou",
        "warn",
        [_ASK + r"(?:籍贯|户[籍藉]所在地|户口所在地|户口性质|户[籍藉]性质|出生地)"],
        "epl_31_hukou",
        "The posting asks for the applicant's home place or household registration.",
        "招聘信息要求求职者提供籍贯或户籍信息。",
        "Do not ask for the home place or hukou; a contact address is enough.",
        "不要要求提供籍贯或户籍信息；填写联系地址即可。",
        trigger=r"籍贯|所在地|性质|出生地",
    ),
    # ---------------------------------------------------------------- ethnicity
    _r(
        "ethnicity.restrict",
        "ethnicity",
        "block",
        [
            r"(?:" + _ONLY + r"|" + _ONLY_TO + r")\s*汉族",
            r"(?:" + _ONLY + r")\s*汉(?:人)?(?![族语字服堡堡口中])",
            _REFUSE + r"\s*(?:新疆|西藏|新、藏|疆、藏|藏、疆|新藏|疆藏)(?:地区)?(?:的|来的)?(?:人员|人)?",
            r"\bhan (?:chinese |ethnicity )?only\b",
            # 汉族 as a bare item of a requirements list: "要求：汉族，25岁以下", "服从安排，汉族，无不良嗜好"
            r"(?:^|(?<=[，,：:；;\s]))汉族(?:人员|人)?(?=\s*(?:[，,；;。)）]|$))",
            r"汉族(?:人)?的来|(?:要|只要|限)\s*汉民|(?<![不非])仅\s*汉族",
            _REFUSE + r"\s*(?:来自)?(?:藏区|疆区)(?:来的|的)?(?:人|人员|求职者)?",
            r"汉族(?:人)?" + _WHO + r"(?:者)?(?:优先|为佳|为宜)",
            _PREFER_FIRST + r"汉族",
            r"民族\s*(?:要求)?\s*[：:]\s*(?:限|须)?\s*汉",
            _REFUSE + r"\s*" + _MINZU,
            r"(?:非汉族|" + _MINZU + r")(?:人)?(?:的)?" + _WHO + _EXCL,
            r"\b(?:han chinese|han)\s+only\b",
            r"\b(?:no|not)\s+(?:uyghurs?|uighurs?|tibetans?|ethnic minorities)\b",
        ],
        "epl_28_labour_12",
        "The posting restricts applicants by ethnic group.",
        "招聘信息按民族限制求职者。",
        "Remove the ethnic condition. A language the job really needs (e.g. Uyghur or Tibetan) may be stated.",
        "删除民族限制；岗位确需的语言能力（如维吾尔语、藏语）可以写明。",
        trigger=r"族|汉|新疆|西藏|疆籍|藏籍|藏区|疆区|回民|藏民|回回|少民|藏",
        trigger_en=r"\bhan\b|uyghur|uighur|tibetan|ethnic",
    ),
    _r(
        "ethnicity.asked",
        "ethnicity",
        "warn",
        [_ASK + r"民族(?!乐|舞|风|文化|特色|地区|团结|政策|宗教|餐|服饰|品牌|工艺|医)"],
        "epl_28_labour_12",
        "The posting asks for the applicant's ethnic group.",
        "招聘信息要求求职者提供民族信息。",
        "Do not ask for the ethnic group.",
        "不要要求提供民族信息。",
        trigger=r"民族",
    ),
    # ---------------------------------------------------------------- marriage / childbearing
    _r(
        "marital.condition",
        "marital_childbearing",
        "block",
        [
            r"(?:已婚已育|已婚已孕|已婚未育|未婚未育|已婚有孩|已育有孩)(?:者)?(?:优先|为佳)?",
            r"(?:" + _ONLY + r"|" + _ONLY_TO + r")\s*(?:已婚|未婚|单身|已育|未育|宝妈)",
            r"(?:说明|提供|告知|填写|询问|了解|如实告知)\s*(?:个人|本人)?(?:的)?(?:婚育|婚姻|生育|婚恋)(?:情况|状况|计划)",
            r"(?:已婚|未婚|单身|已育|未育|宝妈)(?:员工|职工)?" + _WHO + r"(?:者)?" + _PREFERRED,
            _PREFER_FIRST + r"(?:已婚|未婚|单身|已育|未育|宝妈)",
            r"(?:婚姻|婚育)(?:状况|情况)?\s*(?:要求)?\s*[：:]\s*(?:已婚|未婚|单身|已育|未育)",
            r"(?:\d|[一二三两])\s*年内\s*(?:不得|不能|不准|不可|不)\s*(?:申请|要求|计划)?\s*(?:结婚|生育|怀孕|要孩子|生孩子|生小孩)",
            r"(?:不得|不能|不准|不可|不允许|禁止)\s*(?:结婚|生育|怀孕|要孩子|生孩子|生二胎|生小孩)",
            r"(?:无|没有)(?:近期)?(?:生育|怀孕|结婚)(?:计划|打算)",
            r"(?:孕妇|怀孕|孕期|哺乳期|备孕|三期)(?:\s*[、和及与/]\s*(?:孕妇|怀孕|孕期|哺乳期|备孕|三期))*"
            + _PREGNANT_WHO
            + _EXCL,
            r"(?:有|近期有)?(?:生育|怀孕|二胎)(?:计划|打算)" + _EXCL,
            r"(?:妊娠|怀孕|孕)(?:测试|检查|检测)",
            # a proof asked for: 未孕证明, 单身证明
            r"(?:未孕|无孕|未育|未婚|单身)\s*(?:证明|声明|承诺书?)",
            # children named: 已生二胎者优先, 有小孩的不要
            r"(?:已生|已育|生过|育有)\s*(?:二胎|一胎|二孩|孩子|小孩|子女|宝宝)(?:者|的)?" + _PREFERRED,
            r"有\s*(?:小孩|孩子|宝宝|子女|二胎|娃)[^，,。；;]{0,6}?(?:的|者)?" + _WHO + _EXCL,
            # children required: 要生过孩子的, 自己有过孩子
            r"(?:生过|生育过|有过|育有)\s*(?:孩子|小孩|子女|宝宝|娃)",
            # just married, planning a child: 刚结婚的暂不考虑
            r"(?:刚结婚|新婚|刚生完|刚生育|备孕|准备要孩子|计划要孩子)(?:未育)?(?:的|者)?" + _WHO + _EXCL,
            r"(?:招聘|招|录用|只招|只要|要)\s*(?:未婚未育|已婚已育|未婚|已婚|单身|离异|丧偶)(?:或(?:离异|丧偶|单身|未婚|已婚))?(?:的)?",
            r"(?:婚姻状况|婚育状况|婚育情况|婚姻|婚育)\s*(?:证明|声明)",
            r"(?:说明|提供|告知|填写|询问|了解|如实告知|注明)[^，,。；;]{0,6}?(?:婚姻|婚育|生育|婚恋|恋爱)(?:\s*[及和与、]\s*(?:婚姻|婚育|生育|婚恋|恋爱))?"
            r"(?:情况|状况|计划|打算|信息)",
            r"怀孕[^，,。；;]{0,6}(?:视为|属于|按)[^，,。；;]{0,4}(?:不符合录用条件|自动离职|辞退|解除)",
            r"(?:已婚|未婚|单身|已育|未育)\s*[、和及]\s*[^，,。；;]{1,6}?(?:者)?" + _PREFERRED,
            r"\bmarried(?: with (?:kids|children))? (?:preferred|only)\b",
            # a status required or sent away: 需已婚, 已婚人士慎投
            r"(?:需|须|要求|必须)\s*(?:是|为)?\s*(?:已婚已育|已婚|未婚|单身|已育|未育)(?!\s*(?:[、/或和]\s*(?:已婚|未婚))?\s*(?:均可|皆可|都可|不限))",
            r"(?:已婚|未婚|单身|已育|未育|宝妈|离异|丧偶)(?:的)?(?:员工|职工)?" + _WHO + _EXCL,
            r"(?:已婚|未婚|单身|已育|未育|离异|丧偶)的" + _PREFERRED,
            # a status as a bare item of a requirements list: "任职资格：女，未婚，形象气质佳"
            r"(?:^|(?<=[，,：:；;\s]))(?:已婚已育|已婚|未婚|单身|已育|未育)(?=\s*(?:[，,；;。)）]|$))",
            # asked for in the application: 简历中注明婚姻状况, 附婚育信息, 婚否
            _ASK + r"(?:婚姻状况|婚姻情况|婚育(?:情况|状况|信息)?|婚否|是否已婚|生育情况|子女情况)",
            r"婚否",
            r"\b(?:married|single|unmarried)\s+(?:only|preferred|candidates? only|applicants? only)\b",
            r"\b(?:must|should)\s+(?:not\s+)?be\s+(?:married|single|unmarried|pregnant)\b",
            r"\bno (?:plans? )?(?:to get )?pregnan(?:t|cy)\b",
            r"\bpregnancy test\b",
        ],
        "women_43_marriage",
        "The posting makes marriage, pregnancy or childbearing a condition of hiring.",
        "招聘信息将婚姻、怀孕或生育状况作为录用条件。",
        "Remove the marriage and childbearing condition; state working hours or travel the job really needs.",
        "删除婚育条件；如岗位确有出差、倒班等要求，直接写明工作安排。",
        trigger_en=r"married|single|pregnan",
        trigger=r"婚|育|孕|单身|宝妈|孩|娃|子女|二胎|生|恋|离异|丧偶|三期|哺乳|妊娠",
    ),
    # ---------------------------------------------------------------- appearance / height
    _r(
        "appearance.height",
        "appearance_height",
        "warn",
        [
            r"身高\s*(?:要求)?\s*[：:]?\s*(?:在)?\s*(?:(?:男|女)(?:性|生)?\s*)?(?:1[4-9]\d|1\.[5-9]\d?|1\s*米\s*[5-9]\d?)\s*(?:cm|厘米|公分|米|m)?\s*(?:以上|及以上|左右|以下|-\s*1[5-9]\d)?",
            # in Chinese numerals: 身高一米六五以上
            r"(?:身高\s*(?:要求)?\s*[：:]?\s*(?:在)?\s*)?一米[四五六七八九][一二三四五六七八九]?\s*(?:以上|及以上|左右|以下)?",
            r"(?:男|女)?(?:性|生)?\s*(?:1[5-9]\d|1\.[5-9]\d?)\s*(?:cm|厘米|公分|米)\s*(?:以上|及以上)",
            r"体重\s*(?:要求)?\s*[：:]?\s*(?:不超过|以下|在)?\s*\d{2,3}\s*(?:kg|公斤|斤)",
            r"\b(?:height|at least)\s*:?\s*(?:1[5-9]\d|[5-6]'\d{1,2}\")\s*(?:cm)?\b",
        ],
        "epl_26_appearance",
        "The posting sets a height or weight requirement.",
        "招聘信息设定了身高或体重要求。",
        "Keep a height or weight rule only where the state sets one for the job; otherwise remove it.",
        "仅在国家对该岗位有明确标准时保留身高体重要求，否则删除。",
        unless=(
            # (not 保安: no state height standard for security guards)
            r"警察|辅警|特警|武警|消防员|飞行员|空乘|空姐|乘务员|模特(?!经验)|礼仪(?!经验|知识|培训|规范|常识)|仪仗|演员",
        ),
        trigger_en=r"height|at least",
    ),
    _r(
        "appearance.looks",
        "appearance_height",
        "warn",
        [
            r"形象(?:气质)?(?:佳|好|出众|姣好|靓丽)",
            r"(?:五官(?:端正|精致|立体|清秀|好看|标致)|相貌端正|长相(?:甜美|清秀|好|出众|端正)|颜值(?:高|在线|好|佳|担当|过关|出众|要高|能打)|"
            r"外貌(?:佳|好|出众|姣好)|容貌(?:端正|姣好)|身材(?:好|苗条|匀称|高挑|姣好|棒|火辣|性感))",
            r"(?:外形|外貌|相貌|面容|容貌|长相)(?:佳|好|出众|姣好|靓丽|甜美|清秀|俊朗|俊美)|长得(?:好看|漂亮|帅|精神|标致|不错)|"
            r"(?:年轻|长得)漂亮|颜值(?:较|比较|很)?高",
            r"(?:要|只要|限)\s*(?:瘦|苗条|高挑)(?:的|点|一点)|(?:个子|身材|身高)\s*(?:不能|别|不要|不宜)?\s*(?:太|过于)?矮|个子(?:要)?高",
            r"(?:形象|体貌|仪表)端正|(?:招聘|招)\s*美女",
            # tattoos, dyed hair, scars
            r"(?:纹身|文身|染发|烟疤|疤痕|耳洞)(?:\s*[、和及与/]\s*(?:纹身|文身|染发|烟疤|疤痕|耳洞))*(?:的|者)?"
            + _EXCL,
            r"(?:面部|脸上|身上)?(?<!有)(?:无|没有|不能有)\s*(?:明显)?(?:纹身|文身|烟疤|疤痕|伤疤|胎记)",
            r"(?:测量|测)\s*(?:身高|体重)",
            # body types sent away: 不要太胖的, 偏胖者勿扰
            r"(?:不要|不招|谢绝|拒绝|不收)\s*(?:太|过于|过|偏|较|特别)?(?:胖|肥胖|矮|丑)(?:的|者|子)?",
            r"(?:太|过于|过|偏)?(?:胖|肥胖|矮)(?:子|的|者)" + _EXCL,
            # photos of the body asked for: 面试需提供近期全身照及生活照
            _ASK
            + r"(?:全身照|生活照|艺术照|素颜照|半身照|全身相片|身材照|身高|体重|三围|素颜自拍|自拍|近照(?!顾|料|明|射)|美颜照|对比照)",
            r"(?:美颜|素颜)[^，,。；;]{0,4}(?:对比)?照",
            r"肤白|貌美|漂亮(?:的)?(?:女孩|女生|女士|妹子)",
            r"\b(?:attractive|good[- ]looking|pretty|beautiful)\s+(?:appearance|candidates?|applicants?|girls?|women|ladies)\b",
            r"\bpleasant appearance\b",
        ],
        "epl_26_appearance",
        "The posting asks for a pleasing appearance.",
        "招聘信息对外貌提出要求。",
        "Describe the grooming or presentation the job needs (e.g. 着装整洁) instead of looks.",
        "用岗位需要的仪容仪表（如“着装整洁、举止得体”）代替对相貌的要求。",
        replace_zh="仪表整洁",
        replace_en="well presented",
        fields=(
            "title",
            "description",
            "requirements",
        ),  # in a benefits list (颜值高团队) it describes colleagues
        unless=(
            r"模特(?!经验)|演员|礼仪(?!经验|知识|培训|规范|常识)|空乘|空姐|乘务员|仪仗|团队|同事|伙伴|帅哥|美女如云",
        ),
        trigger_en=r"attractive|looking|pretty|beautiful|appearance",
        trigger=r"形象|五官|相貌|长相|颜值|外貌|容貌|身材|肤白|貌美|漂亮|胖|矮|丑|照|身高|体重|三围|纹身|文身|染发|烟疤|疤痕|耳洞|胎记|伤疤|个子|"
        r"体貌|仪表|美女|瘦|苗条|高挑|外形|面容|长得|自拍",
    ),
    # ---------------------------------------------------------------- health
    _r(
        "health.hbv_hiv",
        "health",
        "block",
        [
            r"乙肝[^，,。；;]{0,4}(?:体检)?(?:过不了|不合格|通不过|不通过)",
            r"(?:乙肝|乙型肝炎|大三阳|小三阳|hbv|两对半|乙肝五项)(?:病毒)?(?:表抗|表面抗原|e抗原)?(?:携带者?|带菌者?|阳性|感染者?|患者)?"
            + _WHO
            + _EXCL,
            r"(?:不招|不要|谢绝|拒绝|不录用|不考虑|排除)\s*(?:乙肝|乙型肝炎|大三阳|小三阳|hbv|艾滋|hiv)",
            r"(?:无|非|没有|排除)\s*(?:乙肝|乙型肝炎|大三阳|小三阳|hbv|两对半|乙肝五项|艾滋病?|hiv)",
            r"(?:乙肝|乙肝五项|两对半|hbv|hiv|艾滋病?)(?:表面抗原|e抗原|抗原|抗体|dna)?(?:检查|检测)?\s*[：:]?\s*(?:须|需|必须|要求)?(?:为)?\s*"
            r"(?:全)?阴(?:性)?",
            r"有\s*(?:乙肝|肝炎|艾滋病?|hiv)(?:的|者)?" + _EXCL,
            r"(?:肝炎)(?:病毒)?(?:携带者?|携带的|带菌者?|患者)?" + _WHO + _EXCL,
            r"(?:艾滋病?|hiv)(?:病毒)?(?:感染者|携带者|阳性|患者)?" + _WHO + _EXCL,
            r"\b(?:no|not)\s+(?:hepatitis b|hbv|hiv)\b",
            r"\b(?:hepatitis b|hbv|hiv)\s*(?:carriers?|positive)?\s*(?:not accepted|need not apply|excluded)\b",
        ],
        "epl_30_hbv",
        "The posting excludes carriers of hepatitis B or HIV, or asks for their test.",
        "招聘信息排斥乙肝、艾滋病病毒携带者或要求相关检测。",
        "Remove the condition. Only jobs the health authority lists may test for hepatitis B; a food-handler "
        "health certificate may be asked for.",
        "删除该条件。仅国家卫生部门规定的岗位可检查乙肝项目；食品从业可要求健康证。",
        trigger=_HBV_TRIGGER,
        trigger_en=r"hepatitis|hbv|hiv",
    ),
    _r(
        # asking for the test (体检包括乙肝五项, 需查HIV). Not when negated (体检不含乙肝项目, 无需检查乙肝), voluntary
        # (乙肝项目为自愿) or said not to count (结果不影响录用), nor in jobs about the diseases (疫苗研发, 检验科).
        "health.hbv_test",
        "health",
        "block",
        [
            r"(?:检查|检测|化验|筛查|查|包括|包含|含|项目\s*[：:])(?:但不限于|有)?\s*(?:[^，,。；;、\s]{1,8}\s*[、和及与/]\s*){0,5}"
            + _HBV_HIV
            + _NOT_ABOUT_DISEASE,
            r"(?:做|进行)\s*" + _HBV_HIV + r"(?:病毒)?(?:抗体)?\s*(?:检查|检测|筛查|化验)",
            # a report of the test asked for: 提供乙肝两对半检测报告
            _HBV_HIV + r"(?:病毒)?(?:抗体)?\s*(?:检查|检测|筛查|化验)?\s*(?:报告|证明|化验单|结果)",
            _HBV_HIV + r"(?:病毒)?(?:抗体)?\s*(?:检查|检测|筛查|化验|项目)?\s*(?:为|是|属|列为)?\s*"
            r"(?:必查|必检|必做|必选|强制|必须(?:检查|检测|做|查)|需做|须做)",
            r"\b(?:hepatitis b|hbv|hiv)\s+(?:test|screening)\b",
        ],
        "epl_30_hbv",
        "The posting asks for a hepatitis B or HIV test at hiring.",
        "招聘信息要求入职时检测乙肝或艾滋病项目。",
        "Remove the test. Only jobs the health authority lists may test for hepatitis B; a food-handler "
        "health certificate may be asked for.",
        "删除该检测要求。仅国家卫生部门规定的岗位可检查乙肝项目；食品从业可要求健康证。",
        negated_by=r"(?:不|不会|不再|无需|无须|不需|不需要|不用|免|从不|并不|均不|也不|未|没有)\s*(?:要求|进行|安排|做)?\s*",
        unless=(r"研究|研发|试剂|疫苗|实验室|检验|疾控|临床|流行病|科研|防治|诊断",),
        check="test_compulsory",
        scope="clause",
        trigger=_HBV_TRIGGER,
        trigger_en=r"hepatitis|hbv|hiv",
    ),
    _r(
        # a history of mental or other illness sent away: 有精神病史、癫痫病史者勿扰, 不招有抑郁症病史的. A warning: a
        # job may have a genuine fitness standard (a moderator judges); food handling follows the health-certificate law.
        "health.history",
        "health",
        "warn",
        [
            r"(?:有|患有|患过|曾患)?\s*"
            + _ILL
            + r"(?:史|病史)?(?:\s*[、和及与或/]\s*(?:有)?\s*"
            + _ILL
            + r"(?:史|病史)?)*"
            r"(?:的)?(?:人员|患者|人士)?" + _WHO + _EXCL,
            _REFUSE + r"\s*(?:有|患有|患过)?\s*" + _ILL,
            # a history asked to be absent (主播，无抑郁症病史; 无肝炎) — not 无传染病, which food work may lawfully ask
            r"(?<!有)(?:无|没有)\s*(?:精神病|精神疾病|抑郁症|焦虑症|癫痫|心脏病|癌症|肝炎)(?:病史|史)?",
            r"(?:既往|以往)病史\s*[：:]",
            # any illness sent away: 有病的不要, 有糖尿病的不考虑
            r"有\s*[\u4e00-\u9fff]{0,5}?(?:病|症)(?:史)?(?:的|者)" + _EXCL,
            # the applicant's medical history or report asked for: 简历中请说明既往病史, 上传体检报告
            _ASK + r"(?:既往病史|病史|体检报告|健康状况|体检结果|病历)",
            r"(?:上传|附|提交|提供)[^，,。；;]{0,12}(?:体检报告|病历)",
        ],
        "epl_3_26",
        "The posting excludes applicants for a past or present illness.",
        "招聘信息以病史或疾病排斥求职者。",
        "Remove the exclusion; state the health certificate the law requires for the job, if any.",
        "删除排斥性条件；如法律对该岗位有健康要求，写明需持有的健康证明即可。",
        unless=(r"食品|餐饮|厨|健康证|研究|研发|试剂|药|临床|诊断|治疗|康复|护理",),
        check="not_a_duty",
        trigger=_ILL + r"|病|症|肝炎|体检|病史|病历|健康状况",
    ),
    # ---------------------------------------------------------------- disability
    _r(
        "disability.exclude",
        "disability",
        "block",
        [
            _REFUSE + r"\s*(?:残疾人?|残障人?士?|身体残疾|残废|聋哑人?|" + _IMPAIRED + r")",
            r"(?:残疾|残障|残废|身体残疾|身有残疾|聋哑|持(?:有)?残疾(?:人)?证|"
            + _IMPAIRED
            + r")(?:人|者|的)?(?:员|士)?"
            + _WHO
            + _EXCL,
            r"(?:无|没有|非)\s*(?:任何)?(?:身体)?(?:残疾|残障|残缺|身体缺陷|生理缺陷)",
            r"(?:有)?(?:身体)?(?:残缺|残疾证持有者|残疾人证持有者)(?:的|者)?" + _WHO + _EXCL,
            r"对\s*(?:残疾|残障)[^，,。；;]{0,4}不(?:太)?适合",
            # impairments in a list sent away: 瘸子、哑巴不要; 独眼、斜视的不要
            r"(?:"
            + _IMPAIRED
            + r"|残疾人?)(?:的|者)?(?:\s*[、和及与/]\s*(?:"
            + _IMPAIRED
            + r"|残疾人?)(?:的|者)?)+"
            + _WHO
            + _EXCL,
            r"不适合\s*(?:残疾|残障|" + _IMPAIRED + r")",
            # an impairment ruled out as a condition or turned away politely: 走路不能跛, 坐轮椅的不太方便，抱歉
            r"(?:不能|不得|不可|不准)\s*(?:有)?\s*(?:明显|严重)?(?:的)?\s*(?:跛行|跛脚|跛|瘸|口吃|结巴|残疾|残缺)",
            r"(?:"
            + _IMPAIRED
            + r"|残疾人?)(?:的|者)?"
            + _WHO
            + r"\s*(?:不太|不)方便[^。；;]{0,4}?(?:抱歉|见谅|不好意思|请理解)",
            r"(?:无|没有)\s*(?:口吃|结巴)",
            r"\b(?:no|not)\s+(?:disabled|handicapped)\b",
            r"\b(?:disabled|handicapped)\s+(?:persons?|people|applicants?)?\s*(?:need not apply|not accepted)\b",
        ],
        "epl_29_disability",
        "The posting excludes persons with disabilities.",
        "招聘信息排斥残疾人。",
        "Remove the exclusion; state the tasks of the job so applicants can judge (reasonable accommodation).",
        "删除排斥性条件；写明岗位工作内容，便于求职者判断（合理便利）。",
        trigger_en=r"disabled|handicapped",
        trigger=r"残|聋|哑|瘸|跛|独眼|斜视|盲|不便|不全|听不见|说话不利索|口吃|结巴|轮椅|智障|弱智|障碍|缺陷|不佳",
    ),
    _r(
        # colour vision asked for without a reason the job gives (驾驶员需无色盲 under the licence rules is lawful)
        "disability.colour_vision",
        "disability",
        "warn",
        [
            r"(?:无|没有|不能有|非)\s*(?:色盲|色弱)(?:\s*[、和及与/]?\s*(?:色盲|色弱))?|辨色(?:力)?正常|色觉正常"
        ],
        "epl_29_disability",
        "The posting asks for normal colour vision; that may exclude persons with a disability.",
        "招聘信息要求色觉正常，可能排斥残疾人。",
        "Keep it only where the job needs it (driving, electrical work, laboratory colour tests), with the reason.",
        "仅在岗位确需辨色（驾驶、电工、化验等）时保留，并写明理由。",
        unless=(
            r"驾|司机|电工|电气|电力|化验|检验|印刷|美术|设计|飞行|消防|警|铁路|航空|船员|调色|配色|色彩",
        ),
        trigger=r"色",
    ),
    _r(
        "disability.able_bodied",
        "disability",
        "warn",
        [r"(?:四肢|肢体|身体|五官|手脚|双手|双脚|手足)(?:健全|无缺陷|完整)", r"\bable[- ]bodied\b"],
        "epl_29_disability",
        "The posting asks for an able body; that may exclude persons with disabilities.",
        "“身体健全”类要求可能排斥残疾人。",
        "Name the physical tasks of the job (e.g. lifting 20 kg) instead of an able body.",
        "写明岗位的具体体力任务（如“需搬运20公斤货物”），不要笼统要求身体健全。",
        trigger_en=r"bodied",
    ),
    # ---------------------------------------------------------------- fees and deposits
    _r(
        "fees.deposit",
        "fees_deposits",
        "block",
        [
            r"(?:押金|保证金|风险金|抵押金|服装押金|工装押金|诚信金|质保金)",
            r"\b(?:security |refundable |equipment |uniform )?deposit\b",
        ],
        "fees_lcl9_esem14",
        "The posting asks workers for a deposit or guarantee money.",
        "招聘信息要求求职者缴纳押金或保证金。",
        "Remove the deposit: an employer may not take money or a guarantee from workers.",
        "删除押金要求：用人单位不得以任何名义向劳动者收取财物或要求担保。",
        replace_zh="无需缴纳任何费用",
        replace_en="no fees of any kind",
        negated_by=_NEG_FEE,
        check="fee_demanded",
        scope="clause",
    ),
    _r(
        "fees.charge",
        "fees_deposits",
        "block",
        [
            r"(?:培训费|服装费|工装费|工作服费|工服费|制服费|工本费|工牌费|装备费|设备费|报名费|介绍费|中介费|建档费|上岗费|资料费|办卡费|办证费|管理费|押证|入职费|会员费|信息费|考试费|材料费|"
            r"中介服务费|推荐费|岗位费|付费培训|收费培训)",
            # a cost laid on the applicant: 体检费用260元由个人先行缴纳, 服装费自己承担
            r"(?:费用|[\u4e00-\u9fff]{1,4}费)(?=\s*(?:\d+\s*元)?\s*(?:由|需|须)?\s*(?:个人|本人|自己|求职者|应聘者|员工|学员)\s*"
            r"(?:先行|自行|先|自)?\s*(?:缴纳|承担|支付|垫付|交纳|负担|交|缴|付))",
            r"\b(?:training|registration|application|uniform|processing|placement|starter kit|onboarding|admin(?:istration)?)\s+fees?\b",
            r"\bpay (?:for|a fee for) (?:your )?(?:uniform|kit|training|registration|background check)\b",
        ],
        "fees_lcl9_esem14",
        "The posting charges workers a fee or keeps their papers.",
        "招聘信息向求职者收取费用或扣押证件。",
        "Remove the fee: the employer bears uniform, training and hiring costs and may not keep ID papers.",
        "删除收费内容：工装、培训、招聘费用由用人单位承担，不得扣押证件。",
        replace_zh="公司承担相关费用",
        replace_en="all costs paid by the employer",
        negated_by=_NEG_FEE,
        check="fee_demanded",
        scope="clause",
    ),
    _r(
        "fees.keep_papers",
        "fees_deposits",
        "block",
        [
            # the keeping verb first: 扣押身份证, 统一保管员工证件
            r"(?:扣押|押|扣留|暂扣|收押|上交|保管|代管|收走|留存|暂存|抵押)\s*(?:员工|求职者|本人|个人|劳动者)?(?:的)?\s*"
            r"(?:" + _PAPERS + r"|原件)" + _NOT_A_COPY,
            # the papers first: 身份证交公司保管, 毕业证原件由人事统一保管, 工资卡押在公司
            _PAPERS
            + _NOT_A_COPY
            + r"(?:原件)?(?:(?!复印|本人|自己|个人|自行|退还|归还|返还)[^，,。；;]){0,10}?"
            r"(?:保管|代管|扣押|扣留|暂扣|留存|暂存|收存|存放|抵押|作押|押在|押于|收走|"
            r"(?:放|留|存|押|压)(?:在|于|到)?\s*(?:公司|单位|我司|人事|财务|店里|厂里|老板|店长|主管|hr))",
            r"\b(?:hold|keep|retain|surrender|hand over)\s+(?:your |the |their )?(?:passports?|id cards?|identity cards?|"
            r"documents|papers|bank cards?)\b(?!\s+(?:safe|secure|private|confidential|up to date|ready|with you))",
            r"\b(?:passports?|id cards?|identity cards?|documents|papers|bank cards?)\s+(?:will be|are|is|must be)\s+"
            r"(?:kept|held|retained|surrendered)\b",
        ],
        "lcl_9_84_papers",
        "The posting says the employer will keep the worker’s ID or certificates.",
        "招聘信息要求扣押求职者的身份证或其他证件。",
        "Remove it: an employer may not keep workers' identity cards or other papers (Labour Contract Law art. 9).",
        "删除该内容：用人单位不得扣押劳动者的居民身份证和其他证件。",
        replace_zh="入职时查验证件原件后当场退还",
        replace_en="papers are checked and handed back",
        negated_by=r"(?:"
        + _NEG_FEE
        + r"|(?:不|不会|不得|从不|决不|请勿|切勿|勿|妥善|自行|自己|本人|个人|注意)\s*"
        + r"|\b(?:not|never|don't|do not|won't|will not|doesn't|does not)\s+)",
        check="not_a_duty",
        scope="clause",
        trigger=r"证|卡|照|户口|原件",
    ),
    _r(
        "fees.medical",
        "fees_deposits",
        "warn",
        [r"体检费(?:用)?", r"\bmedical (?:check|exam(?:ination)?) fee\b"],
        "fees_lcl9_esem14",
        "The posting makes the worker pay for the pre-employment medical.",
        "招聘信息要求求职者承担入职体检费用。",
        "Say that the employer pays for the medical examination.",
        "写明入职体检费用由公司承担。",
        replace_zh="体检费用由公司承担",
        replace_en="medical paid by the employer",
        negated_by=_NEG_FEE,
        check="fee_demanded",
        scope="clause",
    ),
    # ---------------------------------------------------------------- training loans
    _r(
        "training.loan",
        "training_loan",
        "block",
        [
            r"助学分期|(?:先|可)(?:就业|上岗|入职|工作)后?(?:再)?(?:付款|付费|还款|交学费)|培训贷|贷款(?:培训|学习|学费)|(?:学费|培训费)?(?:分期|贷款)(?:付款|支付|缴纳)?(?:学费|培训费)|(?:助学|培训)贷款.{0,10}(?:培训|上岗|就业|推荐|工作)|先学习后付款|0元入学|零元入学|学费(?:分期|贷款|后付)",
            r"(?:先|需|须|要)(?:交|缴|付)(?:纳)?(?:培训费|学费|课程费)",
            r"招转培|(?:先|需)(?:参加|完成)?(?:付费|收费)?培训.{0,4}(?:后|再)(?:上岗|就业|推荐|安排工作|入职)",
            r"\b(?:training|tuition|course) (?:loans?|financing|paid in instal?ments)\b",
            r"\bpay for (?:the |your )?(?:training|course) (?:before|first|upfront)\b",
            # the fee, then a loan or instalments within the clause: 学费可贷款, 培训费用支持分12期, 课程费可申请月供
            _COURSE_FEE
            + r"(?:(?!不|无|免|没有)[^，,。；;]){0,8}?"
            + r"(?:贷款|分期|借贷|借款|信用贷|月供|白条|花呗|先学后付|后付|分\s*\d+\s*期|垫付)",
            # a loan or instalments paying the fee: 通过贷款支付培训费, 分期缴纳学费
            r"(?:贷款|分期|借款|月供)(?:的)?(?:方式)?\s*(?:支付|缴纳|交纳|缴|付|交|抵扣)\s*" + _COURSE_FEE,
            r"\b(?:tuition|training fees?|course fees?)\b[^,.;]{0,40}\b(?:loans?|instal?ments|financ(?:e|ing)|pay later)\b",
        ],
        "training_loan",
        "The posting recruits into paid training or a training loan.",
        "招聘信息以招聘为名推销培训或培训贷款。",
        "A job posting must offer a job. Paid courses and loans are not recruitment.",
        "招聘信息应提供真实岗位；收费课程和贷款不属于招聘。",
        negated_by=r"(?:(?:无|不|没有|绝无|拒绝|谨防|警惕|杜绝|严禁|禁止|不会|不需|无需|不用|远离|识别)\s*(?:任何)?\s*"
        r"|\b(?:no|not|never|without)\s+)",
        scope="clause",
        trigger=r"贷|分期|学费|培训|课程|入学|学习|月供|借款|招转培|教材|付款|付费|还款",
    ),
    _r(
        # recruit-to-train: a course that ends in a job "recommended" or "guaranteed", no job offered now
        "training.recruit_to_train",
        "training_loan",
        "warn",
        [
            r"(?:培训|学习|学成|结业|毕业|考核|考试|课程)(?:(?!不|无|没有|并非)[^，,。；;]){0,8}?"
            r"(?:推荐就业|包就业|包分配|安排就业|保证就业|保就业|推荐工作|推荐上岗|包工作|推荐入职)",
            # (包分配 alone is also 包分配宿舍 / a job placed by an agency: only after a course, above)
            r"(?<!不)(?:包就业|保就业|保证就业|包推荐工作)",
            r"\b(?:job|employment|placement) guarantee(?:d)? after (?:the )?(?:training|course)\b",
        ],
        "training_loan",
        "The posting offers a course that leads to a job later, not a job now (recruit-to-train).",
        "招聘信息以培训后推荐或保证就业为名招收学员（招转培）。",
        "Post the job itself with its pay and duties; courses belong elsewhere.",
        "请发布真实岗位及其薪酬和职责；培训课程不应作为招聘信息发布。",
        negated_by=r"(?:不|无|没有|并非|绝非)\s*",
        check="not_a_duty",
        scope="clause",
        trigger=r"就业|分配|推荐工作|包工作|推荐上岗|推荐入职",
        trigger_en=r"guarantee",
    ),
    # ---------------------------------------------------------------- contact off the platform
    _r(
        "contact.off_platform",
        "contact_off_platform",
        "warn",
        [
            r"(?<![增参追附更施])(?:加|添加|联系|私信|咨询|私聊|详聊)\s*(?:我的?|本人|hr|人事|客服|老师)?\s*(?:的)?\s*(?:微信|vx|v信|wx|薇信|威信|徽信|qq|扣扣|企鹅|v|飞机|tg|telegram|whatsapp)(?![a-z])",
            r"(?:微信|vx|v信|wx|薇信|威信|徽信|qq|扣扣)\s*(?:号)?\s*[：:]\s*[\w-]{5,}",
            r"(?:微信|qq)\s*(?:同号|号同)|扫(?:描)?(?:二维)?码\s*(?:加|添加|进群|入群|联系)|(?:qq|微信)群\s*[：:]?\s*\d{5,}",
            r"(?<![增参追附更施])(?:添加|加)\s*[^，,。；;\s]{1,6}?(?:的)?\s*(?:微信|vx|v信|wx|薇信|威信|徽信|qq|扣扣|企鹅)(?![a-z]|小程序|公众号)",
            r"扫(?:描)?[^，,。；;]{0,6}?(?:二维)?码[^，,。；;]{0,6}?(?:加|添加|进群|入群|加入|联系|关注)",
            r"(?:加入|进入?|拉你进)\s*(?:我们的)?(?:求职|招聘|兼职|工作|内推|微信|qq|粉丝)群",
            r"(?<![\da-z])1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?![\da-z])",
            # the platform itself pushed aside: 平台上不方便说, 不看平台消息, 私信我发你联系方式, 下载某App联系客服领取岗位
            r"平台(?:上|里)?(?:不方便|不便)(?:说|聊|沟通|谈|透露)|不(?:看|回|回复)平台(?:的)?(?:消息|信息|私信)|"
            r"(?:私下|平台外|线下)(?:联系|沟通|交易|对接)|(?:私信|联系|私聊)我[^。；;]{0,6}?(?:发|给)你[^，,。；;]{0,3}?(?:联系方式|电话|微信|号码)|"
            r"下载[^，,。；;]{0,12}?(?:app|软件|客户端)[^，,。；;]{0,8}?(?:联系客服|领取岗位|领取工作|查看岗位)|"
            r"(?<![\da-z])1[3-9]\d\*{4}\d{4}(?![\da-z])",
            r"\b(?:contact|message|text|reach|add)\s+(?:me|us)\s+(?:on|via|at|through)\s+(?:whatsapp|telegram|wechat|skype|signal|kik|personal email)\b",
            r"\b(?:whatsapp|telegram|signal)\s*(?:me|us|only|:|\+?\d)",
        ],
        "online_recruitment_contact",
        "The posting moves contact off the platform.",
        "招聘信息引导求职者到平台外联系。",
        "Let applicants apply and talk through the platform; the registered contact is shown to them.",
        "请通过平台接收简历和沟通；平台会向求职者显示登记的联系方式。",
        replace_zh="请通过平台投递简历",
        replace_en="apply through the platform",
        check="not_registered_contact",
        scope="clause",
    ),
    # ---------------------------------------------------------------- brushing and easy-money schemes
    _r(
        "brushing.scheme",
        "brushing",
        "block",
        [
            # paid per like, follow, review or sign-up, or for idling in a live room: 点赞关注一个3元, 好评员, 挂人气
            r"好评员|评价员|挂人气|(?:直播间|抖音|快手)[^，,。；;]{0,6}挂机|"
            r"(?:点赞|关注|评论|收藏|注册|下载)[^。；;]{0,10}?(?:一个|每个|一单|每单|一次|每次|一条|每条)\s*\d+(?:\.\d+)?\s*(?:元|块)",
            r"刷单|刷信誉|刷好评|刷销量|刷流水|刷粉|点赞员|关注员(?!工)|淘宝补单|补单员|垫付|先垫|做任务.{0,4}(?:返|佣金)|任务佣金|返佣|拉人头",
            # the principal paid back with a commission: 本金+佣金当场返还; order-placing roles: 做单员, 按要求下单返利
            r"本金\s*[+＋和及与]\s*佣金|(?:返还|退还|返)\s*本金|本金[^，,。；;]{0,4}(?:返还|返|退还)|做单员|"
            r"(?:按要求|按照要求)[^，,。；;]{0,4}下单|下单[^，,。；;]{0,6}(?:返利|返现|返佣)",
            r"\b(?:order brushing|fake reviews?|click (?:on )?ads|like and (?:review|subscribe) (?:jobs?|tasks?)|reshipping|package forwarding|advance (?:the )?payment|prepay(?:ment)?|task commission)\b",
        ],
        "brushing_fraud",
        "The posting describes a brushing or task-commission scheme (fake orders, reviews or advance payments).",
        "招聘信息涉及刷单、垫付或做任务返佣等诈骗常见形式。",
        "Fake transactions and advance payments are unlawful; such postings are not published.",
        "虚构交易和垫付属违法或诈骗，此类信息不予发布。",
        negated_by=_NEG_BRUSHING,
        unless=(
            r"学费|培训费|课程费",
        ),  # a course fee advanced by a lender is a training loan (training.loan)
        scope="clause",
    ),
    _r(
        # fake orders placed for merchants (补单, 拍单, 冲单, 刷量): helping a shop to them, a role named after them,
        # or them paid by commission. 补单 alone is also a real after-sales word (补单发货), so not alone.
        "brushing.fake_orders",
        "brushing",
        "block",
        [
            r"(?:帮|帮助|协助|替|为|给)\s*(?:各大|各类)?\s*(?:网店|电商|淘宝|天猫|京东|拼多多|抖音|快手)?\s*"
            r"(?:商家|店铺|卖家|店家|网店|商户|店主|主播)\s*(?:进行|做|完成|在线)?\s*" + _FAKE_ORDER,
            _FAKE_ORDER + r"(?:员|手|客|兼职|任务|小时工)",
            _FAKE_ORDER + r"[^。；;!！?？\n]{0,12}?(?:佣金|返佣|返现|返款|提成|日结|本金|垫付|返还)",
            r"(?:点赞|关注|好评|收藏|加购)(?!度|率|员工|客户|行业|用户)[^，,。；;]{0,4}?(?:任务|返佣|佣金|返现)",
        ],
        "brushing_fraud",
        "The posting describes a brushing or task-commission scheme (fake orders, reviews or advance payments).",
        "招聘信息涉及刷单、补单等虚构交易或做任务返佣。",
        "Fake transactions and advance payments are unlawful; such postings are not published.",
        "虚构交易和垫付属违法或诈骗，此类信息不予发布。",
        negated_by=_NEG_BRUSHING,
        unless=(r"售后|漏发|错发|补发|退换货|物流|风控",),
        scope="clause",
        trigger=r"补单|刷|点赞|关注|好评|收藏|加购",
    ),
    _r(
        "brushing.easy_money",
        "brushing",
        "warn",
        [
            r"(?:轻松|在家|动动手指|躺着|躺赚|足不出户).{0,6}(?:月入|日入|日赚|日结|赚钱|过万|兼职)|日赚\d{3,}|日入\d{3,}|日结\s*\d{3,}|(?:手机|网络|打字)兼职|月入过万|躺赚|无需经验.{0,6}日结",
            r"\b(?:earn|make)\s+\$?\d{3,}\s*(?:per|a|/)\s*(?:day|hour)\b|\bwork from home\b.{0,40}\$\d{3,}|\bno experience (?:needed|required)\b.{0,40}\$\d{3,}|\beasy money\b",
        ],
        "brushing_fraud",
        "The posting promises easy money, a pattern common in job scams.",
        "招聘信息宣称轻松高收入，常见于诈骗。",
        "State the real duties, pay and working hours.",
        "写明真实的工作内容、薪酬和工作时间。",
    ),
)

# Categories a `PostingText` must carry (checked in rules.check_missing_fields, not with patterns).
MANDATORY_CODE = "missing.field"

# ---------------------------------------------------------------------------------------------------- English
# English families (the rules above hold a few English alternatives; these cover the shapes ads use). A group of
# people `X` is restricted (X only, must be X, open to X only), preferred (X preferred, ideally X) or excluded (no X,
# X need not apply, X will not be considered, not suitable for X); groups named by a condition come after a person
# word (candidates with chronic illness, applicants with disabilities). Lawful mentions: equal-opportunity lists
# (without regard to … marital status, disability), "regardless of", "all ages", maternity leave, positive action
# (applicants with disabilities / minorities are encouraged or preferred: not matched), and bona fide requirements
# stated with a reason (changing rooms, models, a requirement set by law or regulation).
_EN_PEOPLE = (
    r"(?:candidates?|applicants?|people|persons?|individuals?|workers?|staff|employees?|job ?seekers?|talents?|"
    r"graduates?|ones|those|hires?)"
)
_EN_ONLY_AFTER = r"(?:(?:candidates?|applicants?|people|persons?|staff|workers?)\s+)?(?:only|exclusively)\b"
_EN_PREF_AFTER = (
    r"(?:(?:candidates?|applicants?|people|persons?|staff|workers?)\s+)?(?:(?:are|is|will be|strongly|highly|much)\s+)*"
    r"(?:preferred|prefered|favou?red|(?:is|are|would be) (?:a )?(?:plus|bonus|must|advantage)|given (?:priority|preference)|"
    r"(?:have|get) priority|required|wanted|needed)\b"
)
_EN_EXCL_AFTER = (
    r"(?:(?:please|kindly)\s+)?(?:need not|needn't|should not|shouldn't|may not|cannot|can't|do not|don't|must not)\s+apply|"
    r"(?:will|would|shall)\s+not\s+be\s+(?:considered|accepted|hired|employed|eligible|shortlisted)|"
    r"won't be (?:considered|accepted|hired)|(?:are|is)\s+(?:not|ineligible)\b(?:\s+(?:eligible|considered|accepted|"
    r"suitable|welcome))?|not (?:accepted|considered|eligible|suitable|welcome)|(?:are|will be)\s+(?:excluded|rejected)|"
    r"need not|excluded"
)
_EN_ONLY_BEFORE = (
    r"(?:only|must be|must hold|should be|has to be|have to be|needs? to be|required to be|open only to|only open to|"
    r"restricted to|limited to|reserved for|exclusively for|ideally|preferably|seeking|looking for|we want|we need|"
    r"(?:we )?(?:only )?(?:hire|hiring|accept|accepting|recruit|recruiting) only|only (?:hire|hiring|accept|accepting|recruit)|"
    r"must be (?:a|an)|prefer(?:ence for|ably)?)"
)
_EN_EXCL_BEFORE = (
    r"(?:no|not suitable for|unsuitable for|not open to|not for|we (?:do not|don't|will not|won't|cannot|can't) "
    r"(?:hire|accept|employ|consider|recruit|take)|unable to (?:hire|accept|consider|employ)|no (?:room|place) for)"
)
_EN_ART = r"(?:(?:a|an|any|the)\s+)?"
# what ends the group: a word that names products or customers, not the worker
_EN_NOT_PRODUCT = (
    r"(?!'s|’s|\s*[-/]\s*(?:owned|led|focused|friendly)|\s+(?:clothing|fashion|health|products?|apparel|wear|"
    r"customers?|clients?|patients?|users?|audiences?|shoppers?|consumers?|market|segment|readers?|students?|players?|"
    r"athletes?|children|team members are|owned|led)\b)"
)
_EN_NEGATED = (
    r"\b(?:not|never|no need to|regardless of|irrespective of|without regard to|whether|nor)\b[^,.;:]{0,40}"
)
# equal-opportunity statements list every ground; the whole list is lawful
_EN_EEO = (
    r"\b(?:without regard to|regardless of|irrespective of|not discriminate|no discrimination|discriminat\w*\s+"
    r"(?:on the basis of|based on|because of|against)|protected (?:by law|characteristics?|status)|on the basis of|"
    r"equal (?:employment )?opportunit(?:y|ies)|we welcome (?:applicants|candidates|people) of)\b[^.;]{0,400}"
)
# a bona fide requirement stated with its reason or a job where the law itself separates
_EN_BONA_FIDE = (
    r"\b(?:changing rooms?|locker rooms?|fitting rooms?|women's shelter|female (?:inmates|patients|residents)|"
    r"male (?:inmates|patients|residents)|models?|modell?ing|actors?|actress(?:es)?|casting|role of|"
    r"required by (?:law|regulation)|statutory requirement|regulatory requirement|by law|civil aviation|caac|"
    r"pilots?|cabin crew|flight attendants?|police|firefighters?|armed forces|military)\b"
)
# an age set by a funded scheme for young people (UK apprenticeships 16-18, volunteering programmes 18-25)
_EN_AGE_SCHEME = (
    r"\b(?:apprentice(?:ship)?s?|traineeships?|government funding|funded (?:scheme|programme|program)|school leavers|"
    r"volunteering (?:programme|program)|youth (?:programme|program|scheme|employment scheme))\b"
)
# intimate personal care of one client: a warning for a moderator, as 月嫂 / 母婴护理 in Chinese
_EN_CARE_SOFTEN = (
    r"\b(?:personal care|caregiver|care ?giver|carer|companion|nanny|babysitter|bathing|toileting)\b",
)
_EN_G = r"(?P<g>males?|females?|men|women|man|woman|gentlemen|ladies|lady|girls?|boys?|guys)"


def _en_group(x: str, *, prefer: bool = True, restrict: bool = True, exclude: bool = True) -> list[str]:
    """The English shapes for a group of people `x` (a regex naming them, products and customers left out)."""
    out = []
    if restrict:
        out.append(r"\b" + x + r"(?:\s+" + _EN_PEOPLE + r")?\s*(?:[-–—:,]\s*)?" + _EN_ONLY_AFTER)
        out.append(r"\b" + _EN_ONLY_BEFORE + r"\s+" + _EN_ART + x + r"\b")
    if prefer:
        out.append(r"\b" + x + r"(?:\s+" + _EN_PEOPLE + r")?\s*(?:[-–—:,]\s*)?" + _EN_PREF_AFTER)
    if exclude:
        out.append(r"\b" + x + r"(?:\s+" + _EN_PEOPLE + r")?\s+(?:" + _EN_EXCL_AFTER + r")")
        out.append(r"\b" + _EN_EXCL_BEFORE + r"\s+" + _EN_ART + x + r"\b")
    return out


def _en_with(x: str) -> list[str]:
    """A group named by a condition after a person word: candidates with chronic illness need not apply, not
    suitable for people with epilepsy, must not have any disability."""
    who = (
        r"(?:"
        + _EN_PEOPLE
        + r"|anyone|anybody|someone)\s+(?:with|who (?:have|has|suffer from|are living with))\s+"
    )
    return [
        r"\b"
        + who
        + _EN_ART
        + r"(?:(?:known|serious|major|physical|mental|visible)\s+)?"
        + x
        + r"\s+(?:"
        + _EN_EXCL_AFTER
        + r")",
        r"\b" + _EN_EXCL_BEFORE + r"\s+" + who + _EN_ART + x + r"\b",
        r"\b(?:must|should)\s+(?:not\s+(?:have|suffer from)|have no|be free (?:of|from))\s+"
        + _EN_ART
        + r"(?:(?:known|serious|major|physical|mental)\s+)?"
        + x
        + r"\b",
    ]


_EN_YOUNG = (
    r"young(?:er)?(?:\s*(?:,|and)\s*(?:energetic|dynamic|vibrant|fresh|active|lively|hungry|ambitious))?\s+"
    r"(?:candidates?|applicants?|people|persons?|individuals?|graduates?|talents?|workers?|staff|men|women|ladies|"
    r"girls?|boys?|guys|blood|person)"
)
_EN_HAN = r"(?:han(?:\s+(?:chinese|nationality|ethnicity|ethnic group|people))?)"
_EN_MINORITY = (
    r"(?:(?:ethnic\s+)?minorit(?:y|ies)(?:\s+(?:groups?|nationalities|people))?|uy[g]?hurs?|uighurs?|tibetans?|"
    r"hui(?:\s+people)?|kazakhs?|mongolians?|muslims?|christians?|buddhists?|catholics?|jews|hindus?|sikhs?|"
    r"foreigners|immigrants)"
)
_EN_RACE = (
    r"(?:(?:white|black|caucasian|asian|african|hispanic|latino|muslim|christian|buddhist|catholic|jewish|hindu|"
    r"non-muslim|non-christian|han)\s+" + _EN_PEOPLE + r"|caucasians|whites)"
)
_EN_LOCAL = (
    r"(?:local(?:s|\s+(?:residents?|people|hukou(?:\s+holders?)?|household registration))|non[- ]locals?|"
    r"(?:rural|urban|non[- ]local|out[- ]of[- ]town|[a-z]+)\s+hukou(?:\s+holders?)?|migrants?(?:\s+workers?)?|"
    r"outsiders|people from (?:other provinces|outside [a-z]+|[a-z]+(?: province)?)|(?:[a-z]+ )?natives(?: of [a-z]+)?|native of [a-z]+|"
    r"residents of [a-z]+|out[- ]of[- ]town (?:candidates|applicants))"
)
_EN_MARITAL = (
    r"(?:married|single|unmarried|divorced|widowed|childless|mothers?|moms?|mums?|new mothers|pregnant(?:\s+women)?|"
    r"(?:women|ladies|mothers|parents)\s+with\s+(?:young\s+|small\s+)?(?:children|kids|babies|infants))"
)
_EN_LOOKS = (
    r"(?:good[- ]looking|attractive|pretty|beautiful|handsome|slim|slender|petite|tall|well[- ]proportioned)"
)
_EN_ILL = (
    r"(?:chronic (?:illness(?:es)?|diseases?|(?:health |medical )?conditions?)|mental (?:illness(?:es)?|health (?:issues|"
    r"problems|conditions|history)|disorders?)|(?:medical|health) (?:conditions?|problems|issues)|illness(?:es)?|"
    r"hepatitis(?: b)?|hbv|hiv(?:/aids)?|aids|epilepsy|diabetes|cancer|heart (?:disease|conditions?)|tuberculosis|"
    r"infectious (?:diseases?|conditions?)|(?:a )?history of (?:illness|mental illness|disease)|depression|"
    r"psychiatric (?:history|conditions?))"
)
_EN_DISABLED = (
    r"(?:disabled(?:\s+" + _EN_PEOPLE + r")?|handicapped(?:\s+" + _EN_PEOPLE + r")?|disabilit(?:y|ies)|"
    r"(?:physical|visual|hearing|mental|intellectual|learning|speech)\s+(?:disabilit(?:y|ies)|impairments?)|"
    r"impairments?|wheelchair users?|people in wheelchairs|(?:the )?(?:blind|deaf)(?:\s+"
    + _EN_PEOPLE
    + r")?)"
)
_EN_ASK = (
    r"\b(?:include|including|state|indicate|provide|mention|specify|list|attach|attaching|enclose|send|submit|"
    r"upload|tell us|with|and)\s+(?:(?:your|a|the)\s+)?(?:[a-z]+\s*,\s*){0,5}(?:(?:and|&)\s+)?"
)
_EN_IN_CV = r"(?:cv|résumé|resume|application|applications)"

_EN_RULES: tuple[Rule, ...] = (
    _r(
        "gender.en",
        "gender",
        "block",
        [
            *_en_group(_EN_G + _EN_NOT_PRODUCT),
            r"\b(?:sex|gender)\s*(?:requirement)?\s*:\s*" + _EN_G + r"\b(?!\s*(?:or|/|and)\s)",
            r"\b(?:suitable|suited|ideal|perfect)\s+(?:only\s+)?for\s+" + _EN_G + _EN_NOT_PRODUCT + r"\b",
        ],
        "epl_27_labour_13_women_43",
        *_GENDER_MSG,
        unless=(_EN_BONA_FIDE,),
        soften=_EN_CARE_SOFTEN,
        negated_by=_EN_NEGATED,
        trigger_en=r"\b(?:males?|females?|men|women|man|woman|gentlemen|lad(?:y|ies)|girls?|boys?|guys|sex|gender)\b",
    ),
    _r(
        "age.en_limit",
        "age",
        "block",
        [
            r"\b(?:under|below|younger than|not older than|no older than|not over|no more than|not more than|less than|"
            r"up to|at most|maximum(?: of)?)\s+(?:the\s+age\s+of\s+)?(?P<hi>\d{2})\s*(?:years?[- ]old|yrs?\.?[- ]old|"
            r"y/?o|y\.o\.?|years? of age)\b",
            r"\b(?:age[sd]?|aged)\s*(?:limit|requirement|range)?\s*:?\s*(?:under|below|up to|not over|less than|"
            r"max(?:imum)?\.?|younger than|no older than|not older than|<)\s*(?P<hi>\d{2})\b",
            r"\b(?:between\s+)?(?:the\s+)?ages?\s+(?:of\s+)?(?P<lo>\d{2})\s*(?:-|–|—|to|and)\s*(?P<hi>\d{2})\b",
            r"\b(?:aged?|ages)\s*:?\s*(?:between\s+|from\s+)?(?P<lo>\d{2})\s*(?:-|–|—|to|and)\s*(?P<hi>\d{2})\b",
            r"\b(?P<lo>\d{2})\s*(?:-|–|—|to)\s*(?P<hi>\d{2})\s*(?:years?[- ]olds?|yrs?\.?[- ]olds?|y/?o|y\.o\.?|"
            r"years? of age)\b",
            r"\b"
            + _EN_PEOPLE
            + r"\s+(?:must be\s+|should be\s+|aged\s+)?(?:under|below|younger than)\s+(?:the\s+age\s+of\s+)?"
            r"(?P<hi>\d{2})\b(?!\s*(?:%|percent|hours|hrs|k\b|km|miles|minutes|mins|days|weeks|months|\$|dollars|"
            r"yuan|rmb|kg|lbs?|pounds|words|people|employees))",
            r"\b(?:must be|should be|be)\s+(?:under|below|younger than)\s+(?:the\s+age\s+of\s+)?(?P<hi>\d{2})\b"
            r"(?!\s*(?:%|percent|hours|hrs|k\b|km|miles|minutes|mins|days|weeks|months|\$|kg|lbs?))",
        ],
        "epl_3_26_age",
        "The posting sets an upper age limit.",
        "招聘信息设定了年龄上限。",
        "Remove the age limit; describe the experience or physical demands the job really needs.",
        "删除年龄限制；如确有需要，写明岗位真实需要的经验或体能要求。",
        unless=(*_AGE_OTHERS, _EN_AGE_SCHEME),
        negated_by=_EN_NEGATED,
        check="age_upper_below_60",
        trigger_en=r"\d",
    ),
    _r(
        "age.en_exclude_older",
        "age",
        "block",
        [
            r"\b(?:over|above|older than)\s+(?:the\s+age\s+of\s+)?(?P<lo>\d{2})s?(?:\s+(?:years?[- ]old|years? of age))?"
            r"(?:\s+" + _EN_PEOPLE + r")?\s+(?:" + _EN_EXCL_AFTER + r")",
            r"\b(?:no one|nobody|no (?:candidates?|applicants?|people)|not suitable for (?:anyone|people|candidates|"
            r"applicants))\s+(?:over|above|older than)\s+(?:the\s+age\s+of\s+)?(?P<lo>\d{2})\b",
            r"\b(?:over|above)[- ](?P<lo>\d{2})s\s+(?:" + _EN_EXCL_AFTER + r")",
        ],
        "epl_3_26_age",
        "The posting excludes applicants above an age.",
        "招聘信息排斥超过某一年龄的求职者。",
        "Remove the age limit; describe the experience or physical demands the job really needs.",
        "删除年龄限制；如确有需要，写明岗位真实需要的经验或体能要求。",
        unless=(*_AGE_OTHERS, _EN_AGE_SCHEME),
        check="age_min_above_18",
        trigger_en=r"\d",
    ),
    _r(
        "age.en_young",
        "age",
        "block",
        [*_en_group(_EN_YOUNG, exclude=False), r"\b(?:young|youthful)\s+(?:only|preferred)\b"],
        "epl_3_26_age",
        "The posting restricts or prefers an age group.",
        "招聘信息限定或偏好某一年龄群体。",
        "Describe the skills the job needs instead of an age group.",
        "用岗位所需的技能代替对年龄群体的要求。",
        negated_by=_EN_NEGATED,
        trigger_en=r"young|youthful",
    ),
    _r(
        "age.en_asked",
        "age",
        "warn",
        [
            _EN_ASK + r"(?:date of birth|birth ?date|d\.?o\.?b\.?|your age|age and)\b",
            r"\b" + _EN_IN_CV + r"\b[^.;]{0,40}\b(?:date of birth|birth ?date|d\.o\.b\.?|your age)\b",
        ],
        "epl_3_26_age",
        "The posting asks for the applicant's age or date of birth.",
        "招聘信息要求求职者提供年龄或出生日期。",
        "Do not ask for the date of birth; ask for the experience the job needs (proof of age 16/18 at hiring only).",
        "不要要求提供出生日期；写明岗位所需的经验即可（入职时核验是否年满16/18周岁）。",
        negated_by=_EN_NEGATED,
        trigger_en=r"birth|\bage\b|d\.?o\.?b",
    ),
    _r(
        "region.en",
        "region_hukou",
        "block",
        [
            *_en_group(_EN_LOCAL, prefer=True),
            r"\b(?:must|should|need to|required to|has to|have to)\s+(?:hold|have|possess)\s+"
            + _EN_ART
            + r"(?:local|[a-z]+)\s+(?:hukou|household registration)\b",
            r"\b(?:hukou|household registration)\s*(?:requirement)?\s*:\s*(?!any\b|not\b|no\b|none\b|n/a\b)[a-z]+",
            r"\b(?:hukou|household registration)\s+(?:required|needed|necessary|is a must|preferred)\b",
            r"\b(?:hukou|household registration)\s+(?:in|of|from)\s+[a-z]+\s+(?:required|needed|only|preferred)\b",
        ],
        "epl_31_hukou",
        "The posting restricts applicants by home region or household registration (hukou).",
        "招聘信息按地域或户籍限制求职者。",
        "Remove the condition on home region or hukou; a place of work or a commuting time may be stated.",
        "删除地域或户籍限制；可以写明工作地点或通勤要求。",
        negated_by=_EN_NEGATED,
        trigger_en=r"local|hukou|household|migrant|outsider|native|people from|residents of|out[- ]of[- ]town",
    ),
    _r(
        "region.en_asked",
        "region_hukou",
        "warn",
        [_EN_ASK + r"(?:hukou|household registration|place of origin|native place|hometown)\b"],
        "epl_31_hukou",
        "The posting asks for the applicant's home place or household registration.",
        "招聘信息要求求职者提供籍贯或户籍信息。",
        "Do not ask for the home place or hukou; a contact address is enough.",
        "不要要求提供籍贯或户籍信息；填写联系地址即可。",
        negated_by=_EN_NEGATED,
        trigger_en=r"hukou|household|origin|native|hometown",
    ),
    _r(
        "ethnicity.en",
        "ethnicity",
        "block",
        [
            *_en_group(
                _EN_HAN + r"(?!\s+(?:dynasty|river|language|characters?|chinese language))", exclude=False
            ),
            *_en_group(_EN_RACE, exclude=True),
            *_en_group(r"(?:christians|muslims|buddhists|catholics|hindus|sikhs|jews)", exclude=False),
            *_en_group(_EN_MINORITY, prefer=False, restrict=False),
            r"\b(?:ethnicity|nationality|race|religion)\s*(?:requirement)?\s*:\s*(?!any\b|not\b|no\b|none\b|n/a\b|all\b)"
            r"[a-z]+",
            r"\b(?:must|should)\s+(?:be|belong to)\s+(?:of\s+)?"
            + _EN_ART
            + r"(?:han|[a-z]+ (?:ethnicity|faith|religion))\b",
        ],
        "epl_28_labour_12",
        "The posting restricts applicants by ethnic group, race or religion.",
        "招聘信息按民族、种族或宗教信仰限制求职者。",
        "Remove the ethnic, racial or religious condition. A language the job really needs may be stated.",
        "删除民族、种族或宗教限制；岗位确需的语言能力可以写明。",
        unless=(
            r"\b(?:church|churches|ministry|pastor|chaplain|mosque|temple|synagogue|faith-based|imam|priest|clergy)\b",
        ),
        negated_by=_EN_NEGATED,
        trigger_en=r"\bhan\b|minorit|uy?g?h?ur|tibet|hui|kazakh|mongol|muslim|christian|buddhist|catholic|jew|hindu|sikh|"
        r"foreigner|immigrant|white|black|caucasian|asian|african|hispanic|latino|ethnic|nationality|race|religion",
    ),
    _r(
        "ethnicity.en_asked",
        "ethnicity",
        "warn",
        [_EN_ASK + r"(?:ethnicity|ethnic group|religion|religious beliefs?|race)\b"],
        "epl_28_labour_12",
        "The posting asks for the applicant's ethnic group, race or religion.",
        "招聘信息要求求职者提供民族、种族或宗教信息。",
        "Do not ask for the ethnic group, race or religion.",
        "不要要求提供民族、种族或宗教信息。",
        negated_by=_EN_NEGATED,
        trigger_en=r"ethnic|religio|race",
    ),
    _r(
        "marital.en",
        "marital_childbearing",
        "block",
        [
            *_en_group(_EN_MARITAL + _EN_NOT_PRODUCT),
            r"\bno\s+(?:plans?|intentions?)\s+(?:for|to have|of having|to get)\s+(?:(?:a|any|more)\s+)?(?:children|kids|"
            r"a baby|babies|child|pregnant|married)\b",
            r"\b(?:not|no)\s+(?:planning|plan|intending|intend)\s+to\s+(?:have|get)\s+(?:(?:a|any|more)\s+)?(?:children|kids|"
            r"baby|babies|child|pregnant|married)\b",
            r"\b(?:will not|won't|must not|should not|agree not to|promise not to|commit to not)\s+(?:get(?:ting)?\s+"
            r"pregnant|hav(?:e|ing)\s+(?:(?:a|any|more)\s+)?(?:children|kids|baby|child)|get(?:ting)?\s+married)\b",
            r"\b(?:already|must)\s+have\s+(?:had\s+)?(?:children|kids|a child)\b",
            r"\b(?:completed|finished) (?:your|their) family\b",
            r"\bpregnan(?:t|cy)\b[^.;]{0,40}\b(?:grounds for|result in|lead to|means?)\s+(?:dismissal|termination|"
            r"resignation)\b",
            r"\b(?:marital|family) status\s*:\s*(?!any\b|not\b|no\b|none\b|n/a\b|all\b)[a-z]+",
        ],
        "women_43_marriage",
        "The posting makes marriage, pregnancy or childbearing a condition of hiring.",
        "招聘信息将婚姻、怀孕或生育状况作为录用条件。",
        "Remove the marriage and childbearing condition; state working hours or travel the job really needs.",
        "删除婚育条件；如岗位确有出差、倒班等要求，直接写明工作安排。",
        negated_by=_EN_NEGATED,
        trigger_en=r"married|single|divorc|widow|child|mother|\bmoms?\b|\bmums?\b|pregnan|parents|kids|baby|babies|"
        r"(?:your|their) family|family status",
    ),
    _r(
        "marital.en_asked",
        "marital_childbearing",
        "warn",
        [
            _EN_ASK
            + r"(?:marital status|family status|marriage status|number of children|whether you (?:are married|"
            r"have children))\b",
            r"\b" + _EN_IN_CV + r"\b[^.;]{0,40}\b(?:marital status|number of children)\b",
        ],
        "women_43_marriage",
        "The posting asks about the applicant's marriage or children.",
        "招聘信息要求求职者提供婚育情况。",
        "Do not ask about marriage or children.",
        "不要询问婚育情况。",
        negated_by=_EN_NEGATED,
        trigger_en=r"marital|marriage|family status|children|married",
    ),
    _r(
        "appearance.en",
        "appearance_height",
        "block",
        [
            *_en_group(
                _EN_LOOKS + r"(?!\s+(?:salary|package|pay|benefits?|compensation|rates?|offers?|opportunit))"
            ),
            r"\b(?:height|heights)\s*(?:requirement)?\s*:?\s*(?:of\s+)?(?:at least\s+|min(?:imum)?\.?\s+|over\s+|above\s+|"
            r">=?\s*)?1[4-9]\d\s*cm\b",
            r"\b1[4-9]\d\s*cm\s*(?:\+|or (?:taller|above|more|over)|and (?:above|over|taller)|minimum|min\b|tall)",
            r"\b(?:at least|minimum|over|taller than)\s+1[4-9]\d\s*cm\b",
            r"\b(?:weight|weigh)\s*:?\s*(?:under|below|less than|max(?:imum)?\.?|no more than|not over)\s+\d{2,3}\s*"
            r"(?:kg|kgs|kilos?|lbs?|pounds)\b",
            r"(?:^|(?<=[:;(]))\s*(?:good[- ]looking|attractive|pretty|handsome|beautiful)(?=\s*(?:[,;.)]|$))",
            r"\b(?:good|attractive|pleasing|nice)\s+(?:looks|figure|appearance)\b(?!\s+(?:of|on)\b)",
            r"\b(?:overweight|obese)\s+(?:" + _EN_PEOPLE + r"\s+)?(?:" + _EN_EXCL_AFTER + r")",
        ],
        "epl_26_appearance",
        "The posting sets conditions on looks, height or weight that the job does not need.",
        "招聘信息对外貌、身高或体重提出与岗位无关的要求。",
        "Remove the condition on looks, height or weight unless the job really needs it, and then say why.",
        "删除与岗位无关的外貌、身高、体重要求；确有需要的写明理由。",
        unless=(_EN_BONA_FIDE,),
        negated_by=_EN_NEGATED,
        trigger_en=r"good[- ]looking|attractive|pretty|beautiful|handsome|slim|slender|petite|\btall\b|proportioned|height|"
        r"\d\s*cm\b|weigh|\blooks\b|figure|appearance|overweight|obese",
    ),
    _r(
        "appearance.en_photo",
        "appearance_height",
        "warn",
        [
            r"\b(?:recent|full[- ](?:length|body)|personal|head[- ]?and[- ]shoulders?)\s+(?:photo(?:graph)?|picture|pic)s?\b",
            r"\b(?:photo(?:graph)?|picture|pic|headshot|selfie)s?\s+(?:of yourself|with (?:your|the) (?:cv|resume|"
            r"résumé|application))\b",
            r"\b"
            + _EN_IN_CV
            + r"s?\s+(?:with|and|including|incl\.?|plus)\s+(?:a\s+)?(?:recent\s+)?(?:photo(?:graph)?|"
            r"picture|headshot|selfie)s?\b",
        ],
        "epl_26_appearance",
        "The posting asks for a photo of the applicant.",
        "招聘信息要求求职者提供照片。",
        "Do not ask for a photo with the application; looks are not a hiring criterion.",
        "不要要求随简历提供照片；外貌不是录用条件。",
        unless=(_EN_BONA_FIDE,),
        negated_by=_EN_NEGATED,
        trigger_en=r"photo|picture|\bpic|headshot|selfie",
    ),
    _r(
        "health.en",
        "health",
        "block",
        [
            *_en_with(_EN_ILL),
            r"\b(?:hepatitis(?: b)?|hbv|hiv|aids)\s+(?:carriers?|positive|patients?)(?:\s+"
            + _EN_PEOPLE
            + r")?\s+(?:"
            + _EN_EXCL_AFTER
            + r")",
            r"\b" + _EN_EXCL_BEFORE + r"\s+(?:hepatitis(?: b)?|hbv|hiv)\s+(?:carriers?|positive)\b",
            r"\b(?:chronic(?:ally)? ill|mentally ill|sick)\s+(?:"
            + _EN_PEOPLE
            + r"\s+)?(?:"
            + _EN_EXCL_AFTER
            + r")",
            r"\b" + _EN_EXCL_BEFORE + r"\s+(?:chronically ill|mentally ill|sick)\s+" + _EN_PEOPLE + r"\b",
        ],
        "epl_3_26",
        "The posting excludes applicants because of an illness or health condition.",
        "招聘信息以疾病或健康状况排斥求职者。",
        "Remove the condition; state the physical demands of the job. A health certificate the law requires for "
        "food and public-place work may be asked for.",
        "删除疾病限制；写明岗位的体能要求。食品、公共场所等法定岗位可要求健康证。",
        unless=(_EN_BONA_FIDE,),
        negated_by=_EN_NEGATED,
        trigger_en=r"illness|\bill\b|disease|condition|health (?:problems|issues)|hepatitis|hbv|hiv|aids|epilep|diabet|"
        r"cancer|tubercul|depression|psychiatr|disorder|\bsick",
    ),
    _r(
        "disability.en",
        "disability",
        "block",
        [
            *_en_with(_EN_DISABLED),
            *_en_group(_EN_DISABLED, prefer=False, restrict=False),
            r"\b(?:must|should)\s+(?:have\s+)?(?:no|not have (?:a|any))\s+(?:physical\s+)?(?:disabilit(?:y|ies)|"
            r"impairments?|handicaps?)\b",
            r"\b(?:free (?:of|from)|without)\s+(?:any\s+)?(?:physical\s+)?(?:disabilit(?:y|ies)|handicaps?|defects?)\b",
        ],
        "epl_29_disability",
        "The posting excludes applicants with disabilities.",
        "招聘信息排斥残疾人。",
        "Remove the exclusion; describe the tasks of the job and offer reasonable accommodation.",
        "删除对残疾人的排斥；写明岗位任务，并提供合理便利。",
        negated_by=_EN_NEGATED,
        trigger_en=r"disab|handicap|impair|wheelchair|blind|deaf|defect",
    ),
)

RULES = RULES + _EN_RULES

_EN_LAWFUL = {
    "gender": (
        _EN_EEO,
        r"\b(?:all|any|either) (?:genders?|sex(?:es)?)\b",
        r"\bmen or women\b",
        r"\bmale or female\b",
    ),
    "age": (
        _EN_EEO,
        r"\b(?:of )?(?:all|any) ages?\b",
        r"\bage[- ]friendly\b",
        r"\bages? (?:is )?(?:no barrier|not important|does not matter)\b",
    ),
    "region_hukou": (
        _EN_EEO,
        r"\b(?:any|all) (?:hukou|regions?)\b",
        r"\bhukou (?:not required|is not required|sponsorship|provided|support)\b",
        r"\b(?:help|assist|support) (?:with|in) (?:obtaining )?(?:a |the )?(?:local )?hukou\b",
    ),
    "ethnicity": (_EN_EEO, r"\b(?:all|any) (?:ethnicit(?:y|ies)|races?|religions?|backgrounds?)\b"),
    "marital_childbearing": (
        _EN_EEO,
        r"\b(?:married or single|single or married)\b",
        r"\b(?:maternity|paternity|parental|family) (?:leave|benefits?|pay|support)\b",
        r"\b(?:working )?(?:parents|mothers|mums|moms) (?:are )?(?:welcome|encouraged)\b",
    ),
    "appearance_height": (_EN_EEO,),
    "health": (_EN_EEO, r"\bhealth (?:insurance|benefits?|care plan|certificate)\b"),
    "disability": (
        _EN_EEO,
        r"\bdisabilit(?:y|ies)[- ](?:friendly|confident|inclusive|insurance|benefits?|leave)\b",
        r"\breasonable accommodations?\b",
        r"\b(?:short|long)[- ]term disability\b",
    ),
}
LAWFUL = {cat: LAWFUL.get(cat, ()) + _EN_LAWFUL.get(cat, ()) for cat in LAWFUL}
