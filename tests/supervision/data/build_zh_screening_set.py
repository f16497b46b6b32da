"""Build `zh_screening_labelled.csv` (see README.md next to this file). Run from the repo root:

    .venv/bin/python tests/supervision/data/build_zh_screening_set.py

Real sentences come from /work/shared/data/datasets/job-postings-zh (not copied into the repo except the sampled
sentences themselves); the sample is deterministic (seed 7; the test4, test5 and test6 samples have their own
generators, seeds 54, 55 and 56). Labels of the real sentences: every sampled sentence was read and judged by hand;
those judged to contain screenable wording are listed in REAL_POSITIVE below, all others are labelled "" (nothing to
flag); likewise REAL_POSITIVE_TEST4, REAL_POSITIVE_TEST5 and REAL_POSITIVE_TEST6 for the later samples. Crafted cases
are in CRAFTED, CRAFTED_TEST2 … CRAFTED_TEST6 with their labels.
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
import re
import sys
from pathlib import Path

DATA = Path("/work/shared/data/datasets/job-postings-zh")
OUT = Path(__file__).with_name("zh_screening_labelled.csv")

COMMON = re.compile(
    r"男|女|岁|年龄|户口|户籍|籍|民族|汉族|婚|育|孕|身高|形象|相貌|颜值|长相|五官|乙肝|健康|残疾|健全|押金|保证金|费|培训|贷|"
    r"微信|qq|QQ|刷单|日结|兼职|垫付|本地|应届|年轻|90后|95后|体检|气质|户|颜"
)
RARE = re.compile(
    r"男|女|岁|年龄|户口|户籍|籍|婚|孕|身高|形象|相貌|颜值|长相|五官|乙肝|残疾|健全|押金|保证金|刷单|日结|垫付|本地|年轻|"
    r"90后|95后|QQ|qq|气质|颜|民族"
)

# Real sentences judged to hold screenable wording (text → categories). Everything else sampled is "".
REAL_POSITIVE = {
    "33岁以下": "age",
    "相貌端正、举止大方、具有良好的沟通与亲和力": "appearance_height",
    "年龄24-35岁，计算机及相关专业大专及以上学历": "age",
    "计算机及理工类相关专业毕业生, 18--40岁": "age",
    "计算机及理工类相关专业毕业生, 18--30岁": "age",
    "计算机软件相关专业，23周岁以上，本科及以上学历": "age",
    "你是活跃的年轻人：年龄24-35岁": "age",
    "大专及以上学历，35岁以下，计算机电子及软件相关专业": "age",
}

# Real sentences of the test4 sample (seed 54) judged to hold screenable wording. All 100 were read; none was.
REAL_POSITIVE_TEST4: dict[str, str] = {}
# Likewise for the test5 sample (seed 55): every sentence read; those with screenable wording listed here.
REAL_POSITIVE_TEST5: dict[str, str] = {}
# Likewise for the test6 sample (seed 56): every sentence read; those with screenable wording listed here.
REAL_POSITIVE_TEST6: dict[str, str] = {}

# Crafted cases: (text, categories separated by ";", note). Written from general knowledge of Chinese job ads and
# the law, before the rules were run on them.
CRAFTED = [
    # gender — positives
    ("限男性，能吃苦耐劳", "gender", "restriction"),
    ("仅招女性，年龄不限", "gender", "restriction with lawful age"),
    ("男士优先，有驾照者优先", "gender", "preference"),
    ("女生优先考虑", "gender", "preference"),
    ("性别：男", "gender", "field form"),
    ("性别要求：女", "gender", "field form"),
    ("只要男的，女的勿扰", "gender", "exclusion"),
    ("本岗位不招女性", "gender", "exclusion"),
    ("女性勿投，工作需要经常出差", "gender", "exclusion"),
    ("急招男仓管2名", "gender", "restriction"),
    ("诚聘女前台一名，形象气质佳", "gender;appearance_height", "restriction + looks"),
    ("要求男性，身体健康，能适应夜班", "gender", "restriction"),
    ("因工作性质，限男生", "gender", "restriction with pretext"),
    ("招聘女文员，已婚已育优先", "gender;marital_childbearing", "two grounds"),
    ("男性为佳，能接受长期驻场", "gender", "preference"),
    ("销售代表（限男）", "gender", "in brackets"),
    ("Male candidates only", "gender", "English"),
    ("Female preferred for this receptionist role", "gender", "English preference"),
    # gender — lawful / negatives
    ("男女不限，有相关经验优先", "", "lawful"),
    ("性别不限，年龄不限", "", "lawful"),
    ("女职工享受产假、哺乳假等国家规定的假期", "", "maternity benefit"),
    ("公司提供男女宿舍", "", "benefit"),
    ("女子监狱管教民警，限女性", "", "bona fide: female prison"),
    ("煤矿井下采掘工，限男性", "", "bona fide: women barred underground by law"),
    ("女装模特，限女性，身高165cm以上", "", "bona fide model"),
    ("负责女装频道的商品运营", "", "product, not worker"),
    ("男装设计师，三年以上经验", "", "product, not worker"),
    ("We are an equal opportunity employer; women and men are encouraged to apply.", "", "English lawful"),
    ("月嫂，限女性，持证上岗", "gender", "care work: flagged as a warning, not exempt"),
    ("公司男女比例均衡，氛围好", "", "describes the team"),
    ("三八节女员工放假半天", "", "benefit"),
    ("男女同工同酬", "", "lawful"),
    # age — positives
    ("年龄35岁以下", "age", "upper limit"),
    ("年龄要求：18-30周岁", "age", "range"),
    ("年龄在25至40岁之间", "age", "range with 至"),
    ("不超过45周岁", "age", "upper limit"),
    ("限90后", "age", "cohort"),
    ("95后优先", "age", "cohort preference"),
    ("年轻女性优先", "age;gender", "two grounds"),
    ("20～28岁，大专以上学历", "age", "full-width tilde"),
    ("年龄：22-35", "age", "range without 岁"),
    ("应聘者须在40岁以内", "age", "upper limit"),
    ("Applicants must be under 30 years old", "age", "English"),
    ("Age 22-35, fluent English", "age", "English range"),
    ("30岁以上者勿扰", "age", "exclusion above 30"),
    # age — lawful / negatives
    ("年满18周岁", "", "lawful minimum"),
    ("年龄不限，欢迎应届生", "", "lawful"),
    ("16周岁以上，接受暑期工", "", "lawful minimum"),
    ("团队平均年龄28岁", "", "describes the team"),
    ("负责6-12岁儿童的编程教学", "", "ages of pupils"),
    ("3-5年工作经验", "", "experience not age"),
    ("65岁以下均可报名，退休返聘亦可", "", "at retirement age"),
    ("面向18-60周岁人群的健康管理产品", "", "ages of customers"),
    ("欢迎应届毕业生", "", "lawful"),
    # region / hukou — positives
    ("限本地户口", "region_hukou", "hukou"),
    ("要求本市户籍", "region_hukou", "hukou"),
    ("本地人优先", "region_hukou", "preference"),
    ("河南人勿扰", "region_hukou", "exclusion"),
    ("不招东北人", "region_hukou", "exclusion"),
    ("户籍要求：湘潭", "region_hukou", "field form"),
    ("仅限长沙户口，其他勿扰", "region_hukou", "hukou"),
    ("需北京户口", "region_hukou", "hukou"),
    ("外地人免谈", "region_hukou", "exclusion"),
    ("Local residents only", "region_hukou", "English"),
    # region — lawful / negatives
    ("可解决北京户口", "", "benefit"),
    ("户口不限", "", "lawful"),
    ("应届生有落户指标", "", "benefit"),
    ("负责湖南区域客户开发，常驻长沙", "", "work place"),
    ("熟悉本地市场者优先", "", "knowledge of the market, not origin"),
    ("提供上海居住证办理", "", "benefit"),
    # ethnicity — positives
    ("限汉族", "ethnicity", "restriction"),
    ("汉族优先", "ethnicity", "preference"),
    ("民族：汉族", "ethnicity", "field form"),
    ("不招少数民族", "ethnicity", "exclusion"),
    ("新疆人勿扰", "ethnicity;region_hukou", "region used as an ethnic proxy"),
    ("维族勿扰", "ethnicity", "exclusion"),
    ("不招藏族", "ethnicity", "exclusion"),
    ("Han Chinese only", "ethnicity", "English"),
    # ethnicity — lawful / negatives
    ("民族不限", "", "lawful"),
    ("精通维吾尔语和汉语，担任翻译", "", "language skill"),
    ("熟悉少数民族地区的文化和风俗", "", "knowledge"),
    ("少数民族考生加分政策咨询", "", "topic of work"),
    ("负责民族乐器的销售", "", "product"),
    # marital / childbearing — positives
    ("已婚已育优先", "marital_childbearing", "preference"),
    ("限未婚", "marital_childbearing", "restriction"),
    ("两年内不得怀孕", "marital_childbearing", "condition"),
    ("入职三年内不能生育", "marital_childbearing", "condition"),
    ("孕妇勿扰", "marital_childbearing", "exclusion"),
    ("入职体检包含妊娠测试", "marital_childbearing", "pregnancy test"),
    ("婚姻状况：未婚", "marital_childbearing", "field form"),
    ("有生育计划者勿扰", "marital_childbearing", "exclusion"),
    ("单身优先，能接受出差", "marital_childbearing", "preference"),
    ("限宝妈", "marital_childbearing", "status"),
    ("Married candidates only", "marital_childbearing", "English"),
    ("Must not be pregnant", "marital_childbearing", "English"),
    # marital — lawful / negatives
    ("享受婚假、产假、陪产假", "", "benefit"),
    ("公司提供单身公寓", "", "benefit"),
    ("缴纳生育保险", "", "benefit"),
    ("婚育状况不限", "", "lawful"),
    ("结婚礼金、生育贺礼", "", "benefit"),
    ("负责母婴产品的线上推广", "", "product"),
    ("Maternity leave and parental benefits provided", "", "English benefit"),
    # appearance / height — positives
    ("身高160cm以上", "appearance_height", "height"),
    ("形象气质佳", "appearance_height", "looks"),
    ("五官端正，身材匀称", "appearance_height", "looks"),
    ("男身高175以上，女身高162以上", "appearance_height", "height by sex (not a restriction to one sex)"),
    ("颜值高者优先", "appearance_height", "looks preference"),
    ("体重不超过60公斤", "appearance_height", "weight"),
    ("长相甜美", "appearance_height", "looks"),
    ("Attractive appearance required", "appearance_height", "English"),
    # appearance — lawful / negatives
    ("着装整洁，举止得体", "", "grooming"),
    ("辅警招聘：身高170cm以上", "", "state standard"),
    ("平面模特，身高170cm以上", "", "bona fide"),
    ("公司形象宣传片的拍摄与剪辑", "", "corporate image"),
    ("负责品牌形象设计", "", "brand image"),
    ("外貌不限，看能力", "", "lawful"),
    # health — positives
    ("乙肝携带者勿扰", "health", "HBV"),
    ("入职体检需查乙肝五项", "health", "HBV test"),
    ("无乙肝等传染病", "health", "HBV"),
    ("乙肝两对半须阴性", "health", "HBV test"),
    ("艾滋病感染者不予录用", "health", "HIV"),
    ("不招大三阳", "health", "HBV"),
    ("No hepatitis B carriers", "health", "English"),
    # health — lawful / negatives
    ("需持有健康证", "", "food handler certificate"),
    ("身体健康，能适应出差", "", "general health not flagged"),
    ("乙肝携带者可以报名", "", "inclusive"),
    ("参与乙肝疫苗的临床研究数据分析", "", "topic of work"),
    ("公司提供年度健康体检", "", "benefit"),
    ("负责艾滋病防治宣传", "", "topic of work"),
    # disability — positives
    ("残疾人勿扰", "disability", "exclusion"),
    ("不招残疾人", "disability", "exclusion"),
    ("身体无残疾", "disability", "exclusion"),
    ("四肢健全，能适应高强度工作", "disability", "able-bodied"),
    ("No disabled applicants", "disability", "English"),
    # disability — lawful / negatives
    ("欢迎残疾人朋友投递", "", "inclusive"),
    ("本岗位可接收残疾人，提供无障碍环境", "", "inclusive"),
    ("福利健全，晋升通道明确", "", "not about people"),
    ("残疾人就业服务专员", "", "topic of work"),
    ("负责残疾人辅具产品研发", "", "topic of work"),
    # fees — positives
    ("入职需交押金500元", "fees_deposits", "deposit"),
    ("需缴纳服装费200元", "fees_deposits", "uniform fee"),
    ("先交培训费，培训合格后上岗", "fees_deposits;training_loan", "training fee then job"),
    ("体检费自理", "fees_deposits", "medical fee (warning)"),
    ("报名费50元", "fees_deposits", "registration fee"),
    ("入职扣押身份证", "fees_deposits", "keeping ID"),
    ("收取中介费300元", "fees_deposits", "agency fee"),
    ("Applicants must pay a $50 registration fee", "fees_deposits", "English"),
    ("A refundable deposit of 200 yuan is required for the uniform", "fees_deposits", "English"),
    # fees — lawful / negatives
    ("不收取任何费用", "", "lawful"),
    ("无押金，无中介费", "", "negated"),
    ("入职体检费用公司报销", "", "employer pays"),
    ("免费培训，带薪学习", "", "benefit"),
    ("负责保证金账户的核算与对账", "", "finance duty"),
    ("押金：无", "", "negated after"),
    ("Direct deposit of salary every month", "", "payroll"),
    ("No fees are charged to applicants", "", "English lawful"),
    # training loans — positives
    ("0元入学，先学习后付款", "training_loan", "training loan"),
    ("可办理培训贷，学费分期", "training_loan", "training loan"),
    ("招转培：先参加培训后安排工作", "training_loan", "recruit-to-train"),
    ("学费贷款，入职后还款", "training_loan", "loan"),
    ("Training loan available, pay after you get the job", "training_loan", "English"),
    # training — negatives
    ("带薪培训三个月", "", "paid training"),
    ("公司提供完善的岗前培训", "", "training"),
    ("负责新员工的入职培训", "", "duty"),
    ("信贷业务数据分析", "", "credit analytics job"),
    # unrealistic pay (text)
    ("轻松月入过万，在家就能做", "brushing", "easy-money text"),
    # contact off platform — positives
    ("有意者加微信 hr_zhang2019 详聊", "contact_off_platform", "WeChat id"),
    ("联系QQ：123456789", "contact_off_platform", "QQ"),
    ("简历发送后请加我微信", "contact_off_platform", "WeChat"),
    ("电话13812345678，微信同号", "contact_off_platform", "phone + WeChat"),
    ("Contact me on WhatsApp for details", "contact_off_platform", "English"),
    # contact — negatives
    ("负责微信小程序开发", "", "product"),
    ("熟悉企业微信接口", "", "product"),
    ("通过平台投递简历", "", "lawful"),
    ("QQ音乐后台开发", "", "product"),
    # brushing — positives
    ("淘宝刷单，日结200", "brushing", "brushing"),
    ("网上兼职点赞员，做任务返佣金", "brushing", "task commission"),
    ("需先垫付货款，完成后返还本金加佣金", "brushing", "advance payment"),
    ("手机兼职，动动手指日赚300", "brushing", "easy money"),
    ("Earn $500 per day clicking ads from home", "brushing", "English"),
    # brushing — negatives
    ("负责电商平台反刷单风控模型", "", "anti-fraud duty"),
    ("兼职Python讲师，按课时计酬", "", "real part-time"),
    ("日结工资，按小时计", "", "daily pay, not a scheme"),
]


# A second crafted batch written after the first test run and the fixes that followed it (see README.md), evaluated
# once as split "test2"; never used to change the rules.
CRAFTED_TEST2 = [
    ("招聘保安若干名，男性，50岁以下", "gender;age", "security guard"),
    ("女性，25-38岁，有幼教经验", "gender;age", "bare sex as requirement"),
    ("仅限女生报名", "gender", "restriction"),
    ("本职位更适合男士", "gender", "soft preference"),
    ("男生勿扰", "gender", "exclusion"),
    ("招聘服务员：男女不限，18岁以上", "", "lawful"),
    ("岗位性质决定只招男性搬运工", "gender", "pretext"),
    ("产科护士，女性优先", "gender", "care soften: still a flag"),
    ("女士专用SPA会所技师，限女性", "gender", "ambiguous private service"),
    ("男女兼招，待遇从优", "", "lawful"),
    ("限35周岁以内", "age", "upper limit"),
    ("年龄上限40岁", "age", "upper limit wording"),
    ("18到45岁均可", "age", "range"),
    ("适合年轻人，45岁以上勿扰", "age", "exclusion"),
    ("退休人员优先，60岁以上亦可", "", "older welcome"),
    ("年龄：不限", "", "lawful"),
    ("28周岁以下优先", "age", "preference"),
    ("80后、90后均可", "", "inclusive cohorts (ambiguous)"),
    ("只招本省人", "region_hukou", "province"),
    ("非本地户籍勿扰", "region_hukou", "exclusion"),
    ("要求湘潭本地人", "region_hukou", "local people"),
    ("不招农村户口", "region_hukou", "rural"),
    ("有本地户口者优先录取", "region_hukou", "preference"),
    ("协助办理深圳户口", "", "benefit"),
    ("工作地点：湘潭市岳塘区", "", "place"),
    ("回族勿扰", "ethnicity", "exclusion"),
    ("仅招汉族员工", "ethnicity", "restriction"),
    ("欢迎各民族求职者", "", "inclusive"),
    ("须为未婚女性", "marital_childbearing;gender", "two grounds"),
    ("已婚者优先", "marital_childbearing", "preference"),
    ("入职后三年内不生育", "marital_childbearing", "condition"),
    ("怀孕者不予录用", "marital_childbearing", "exclusion"),
    ("面试时需说明婚育情况", "marital_childbearing", "asking about marriage"),
    ("法定产假98天，另有奖励假", "", "benefit"),
    ("身高165以上，五官端正", "appearance_height", "height + looks"),
    ("要求形象好、气质佳", "appearance_height", "looks"),
    ("身材高挑优先", "appearance_height", "looks"),
    ("注重个人形象，着装得体", "", "grooming (ambiguous)"),
    ("空乘人员，身高163-175cm", "", "state standard"),
    ("体检不合格者（含乙肝）不予录用", "health", "HBV"),
    ("乙肝病毒携带者不予考虑", "health", "HBV"),
    ("须提供健康证明", "", "health certificate"),
    ("无传染性疾病", "", "general (not flagged)"),
    ("身体残疾者勿扰", "disability", "exclusion"),
    ("肢体健全，能搬重物", "disability", "able-bodied"),
    ("优先录用残疾人", "", "inclusive"),
    ("入职需缴纳1000元保证金，满一年退还", "fees_deposits", "deposit"),
    ("工装费200元从首月工资扣除", "fees_deposits", "uniform fee"),
    ("本公司招聘不收取任何押金和培训费", "", "negated list"),
    ("岗前培训免费，包食宿", "", "benefit"),
    ("需上交毕业证原件", "fees_deposits", "keeping papers"),
    ("报名需交资料费100元", "fees_deposits", "fee"),
    ("先培训后上岗，培训费可分期", "training_loan;fees_deposits", "recruit-to-train"),
    ("学员可申请助学贷款，学完推荐就业", "training_loan", "loan"),
    ("详情请加VX：job888666", "contact_off_platform", "VX"),
    ("有意者请联系扣扣12345678", "contact_off_platform", "QQ homophone"),
    ("负责公司微信公众号的运营", "", "duty"),
    ("抖音点赞员，一单一结，日赚200+", "brushing", "task scam"),
    ("网店补单员，需垫付", "brushing", "brushing"),
    ("京东商城风控：识别刷单行为", "", "anti-fraud duty"),
]


# A third crafted batch, written after the fixes that followed test2 and before any further change; split "test3",
# evaluated by bench/screening_quality.py as the held-out figure. Longer, mixed sentences like whole requirement
# paragraphs, with as many hard negatives as positives.
CRAFTED_TEST3 = [
    ("岗位要求：1、男，28岁以下；2、高中以上学历；3、能吃苦耐劳", "gender;age", "numbered list"),
    ("任职资格：女，22-30周岁，大专以上学历，普通话标准", "gender;age", "list"),
    ("要求：男女不限，18周岁以上，身体健康，有无经验均可", "", "lawful list"),
    ("应聘者需年满16周岁，持有效身份证件", "", "lawful minimum"),
    ("招聘快递员数名，限男士，会骑电动车", "gender", "restriction"),
    ("前台文员一名（女），要求普通话标准", "gender", "bracket"),
    ("仅面向女性求职者开放", "gender", "restriction wording"),
    ("我们欢迎女性工程师加入技术团队", "", "encouragement"),
    ("女性员工占比超过一半，氛围融洽", "", "team description"),
    ("男性员工需轮值夜班", "gender", "differential conditions (ambiguous)"),
    ("本岗位需经常搬运重物，更适合男性", "gender", "soft preference"),
    ("女更衣室保洁，限女性", "", "bona fide: changing room"),
    ("主要服务女性客户，熟悉美妆产品", "", "customers"),
    ("35周岁及以下，特别优秀者可放宽至40周岁", "age", "upper limit with exception"),
    ("年龄45周岁以下，身体健康，退伍军人优先", "age", "upper limit"),
    ("有10年以上驾龄，年龄不超过55岁", "age", "upper limit"),
    ("年龄无限制，欢迎退休人员", "", "lawful"),
    ("适合18-25岁的年轻人，工作轻松", "age", "range"),
    ("客户群体为25-40岁的职场女性", "", "customers"),
    ("公司成立于2005年，现有员工300余人", "", "company"),
    ("要求本地户口或持有本市居住证满三年", "region_hukou", "hukou"),
    ("湖南籍优先", "region_hukou", "native place preference"),
    ("限湘潭市户籍人员报考", "region_hukou", "hukou"),
    ("须能长期在湘潭工作", "", "work place"),
    ("熟悉长株潭地区交通路线", "", "knowledge"),
    ("公司可为符合条件的员工办理落户", "", "benefit"),
    ("因工作需要，少数民族人员谢绝", "ethnicity", "exclusion"),
    ("蒙古族、藏族员工享受民族节日假期", "", "benefit"),
    ("需具备藏汉双语能力", "", "language"),
    ("已婚已育，家庭稳定者优先考虑", "marital_childbearing", "preference"),
    ("本岗位要求未婚，可接受长期外派", "marital_childbearing", "restriction"),
    ("应聘时须填写婚育情况登记表", "marital_childbearing", "asking"),
    ("入职签订承诺书，两年内不生育", "marital_childbearing", "condition"),
    ("孕期、产期、哺乳期女职工依法享受特殊保护", "", "lawful"),
    ("提供已婚员工夫妻房", "", "benefit"),
    ("有宝宝的宝妈可弹性上班", "", "flexible work offer"),
    ("男生身高170以上，女生身高158以上，形象端正", "appearance_height", "height + looks"),
    ("五官端正，无明显纹身", "appearance_height", "looks"),
    ("面容姣好，身材匀称者优先", "appearance_height", "looks"),
    ("仪容仪表整洁，按公司要求统一着装", "", "grooming"),
    ("负责商场形象店的陈列与维护", "", "shop"),
    ("消防员招录：身高165厘米以上", "", "state standard"),
    ("入职体检不含乙肝检查项目", "", "lawful statement (negated)"),
    ("乙肝阳性者恕不录用", "health", "HBV"),
    ("体检须包括HIV检测", "health", "HIV test"),
    ("从事食品加工，需办理健康证", "", "food handler"),
    ("身体健康，无不良嗜好", "", "general"),
    ("要求身体健全，无任何残疾", "disability", "exclusion"),
    ("视力残疾人士可从事按摩岗位", "", "inclusive"),
    ("符合条件的残疾人可申请岗位补贴", "", "benefit"),
    ("入职时需缴纳工作服押金200元，离职退还", "fees_deposits", "uniform deposit"),
    ("岗前培训费用800元，从工资中分三个月扣除", "fees_deposits", "training fee deducted"),
    ("应聘需先交纳报名费和资料费", "fees_deposits", "fees"),
    ("入职需将身份证交公司保管", "fees_deposits", "keeping ID"),
    ("公司承担全部培训费用", "", "employer pays"),
    ("工服免费发放，无需任何押金", "", "negated"),
    ("负责客户保证金的收取与管理", "", "finance duty"),
    ("通过培训考核后推荐就业，培训期间学费可贷款", "training_loan", "loan"),
    ("免费学技术，学费分期，毕业包就业", "training_loan", "loan"),
    ("公司提供带薪岗前培训一个月", "", "paid training"),
    ("负责学员招生及课程咨询", "", "duty"),
    ("简历请发至邮箱，或加微信号zhaopin666", "contact_off_platform", "WeChat id"),
    ("面试详情请私聊QQ", "contact_off_platform", "QQ"),
    ("手机：15912345678（微信同号）", "contact_off_platform", "phone"),
    ("熟悉微信支付接口开发", "", "product"),
    ("能通过微信与客户保持良好沟通", "", "duty (ambiguous)"),
    ("在家用手机做任务，日赚300-500元，当天结算", "brushing", "task scam"),
    ("招聘网络兼职刷单员，无需经验", "brushing", "brushing"),
    ("协助商家补单，佣金日结", "brushing", "brushing"),
    ("负责电商平台订单审核，识别虚假交易", "", "duty"),
    ("线下门店兼职促销员，时薪20元", "", "real part-time"),
]


# A fourth crafted batch, split "test4", written after test3 by a different helper that never opened the rules, their
# tests or the benches (blind to what the rules catch), from general knowledge of Chinese job ads and the law, to be
# the held-out measure of the rules fixed on test3. Never used to change the rules before its first run.
CRAFTED_TEST4 = [
    # gender — positives
    ("招聘仓库管理员2名，限男性，能适应倒班", "gender", "restriction"),
    ("司机岗位，男士优先考虑，C1驾照三年以上驾龄", "gender", "preference"),
    ("本岗位暂不考虑女性候选人", "gender", "exclusion 不考虑"),
    ("因需频繁出差及夜间值守，恕不接受女性应聘", "gender", "exclusion 恕不 with pretext"),
    ("诚聘男销售经理数名，底薪+提成", "gender", "sex in the job title"),
    ("性别：女性；学历：中专及以上", "gender", "field form"),
    ("只招女孩子，男生就不用投了哈", "gender", "colloquial exclusion"),
    ("电话客服专员（女）若干，普通话标准", "gender", "sex in brackets"),
    ("要求:男,退伍军人优先", "gender", "half-width punctuation"),
    ("会计一名，女士优先，有工作经验者优先", "gender", "preference among lawful preferences"),
    ("招聘：男性普工30名，女性包装工10名", "gender", "jobs segregated by sex"),
    ("女士不适合此岗位，请慎投", "gender", "indirect exclusion"),
    ("限男姓，能吃苦耐劳，服从安排", "gender", "typo 男姓 for 男性"),
    ("女仕优先，待遇从优", "gender", "variant 女仕"),
    ("招聘小伙子数名，从事设备安装", "gender;age", "indirect: 小伙子 = young men"),
    ("适合刚毕业的小姑娘，工作轻松", "gender;age", "indirect: 小姑娘 = young women"),
    ("本职位招聘对象为男性应届毕业生", "gender", "male graduates only (graduate status itself lawful)"),
    ("女性比例已满，本次只招男生", "gender", "quota pretext"),
    # gender — negatives
    ("岗位不限男女，有叉车证优先", "", "lawful"),
    ("女装电商运营：负责天猫女装店铺的日常运营", "", "product"),
    ("女子监狱管教岗位，依据监狱法仅招录女性", "", "bona fide: women's prison"),
    ("男装品牌买手，三年以上买手经验", "", "product"),
    ("公司为哺乳期女员工设有母婴室", "", "benefit"),
    ("我们鼓励更多女性申请技术岗位", "", "encouragement"),
    ("女职工每月享受一天带薪卫生假", "", "benefit"),
    ("负责男士护肤品牌的新媒体推广", "", "product"),
    ("井下采煤工，依法不安排女职工从事井下作业", "", "bona fide: women barred underground by law"),
    ("团队男女比例均衡，氛围轻松", "", "describes the team"),
    ("负责女性健康类APP的用户增长", "", "product"),
    # age — positives
    ("年龄18—35周岁（特别优秀者可适当放宽）", "age", "em dash range with exception"),
    ("35岁以上请勿投递", "age", "exclusion"),
    ("年龄在三十五周岁以下", "age", "Chinese numerals"),
    ("限00后、95后", "age", "cohorts"),
    ("年纪轻，有冲劲，28岁以内为佳", "age", "preference"),
    ("要求年龄20~32岁之间，大专学历", "age", "half-width tilde range"),
    ("超过40岁的就不要投了", "age", "colloquial exclusion"),
    ("应聘条件：年龄不大于45岁，初中以上文化", "age", "不大于"),
    ("本岗位仅面向1995年1月1日以后出生的人员", "age", "indirect: birth date"),
    ("年令：20至35岁", "age", "typo 年令 for 年龄"),
    ("年龄：25岁-38岁", "age", "range"),
    (
        "年龄限制：男55岁以下，女50岁以下",
        "age",
        "age limit differing by sex (labelled age only, like height by sex)",
    ),
    ("35岁以下优先，有大型企业经验者可放宽", "age", "preference with exception"),
    ("年龄二十至四十周岁，能适应倒班", "age", "Chinese numerals range"),
    # age — negatives
    ("年龄不限，50岁以上也欢迎", "", "lawful"),
    ("须年满18周岁，不招收未成年人", "", "lawful minimum"),
    ("负责3-6岁幼儿的日常保育工作", "", "ages of children"),
    ("公司成立十五年，员工平均年龄32岁", "", "describes the company"),
    ("适合各年龄段人士，退休人员亦可", "", "lawful"),
    ("老年大学书法教师，面向60岁以上学员授课", "", "ages of pupils"),
    ("就业见习岗位：面向16-24岁离校未就业青年", "", "government youth traineeship scheme (judgement call)"),
    ("养老护理员，服务对象为80岁以上失能老人", "", "ages of clients"),
    ("具有5年以上财务工作经验", "", "experience, not age"),
    # region / hukou — positives
    ("仅限湘潭本地户籍，外地户口勿投", "region_hukou", "restriction + exclusion"),
    ("要求具有本市常住户口", "region_hukou", "hukou"),
    ("湖南本地人优先，方便管理", "region_hukou", "preference"),
    ("不招收河南、安徽籍人员", "region_hukou", "exclusion by province"),
    ("外省人员恕不考虑", "region_hukou", "exclusion"),
    ("户籍：限长沙市内五区", "region_hukou", "field form"),
    ("非本地户口者需提供本地担保人", "region_hukou", "extra burden on non-locals"),
    ("招收农村户口务工人员，城镇户口勿扰", "region_hukou", "hukou type"),
    ("潮汕籍员工优先", "region_hukou", "native place"),
    ("东北的就算了，不好管", "region_hukou", "colloquial exclusion"),
    ("要求本地户藉", "region_hukou", "typo 户藉 for 户籍"),
    ("限北京生源应届毕业生", "region_hukou", "生源 = hukou of graduates"),
    # region — negatives
    ("可协助解决上海户口（符合积分条件）", "", "benefit"),
    ("户藉不限，全国招聘", "", "lawful, with the typo 户藉"),
    ("工作地点在长沙市岳麓区，需接受驻场", "", "work place"),
    ("负责户籍管理系统的开发与维护", "", "topic of work"),
    ("为外地员工提供免费宿舍", "", "benefit"),
    ("负责华东区域的渠道拓展", "", "work area"),
    ("协助办理居住证及子女入学", "", "benefit"),
    ("熟悉湘潭方言，便于与本地老年客户沟通", "", "language skill for the clients (judgement call)"),
    # ethnicity — positives
    ("本店只招汉族服务员", "ethnicity", "restriction"),
    ("少数民族恕不录用", "ethnicity", "exclusion"),
    ("要求：汉族，25岁以下", "ethnicity;age", "list"),
    ("民族：汉", "ethnicity", "field form, short"),
    ("维吾尔族、哈萨克族人员不予考虑", "ethnicity", "exclusion by name"),
    ("优先录用汉族员工，便于统一管理饮食", "ethnicity", "preference with pretext"),
    ("回民勿扰", "ethnicity", "variant 回民"),
    ("不招收藏区来的人员", "ethnicity;region_hukou", "region as an ethnic proxy"),
    ("限汉族，本地户口", "ethnicity;region_hukou", "two grounds"),
    # ethnicity — negatives
    ("民族乐器（古筝、二胡）教师，音乐专业毕业", "", "topic of work"),
    ("清真餐厅厨师，熟悉清真饮食规范", "", "skill"),
    ("需熟练掌握蒙汉双语，从事双语新闻编辑", "", "language"),
    ("尊重各民族风俗习惯，食堂提供清真餐", "", "benefit"),
    ("民族不限，欢迎各族群众报名", "", "lawful"),
    ("负责民族地区乡村振兴项目的调研", "", "topic of work"),
    ("中华民族传统文化研学导师", "", "topic of work"),
    # marital / childbearing — positives
    ("婚育：已婚已育", "marital_childbearing", "field form"),
    ("未婚未育者勿扰", "marital_childbearing", "exclusion"),
    ("近两年有生育打算的请勿投递", "marital_childbearing", "exclusion"),
    ("入职后三年内不得结婚生子", "marital_childbearing", "condition"),
    ("面试需提供婚姻状况证明", "marital_childbearing", "asking for proof"),
    ("已生二胎者优先", "marital_childbearing", "preference"),
    ("招聘女会计一名，需已婚", "gender;marital_childbearing", "two grounds"),
    ("孕期女性不予录用", "marital_childbearing", "exclusion"),
    ("单身者优先，需长期驻外", "marital_childbearing", "preference"),
    ("有小孩的不要，经常加班", "marital_childbearing", "colloquial exclusion"),
    ("入职前须提供未孕证明", "marital_childbearing", "pregnancy proof"),
    ("需能接受长期出差，已婚人士慎投", "marital_childbearing", "soft exclusion 慎投"),
    ("婚否：已婚优先", "marital_childbearing", "field form 婚否"),
    # marital — negatives
    ("依法享受婚假、产假、护理假及育儿假", "", "benefit"),
    ("生育津贴按当地政策由社保基金支付", "", "benefit"),
    ("婚庆策划师，负责婚礼方案设计与执行", "", "topic of work"),
    ("母婴店导购，熟悉奶粉、纸尿裤等产品", "", "product"),
    ("已婚员工可申请两室一厅员工公寓", "", "benefit"),
    ("孕产妇保健门诊护士，需持护士资格证", "", "topic of work"),
    ("婚恋交友APP产品经理", "", "product"),
    ("哺乳期员工每天享有1小时哺乳时间", "", "lawful protection"),
    ("已婚未婚均可", "", "lawful"),
    # appearance / height — positives
    ("身高：女160cm以上，男170cm以上", "appearance_height", "height by sex"),
    ("形象佳、气质好，有礼仪经验优先", "appearance_height", "looks"),
    ("长相端正，身材匀称，无明显疤痕", "appearance_height", "looks"),
    ("颜值在线，会化妆", "appearance_height", "colloquial looks"),
    ("体型偏瘦，体重50公斤以下", "appearance_height", "weight"),
    ("身高一米六五以上，五官精致", "appearance_height", "Chinese numerals height + looks"),
    ("面试需提供近期全身照及生活照", "appearance_height", "indirect: asks for photos"),
    ("相貌端庄，皮肤白皙优先", "appearance_height", "looks"),
    ("不要太胖的", "appearance_height", "colloquial exclusion by weight"),
    ("仪表端庄大方，身高158cm+", "appearance_height", "height with +"),
    ("身高1米7以上，相貌端正", "appearance_height", "height with 米"),
    ("招聘女主播，颜值高，身材好，18-25岁", "gender;appearance_height;age", "three grounds"),
    # appearance — negatives
    ("平面模特：拍摄服装画册，因试穿样衣需身高165-172cm", "", "bona fide: fit model with justification"),
    ("负责企业形象设计及VI手册制作", "", "corporate image"),
    ("空中乘务员身高要求依据民航相关体检标准执行", "", "state standard"),
    ("医美机构皮肤管理师，需持美容师证", "", "skill"),
    ("工作时需穿着公司统一工服，保持仪容整洁", "", "grooming"),
    ("美颜相机算法工程师（人脸美化方向）", "", "product"),
    ("负责儿童身高发育评估软件的研发", "", "product"),
    ("身高、形象不限，踏实肯干即可", "", "lawful"),
    # health — positives
    ("乙肝病毒携带者请勿应聘", "health", "HBV exclusion"),
    ("体检项目含乙肝两对半，阳性者不予聘用", "health", "HBV test + exclusion"),
    ("小三阳、大三阳均不考虑", "health", "HBV slang"),
    ("无乙肝、无传染病史", "health", "HBV"),
    ("HIV阳性者恕不录用", "health", "HIV"),
    ("入职须提供乙肝表面抗原阴性证明", "health", "HBV proof"),
    ("有精神病史、癫痫病史者勿扰", "health", "illness history exclusion (warning)"),
    ("不招有抑郁症病史的", "health", "illness history exclusion (warning)"),
    ("入职体检需包含肝功能及乙肝五项检查", "health", "HBV test"),
    ("乙肝带菌者勿扰", "health", "variant 带菌者"),
    # health — negatives
    ("乙肝疫苗研发工程师，生物制药背景", "", "topic of work"),
    ("体检中心护士，负责抽血及体检流程引导", "", "topic of work"),
    ("从事餐饮服务须持有效健康证明", "", "food handler certificate"),
    ("公司每年组织员工健康体检，含肿瘤筛查", "", "benefit"),
    ("乙肝携带者不影响录用", "", "inclusive"),
    ("艾滋病检测实验室技术员", "", "topic of work"),
    ("依照规定，入职体检不进行乙肝五项检测", "", "negated"),
    ("传染病医院护士，需做好职业防护", "", "topic of work"),
    ("身体健康，能适应户外工作", "", "general health"),
    # disability — positives
    ("身体健全，无残疾", "disability", "able-bodied"),
    ("残障人士不适合本岗位", "disability", "indirect exclusion"),
    ("五官及四肢健全，无色盲色弱", "disability", "able-bodied, colour blindness without a stated reason"),
    ("肢体残疾者恕不录用", "disability", "exclusion"),
    ("听力障碍者勿扰", "disability", "exclusion"),
    ("需身体无缺陷，手脚灵活", "disability", "indirect"),
    ("持残疾证者不予考虑", "disability", "exclusion"),
    ("残废的不要，要能跑业务", "disability", "crude wording"),
    # disability — negatives
    ("本单位按比例安排残疾人就业，欢迎持证者报名", "", "inclusive"),
    ("残疾人辅助器具适配师", "", "topic of work"),
    ("残联项目专员，负责残疾人职业培训", "", "topic of work"),
    ("福利待遇健全，五险一金", "", "not about people"),
    ("盲人按摩店招聘按摩师，视障人士优先", "", "positive action for the disabled"),
    ("驾驶员需无色盲，依据机动车驾驶证申领规定", "", "bona fide: legal licence condition"),
    # mixed and long sentences with the condition buried
    (
        "任职要求：1.男女不限，年龄25-40岁；2.湘潭本地户口；3.身体健康，无乙肝；4.有2年以上相关经验。",
        "age;region_hukou;health",
        "numbered list, lawful sex",
    ),
    (
        "我公司因业务扩展，现面向社会诚聘门店店长若干名，要求有三年以上连锁零售管理经验，熟悉商品陈列和库存管理，"
        "35周岁以下，男性优先，待遇面议",
        "age;gender",
        "buried in a long sentence",
    ),
    (
        "招聘条件：品貌端正，身高1.60米以上，已婚已育，本地户籍，年龄30～45岁",
        "appearance_height;marital_childbearing;region_hukou;age",
        "four grounds",
    ),
    (
        "岗位职责：负责客户接待与咨询，维护客户关系，完成销售目标；任职资格：女，未婚，形象气质佳",
        "gender;marital_childbearing;appearance_height",
        "after the duties",
    ),
    (
        "熟悉财务软件操作，持初级会计证，能熟练使用Excel，限女性，年龄在二十五至三十五岁之间",
        "gender;age",
        "buried at the end",
    ),
    ("有责任心，服从安排，汉族，无不良嗜好", "ethnicity", "buried bare ethnicity"),
    ("要求年龄45岁以下（男）/40岁以下（女），身体健康，能适应两班倒", "age", "age limit by sex"),
    ("男女不限，年龄18-45岁，户籍不限", "age", "lawful sex and hukou, age range"),
    ("学历不限，性别不限，但仅限本地户口", "region_hukou", "lawful then restriction"),
    ("请在简历中注明身高、体重及婚姻状况", "appearance_height;marital_childbearing", "asking"),
    ("简历需附籍贯、民族、婚育信息", "region_hukou;ethnicity;marital_childbearing", "asking"),
    ("性别、年龄、户籍、民族不限", "", "lawful list"),
    ("本招聘不设性别、民族、户籍限制", "", "lawful"),
    ("欢迎男女应届生、往届生及退役军人报名", "", "lawful"),
    # fees / deposits — positives
    ("上岗前需缴纳工装费及工牌费共计150元", "fees_deposits", "uniform fee"),
    ("入职需押身份证原件，试用期满归还", "fees_deposits", "keeping ID"),
    ("面试通过后需交报名费200元办理入职手续", "fees_deposits", "registration fee"),
    ("需交纳800元风险保证金，离职时无息退还", "fees_deposits", "deposit"),
    ("体检统一到指定医院，费用260元由个人先行缴纳", "fees_deposits", "medical fee (warning)"),
    ("中介服务费300元，推荐成功后收取", "fees_deposits", "agency fee"),
    ("入职前缴纳押金1000元（可从工资分期扣除）", "fees_deposits", "deposit"),
    (
        "【福利待遇】包吃住，月休4天，入职需交服装押金300元，做满半年退还",
        "fees_deposits",
        "buried in benefits",
    ),
    ("本公司招聘不收取任何费用，但入职需交体检费120元", "fees_deposits", "negation then a fee"),
    # fees — negatives
    ("保证金核算会计：负责投标保证金的登记与退还", "", "finance duty"),
    ("本公司承诺招聘全程不收取任何费用", "", "negated"),
    ("入职体检费用由公司全额承担", "", "employer pays"),
    ("工装免费发放，离职时无需退还", "", "benefit"),
    ("押金管理系统开发（共享单车业务）", "", "product"),
    ("应聘者无需缴纳任何押金或保证金", "", "negated list"),
    # training loans — positives
    ("零基础包教包会，学费可先学后付，推荐就业", "training_loan", "pay after training"),
    (
        "先培训后就业，培训费用可办理分期，月供仅需几百元",
        "training_loan;fees_deposits",
        "recruit-to-train with instalments",
    ),
    (
        "招聘储备人才，入职前需参加为期四个月的付费培训，可申请助学分期",
        "training_loan;fees_deposits",
        "paid training as entry condition",
    ),
    ("签约学员结业后推荐到合作企业上班，学费由金融机构垫付", "training_loan", "loan by a lender"),
    ("无经验可申请“先就业后付款”，培训期间无工资", "training_loan", "pay after the job"),
    ("入职即可申请学费贷款，工作后每月从工资中还款", "training_loan", "loan"),
    # training — negatives
    ("贷款审批专员：负责个人消费贷款的审核", "", "credit job"),
    ("公司提供免费岗前培训，培训期间照发工资", "", "paid training"),
    ("培训讲师：负责企业内训课程开发", "", "duty"),
    ("高校资助中心助学贷款政策咨询员", "", "topic of work"),
    ("信贷风控模型开发工程师", "", "credit job"),
    # contact off platform — positives
    ("有意向的直接加V：hr_lina2026", "contact_off_platform", "加V"),
    ("详情请咨询企鹅：278345612", "contact_off_platform", "企鹅 = QQ"),
    ("投递简历后请主动添加招聘专员微信，否则不予安排面试", "contact_off_platform", "WeChat as a condition"),
    ("扫描下方二维码加入求职群了解详情", "contact_off_platform", "QR code group"),
    ("联系人：王经理 电话/微信：138 0731 2468", "contact_off_platform", "phone + WeChat with spaces"),
    ("请加薇信 zp_8899 获取面试时间", "contact_off_platform", "variant 薇信"),
    # contact — negatives
    ("QQ浏览器产品经理", "", "product"),
    ("熟悉微信支付、支付宝等第三方支付接入", "", "product"),
    ("请通过本平台在线投递简历，我们会在三个工作日内回复", "", "lawful"),
    ("客服需通过微信、电话解答客户问题", "", "duty"),
    ("负责企业微信私域社群的日常运营", "", "duty"),
    # brushing — positives
    ("招聘网店刷单员，在家即可操作，一单一结", "brushing", "brushing"),
    ("帮商家做好评任务，每单佣金8-15元，需自行垫付货款", "brushing", "advance payment"),
    ("抖音关注点赞任务，动动手指日入三百", "brushing", "task scam"),
    ("急招线上兼职：拍单员，本金+佣金当场返还", "brushing", "拍单"),
    ("刷信誉兼职，学生宝妈均可", "brushing", "刷信誉"),
    ("做单员：按要求下单浏览商品，返利高", "brushing", "做单"),
    # brushing — negatives
    ("刷单风控分析师：搭建电商反作弊识别模型", "", "anti-fraud duty"),
    ("日结兼职：展会现场搬运，每天150元，当天结清", "", "real daily-paid work"),
    ("抖音直播运营，负责直播间数据分析", "", "duty"),
    ("负责打击虚假交易、炒信行为的规则制定", "", "anti-fraud duty"),
    ("墙面粉刷工，按平米计价，日结", "", "painter, daily pay"),
]


# A fifth crafted batch, split "test5", written on 2026-11-28 by a helper of another session that never opened the
# rules, the classifier, its training data, their tests or the benches, nor the earlier crafted batches (blind to what
# the screening catches and to how earlier authors wrote), from general knowledge of job ads across the whole labour
# market (factories, construction, delivery, catering, domestic service, security, live streaming, call centres,
# public-institution outsourcing, overseas labour, campus recruiting) and the law. The held-out measure for the final
# figure: never used to change the rules or the classifier before its first run.
CRAFTED_TEST5: list[tuple[str, str, str]] = [
    # gender
    ("【急招】电子厂普工20名，只要男的，长白班，包吃住，月综合6000+", "gender", ""),
    ("招聘：仓库搬运工，男，能吃苦耐劳，计件工资多劳多得", "gender", "bare 男 in the list"),
    ("前台接待2名 要求：女，大专以上，普通话标准", "gender", ""),
    ("本店招女服务员数名，有经验者优先，工资面议", "gender", ""),
    ("外卖骑手站点招人，限男士，有电动车的优先，日入300+", "gender", ""),
    ("岗位要求：1. 男性；2. 持C1驾照三年以上；3. 熟悉长沙市区路线", "gender", ""),
    ("财务助理 | 女生优先 | 本科 | 会用用友U8", "gender", "preference"),
    (
        "因工作需经常出差，本岗位不考虑女性候选人",
        "gender",
        "exclusion with a stated but not bona fide reason",
    ),
    (
        "Sales Representative — male candidates preferred, must be willing to travel. 销售代表，男士优先",
        "gender",
        "bilingual",
    ),
    (
        "育儿嫂，女，有育婴师证，住家，月薪8000-10000",
        "gender",
        "domestic childcare limited to women: a warning (as 月嫂 限女性)",
    ),
    ("小区保安队长，退伍军人优先，男性，身体素质好", "gender", "退伍军人优先 lawful; 男性 is the limit"),
    ("客服专员（仅限女生），坐班，底薪3000+提成", "gender", ""),
    ("性别：男 学历：高中及以上 工作地点：湘潭经开区", "gender", "field form"),
    ("招聘司机一名，要求男司机，驾龄5年以上", "gender", ""),
    ("本岗位更适合男同志，晚班较多，请女同志慎重考虑", "gender", "indirect discouragement"),
    ("幼儿园招聘男幼师2名（女幼师已满）", "gender", "a sex quota, even if it balances staff"),
    ("招聘男女服务员各5名，月休4天", "gender", "positions allotted by sex"),
    ("限男仕，能适应倒班，月薪7k-9k", "gender", "variant 仕"),
    ("性別：女（文員）", "gender", "traditional characters"),
    ("招nv生，做奶茶，周末兼职", "gender", "pinyin nv"),
    ("这个岗位只收男的哈，女孩子搬不动货，别问了", "gender", ""),
    ("保洁阿姨两名，手脚麻利，包午餐", "gender", "阿姨 as the job title asks for a woman: a warning"),
    ("物业维修工：男，持电工证", "gender", ""),
    ("餐厅传菜生，帅小伙优先考虑", "gender;age;appearance_height", "小伙 (gender, age), 帅 (appearance)"),
    ("美容院招学徒，女孩子，包吃住，学会为止", "gender;age", "女孩子 as 小姑娘"),
    # age
    ("普工要求18-35周岁，身体健康，能适应两班倒", "age", "身体健康 too general"),
    ("年龄：45岁以下，初中文化即可", "age", ""),
    ("保洁员，年龄55岁以内，手脚麻利", "age", ""),
    ("招收应届生及35岁以内社会人员", "age", ""),
    ("限90后，00后也可以，团队年轻有活力", "age", ""),
    ("要求年龄在二十五至四十周岁之间", "age", "Chinese numerals"),
    ("快递分拣员，年纪不超过40，夜班有补贴", "age", ""),
    ("超过50岁的就不用打电话了", "age", ""),
    ("岗位要求：年轻有活力，最好是95后", "age", ""),
    ("应聘者须为1988年1月1日以后出生", "age", "birth date"),
    ("Age: 22–30, fluent English required. 年龄22至30岁，英语流利", "age", "bilingual"),
    ("电话客服 年龄18~28岁 普通话标准 无经验可培训", "age", ""),
    ("编外聘用人员报名条件：年龄在30周岁以下（1996年11月以后出生）", "age", "public-institution outsourcing"),
    ("大龄勿扰", "age", ""),
    ("保险销售 年龄25-45 有车优先 大专以上", "age", ""),
    ("家政服务员：要求48岁以下，身体好，能住家", "age", ""),
    ("年龄：１８－３５周岁", "age", "full-width numerals"),
    ("年紀35歲以下，有餐飲經驗", "age", "traditional characters"),
    ("35岁+的就别投了～～", "age", ""),
    ("招聘小年轻，跟着师傅学开挖机，包吃住", "age", ""),
    ("岗位需求：22周岁至32周岁，大专学历，有销售经验者优先", "age", ""),
    ("超龄者系统将自动过滤，请勿重复投递（限40岁以内）", "age", ""),
    # region / hukou
    ("限本地户口，外地人勿扰", "region_hukou", ""),
    ("要求湘潭本地人，有本地户籍者优先", "region_hukou", ""),
    ("暂不招收河南、四川籍人员", "region_hukou", ""),
    ("籍贯：湖南省内优先", "region_hukou", ""),
    ("需长沙市户籍，非长沙户籍请勿投递简历", "region_hukou", ""),
    ("报名条件：具有雨湖区常住户口", "region_hukou", "public post restricted by hukou"),
    ("只招本省人，外省的不要", "region_hukou", ""),
    ("同等条件下优先录用本地生源", "region_hukou", "生源"),
    ("Local hukou (Beijing) required. 需北京户口", "region_hukou", ""),
    ("入职需提供本地担保人及户口本复印件", "region_hukou", "本地担保人 and 户口本: indirect"),
    ("东北人优先，性格豪爽能喝酒", "region_hukou", ""),
    ("农村户口的不要，只要城镇户口", "region_hukou", ""),
    ("简历请注明籍贯、户口所在地", "region_hukou", "asking 籍贯 in the CV"),
    ("厂里规定：广西、贵州的暂时不收，其他省份都可以", "region_hukou", ""),
    ("湘潭县户籍或在湘潭县居住满三年方可报名", "region_hukou", "residence as an alternative still excludes"),
    ("本地戶口優先考慮", "region_hukou", "traditional characters"),
    # ethnicity
    ("民族要求：汉族", "ethnicity", "field form"),
    ("限汉族，少数民族勿扰", "ethnicity", ""),
    ("不招少数民族，谢谢理解", "ethnicity", ""),
    ("新疆、西藏籍人员暂不录用", "region_hukou;ethnicity", "regions used as a proxy for ethnicity"),
    ("回族同胞请勿投递（食堂有猪肉）", "ethnicity", ""),
    ("简历需写明民族、政治面貌、籍贯", "region_hukou;ethnicity", "asking 民族 and 籍贯 in the CV"),
    ("同等条件下汉族优先", "ethnicity", ""),
    ("要求：汉族，男，30岁以下", "gender;age;ethnicity", ""),
    ("维族的不要", "ethnicity", ""),
    ("非汉族人员需另外提供当地派出所无犯罪证明", "ethnicity", "an extra burden by ethnicity"),
    ("Han Chinese only. 仅招汉族员工", "ethnicity", ""),
    ("少数民族的不太适合我们这个岗位", "ethnicity", ""),
    ("藏族、彝族人员不予录用", "ethnicity", ""),
    (
        "报名表须填写：姓名、性别、民族、出生年月、婚否",
        "ethnicity;marital_childbearing",
        "judgement call: 民族 and 婚否 asked; 性别 and 出生年月 on a form not labelled",
    ),
    # marital / childbearing
    ("已婚已育优先，家庭稳定", "marital_childbearing", ""),
    ("限未婚，能接受长期出差", "marital_childbearing", ""),
    ("入职后三年内不得怀孕生育", "marital_childbearing", ""),
    ("面试时需说明婚育情况及生育计划", "marital_childbearing", ""),
    ("女性需已婚已育，未育者勿扰", "gender;marital_childbearing", ""),
    ("入职体检含妊娠检查（尿HCG）", "marital_childbearing", "pregnancy test"),
    ("婚姻：未婚（必须）", "marital_childbearing", "field form"),
    ("孕妇及哺乳期妇女不予考虑", "marital_childbearing", ""),
    ("二胎已生完的宝妈优先", "gender;marital_childbearing", ""),
    ("单身优先，能适应倒班", "marital_childbearing", ""),
    ("要求有稳定家庭，已婚者优先录用", "marital_childbearing", ""),
    ("近两年内无生育计划", "marital_childbearing", ""),
    ("Married with children preferred. 已婚已育者优先", "marital_childbearing", ""),
    ("需签订承诺书：合同期内不结婚、不生育", "marital_childbearing", ""),
    ("简历请附婚否、子女情况", "marital_childbearing", ""),
    ("离异带孩子的不考虑", "marital_childbearing", ""),
    ("已昏已育优先", "marital_childbearing", "typo 昏 for 婚"),
    ("未hun未育的小姐姐勿扰哦", "gender;marital_childbearing", "pinyin hun; 小姐姐 marks women"),
    # appearance / height
    ("身高160cm以上，五官端正", "appearance_height", ""),
    ("形象好气质佳，身材匀称", "appearance_height", ""),
    ("酒店迎宾：男身高175以上，女165以上", "appearance_height", "height by sex labelled appearance only"),
    ("颜值高的优先考虑，可以当门面", "appearance_height", ""),
    ("请附近期生活照一张，无照片简历不予回复", "appearance_height", "photo asked for (indirect)"),
    ("脸上无明显疤痕、胎记", "appearance_height", ""),
    ("要求体重不超过60公斤，身材苗条", "appearance_height", ""),
    ("长相甜美，声音好听，有直播经验", "appearance_height", ""),
    ("ktv服务员 形象气质好 身高1米6以上", "appearance_height", ""),
    ("不要太胖的，需穿统一制服", "appearance_height", ""),
    ("身高：165㎝+", "appearance_height", ""),
    ("面试需化淡妆，形象分占40%", "appearance_height", "appearance scored"),
    ("保安身高一米七二以上，体格健壮", "appearance_height", "no legal height standard for private security"),
    ("yan值在线，上镜好看", "appearance_height", "pinyin yan"),
    ("相貌端庄，举止大方", "appearance_height", ""),
    ("sg170+，形象好，能喝酒的优先", "appearance_height", "sg = 身高"),
    ("请发一张不开美颜的自拍到邮箱", "appearance_height", "photo asked for"),
    # health
    ("乙肝携带者勿投", "health", ""),
    ("无传染病、无乙肝大三阳", "health", "乙肝 is not a food-work exclusion"),
    ("入职体检包含乙肝两对半，阳性者不予录用", "health", ""),
    ("HIV阳性者不适合本岗位", "health", ""),
    ("有精神病史或癫痫病史的请勿应聘", "health", "a warning"),
    ("需提供三甲医院体检报告（含乙肝五项）", "health", "HBV test asked for"),
    ("身体健康，无高血压、糖尿病等慢性病", "health", ""),
    ("小三阳也不行，体检过不了的别来", "health", ""),
    ("有过重大疾病史的不予考虑", "health", ""),
    ("近半年内做过手术的暂不考虑", "health", ""),
    ("简历请注明有无既往病史", "health", "health data asked for"),
    ("HBsAg-positive applicants will not be considered. 表面抗原阳性者不予录用", "health", ""),
    ("有抑郁症等心理疾病的请不要来", "health", ""),
    ("肝功能异常者不录用", "health", ""),
    ("幽门螺旋杆菌阳性者不录用（餐饮岗）", "health", "not a legal exclusion for food work"),
    ("乙肝小三阳/大三阳者勿扰", "health", ""),
    # disability
    ("五官端正，四肢健全", "appearance_height;disability", ""),
    ("身体无任何残疾", "disability", ""),
    ("残疾人士请勿投递，谢谢", "disability", ""),
    ("无色弱色盲，视力良好（裸眼5.0）", "disability", "no reason stated"),
    ("听力障碍者不适合本职位", "disability", ""),
    ("要求肢体健全，无任何身体缺陷", "disability", ""),
    ("有残疾证的不要", "disability", ""),
    ("走路不能有明显跛行，形象要端正", "appearance_height;disability", ""),
    ("不招聋哑人", "disability", ""),
    ("坐轮椅的不方便，抱歉", "disability", ""),
    ("身体无缺陷、无残疾、无纹身", "appearance_height;disability", ""),
    ("Applicants must be able-bodied. 需身体健全", "disability", ""),
    ("有残疾者不予报名，请在报名表中如实填写", "disability", ""),
    ("口吃、视力障碍者不予录取", "disability", ""),
    # several categories, long sentences, real registers
    (
        "【诚聘】湘潭某电子厂长期招聘普工，工作内容：流水线组装、检验、包装，要求：女工，18-38岁，身高155以上，无纹身无染发，能适应两班倒，吃住免费，月薪5500-7000",
        "gender;age;appearance_height",
        "conditions after the duties",
    ),
    (
        "任职资格：1、本科及以上学历，计算机相关专业；2、三年以上Java开发经验；3、男，35岁以下，已婚优先；4、能接受出差",
        "gender;age;marital_childbearing",
        "",
    ),
    (
        "某国企劳务派遣岗位：综合文员，要求女性，未婚，28周岁以下，湘潭户籍，形象气质佳",
        "gender;age;region_hukou;marital_childbearing;appearance_height",
        "",
    ),
    (
        "月嫂：45-52岁，湖南本地人，有育儿经验，身体健康，需提供健康证",
        "age;region_hukou",
        "健康证 lawful for infant care",
    ),
    (
        "出国劳务：日本食品厂，限女性，20-35岁，初中以上，无纹身无犯罪记录，报名费3000元出国前交齐",
        "gender;age;appearance_height;fees_deposits",
        "",
    ),
    ("保安：男，18-50岁，身高170以上，退伍军人优先，无不良嗜好", "gender;age;appearance_height", ""),
    (
        "酒店招聘：礼宾部，男175+，女163+，五官端正，未婚，25岁以下，简历附全身照",
        "age;marital_childbearing;appearance_height",
        "",
    ),
    (
        "主播招募 | 女 | 18-26岁 | 身高160+ | 体重100斤以内 | 颜值高 | 无经验可带 | 底薪+提成",
        "gender;age;appearance_height",
        "BOSS-style bullets",
    ),
    (
        "导购员：女，22-35岁，本地人优先，形象好，会开车者优先",
        "gender;age;region_hukou;appearance_height",
        "",
    ),
    ("招聘厨房帮工：男女不限，55岁以下，无乙肝等传染病，需有健康证", "age;health", "健康证 lawful; 乙肝 not"),
    (
        "某事业单位编外人员招聘公告：报名条件（3）年龄18周岁以上、35周岁以下（应届硕士研究生可放宽至40周岁）；（4）具有湘潭市户籍",
        "age;region_hukou",
        "",
    ),
    ("货运司机：男，本地户口，25-55岁，三年驾龄，无犯罪记录", "gender;age;region_hukou", ""),
    ("环卫工人：60岁以下，男性优先，本区户籍", "gender;age;region_hukou", ""),
    ("收银员 女 已婚 30-45 岁 家住附近", "gender;age;marital_childbearing", "家住附近 not labelled"),
    ("招聘护工：女性，40-55岁，汉族，身体健康，能吃苦", "gender;age;ethnicity", ""),
    (
        "Foreign trade sales 外贸业务员: female, under 28, good looking, unmarried preferred",
        "gender;age;marital_childbearing;appearance_height",
        "English in a Chinese ad",
    ),
    (
        "投递简历时请一并附上：一寸照片、身份证正反面、户口本首页、婚育证明",
        "region_hukou;marital_childbearing",
        "一寸照片 on a form not labelled",
    ),
    ("老板需要一个年轻有活力的女助理，会开车的优先 🚗", "gender;age", "朋友圈 post"),
    (
        "生产线操作工（劳务派遣）：限男，20-40周岁，汉族，无纹身，无色盲",
        "gender;age;ethnicity;appearance_height;disability",
        "",
    ),
    (
        "幼师：女，25岁以下，未婚，身高158以上，普通话二甲",
        "gender;age;marital_childbearing;appearance_height",
        "",
    ),
    ("医院护工（外包）：年龄50岁以下，身体健康，无慢性病，无残疾", "age;health;disability", ""),
    (
        "快递员急招，男，20-45岁，不要新疆西藏的，押金500入职交",
        "gender;age;region_hukou;ethnicity;fees_deposits",
        "regions as ethnicity proxy",
    ),
    ("电话销售，学历不限，年龄22-35，需交服装费100元", "age;fees_deposits", ""),
    (
        "✨宝妈专属✨在家带娃也能赚，限已婚女性，手机操作，做任务返佣金，日结",
        "gender;marital_childbearing;brushing",
        "抖音-style caption; a task scheme",
    ),
    ("限 男 ， 35 岁 以 下", "gender;age", "spaced out"),
    (
        "招聘启事：女生宿舍宿管员1名，50周岁以下，能值夜班",
        "age",
        "a woman for a women's dorm is not asked; the age limit is",
    ),
    ("地铁安检员：男女不限，身高男170女158以上，18-30岁，五官端正无纹身", "age;appearance_height", ""),
    ("急招酒店客房服务员，阿姨大姐优先，50岁以内，有健康证", "gender;age", "阿姨大姐 asks for women"),
    (
        "简历模板：照片、身高、体重、血型、籍贯、婚否必填",
        "region_hukou;marital_childbearing;appearance_height",
        "personal data asked for",
    ),
    ("应聘条件：体检合格（含乙肝、HIV、妊娠检测）", "health;marital_childbearing", ""),
    ("外派非洲项目：限男性，45岁以下，身体健康无传染病", "gender;age", "health too general"),
    ("招聘出纳：本地人，女，已婚已育，有房有车者优先", "gender;region_hukou;marital_childbearing", ""),
    ("美容顾问：女，20-30岁，皮肤好，五官端正，身高160以上", "gender;age;appearance_height", ""),
    (
        "中专/技校校园招聘：限男生，要求身高165cm以上，视力无色盲",
        "gender;appearance_height;disability",
        "campus recruiting",
    ),
    (
        "保姆：住家，照顾老人，要求55岁以下，湖南籍，会做湘菜",
        "age;region_hukou",
        "湘菜 is a skill, 湖南籍 the limit",
    ),
    # traps: fees / deposits
    ("入职需交押金300元，干满三个月退还", "fees_deposits", ""),
    ("工服费80元从第一个月工资扣", "fees_deposits", ""),
    ("体检费自理，需到指定医院体检，费用150元", "fees_deposits", "applicant-paid medical at a named clinic"),
    ("报名费200元，包分配工作", "fees_deposits", ""),
    ("中介服务费一次性收取800元，不成功全退", "fees_deposits", "labour agency"),
    ("上岗前需缴纳保证金2000元，离职时无违规全额退还", "fees_deposits", ""),
    ("入职押身份证原件，离职时归还", "fees_deposits", "keeping documents"),
    ("工牌和门禁卡工本费50元，入职当天交", "fees_deposits", ""),
    ("资料费、建档费共计260元，当天交当天安排面试", "fees_deposits", ""),
    ("骑手需自购装备，装备费600元由站点代收", "fees_deposits", ""),
    # traps: training loans
    ("零基础包教包会，学费可分期，先学习后付款，毕业包就业", "fees_deposits;training_loan", ""),
    ("入职前需参加岗前培训，培训费9800元可申请分期贷款，月供低至300", "fees_deposits;training_loan", ""),
    ("招聘UI设计师，无经验可，需先到合作机构培训4个月，费用可走信用贷", "fees_deposits;training_loan", ""),
    (
        "需签订培训服务协议，培训费通过指定金融平台分期支付，入职后从工资中还款",
        "fees_deposits;training_loan",
        "",
    ),
    ("主播培训班招生：学费0首付，18期免息，结业签约公会", "fees_deposits;training_loan", ""),
    ("招美容学徒，学费可贷款，学成安排到门店上班", "fees_deposits;training_loan", ""),
    (
        "招聘即招生，入职需办理教育分期，不用本人出一分钱",
        "fees_deposits;training_loan",
        "the instalment loan is the fee (as paid training with instalments)",
    ),
    ("先培训后就业，培训期间办理分期，就业后用工资还款", "fees_deposits;training_loan", ""),
    # traps: contact off the platform
    ("详情加微信：zhaogong8866，平台消息不回", "contact_off_platform", ""),
    ("有意者加V：hr_xiaoli，备注应聘", "contact_off_platform", ""),
    ("请添加QQ群285966170详聊，勿在本站留言", "contact_off_platform", ""),
    ("投简历请发到私人邮箱，或者直接加我vx", "contact_off_platform", ""),
    ("扫码进群，群里统一安排面试", "contact_off_platform", ""),
    ("感兴趣的私信我，发你联系方式，平台上不方便说", "contact_off_platform", ""),
    ("下载“好工作”App注册后联系客服领取岗位", "contact_off_platform", ""),
    ("联系方式见图片，或加威信 wx13800000000", "contact_off_platform", "variant 威信"),
    ("直接打电话183****6721，不看平台消息", "contact_off_platform", ""),
    # traps: brushing
    ("手机兼职，在家就能做，给淘宝商家刷单，一单佣金5-20元", "brushing", ""),
    ("点赞关注抖音号，一个3元，日结", "brushing", ""),
    ("招聘网店补单员，需先垫付货款，完成后本金+佣金一起返", "brushing", ""),
    ("京东好评员，每天2小时，月入3000+", "brushing", ""),
    ("帮商家提升店铺销量，做任务返佣金，宝妈学生均可", "brushing", "宝妈学生均可 is not a limit"),
    ("淘宝刷信誉，不需要押金，做一单结一单", "brushing", "不需要押金: no fee"),
    ("抖音直播间挂人气，每天挂机4小时日结80", "brushing", ""),
    ("拉新兼职：下载APP注册即可得佣金，一个15元", "brushing", "paid fake sign-ups (刷量)"),
    # negatives: lawful mentions
    ("男女不限，年龄不限，有无经验均可", "", ""),
    ("不限户籍，外地员工提供宿舍", "", ""),
    ("招聘不限性别、民族、户籍，欢迎有志者加入", "", ""),
    ("年龄、性别都不限，只要肯干", "", ""),
    ("已婚未婚均可，夫妻同来可安排夫妻房", "", ""),
    ("欢迎宝妈、退休人员兼职，时间灵活", "", "an invitation, not a limit"),
    ("应届生、往届生均可报名", "", ""),
    ("本岗位不限学历、不限年龄，欢迎农民工朋友", "", ""),
    (
        "Equal opportunity employer: we do not discriminate on gender, age, ethnicity or marital status. 我们是平等机会雇主",
        "",
        "",
    ),
    ("本公司承诺招聘中不询问求职者婚育情况", "", ""),
    ("招聘过程中不检查乙肝项目，乙肝携带者可正常入职", "", ""),
    ("残疾人可报名，公司提供无障碍工位", "", ""),
    ("欢迎持证残疾人应聘，符合条件者按比例安置", "", ""),
    ("性别：不限  年龄：不限  学历：初中", "", ""),
    ("无论男女，只要能胜任工作都欢迎", "", ""),
    ("湘潭本地及外地求职者均可，外地员工可报销来厂路费", "", ""),
    ("不看颜值不看身高，看能力", "", ""),
    ("45岁以上的阿姨叔叔也可以来，岗位轻松", "", "an invitation, not a limit"),
    ("民族不限，公司食堂设有清真窗口", "", ""),
    ("少数民族员工享受民族节日假", "", ""),
    ("主播：男女不限，形象不限，会聊天就行", "", ""),
    ("身材不限，工作服尺码齐全", "", ""),
    ("不限民族，尊重各民族饮食习惯", "", ""),
    ("孕妇也可以做，坐着工作不累", "", ""),
    ("年龄不限，有驾照即可，欢迎退役军人", "", ""),
    ("退休返聘：欢迎已退休的会计师，年龄不限", "", ""),
    ("户籍不限，持居住证即可享受本市职工待遇", "", ""),
    # negatives: benefits
    ("女员工享受98天产假及生育津贴", "", ""),
    ("缴纳五险一金，含生育保险", "", ""),
    ("可协助办理落户，解决户口", "", ""),
    ("提供夫妻房，单身宿舍四人一间", "", ""),
    ("婚假、产假、陪产假、育儿假按国家规定执行", "", ""),
    ("三八妇女节放假半天，发节日礼品", "", ""),
    ("哺乳期女职工每天享有一小时哺乳时间", "", ""),
    ("公司每年组织员工免费体检", "", ""),
    ("入职体检费用由公司承担，员工无需支付", "", ""),
    ("员工子女可入读公司附属幼儿园", "", ""),
    ("提供人才公寓，博士安家费20万元", "", ""),
    ("高温补贴、夜班补贴、工龄工资", "", ""),
    ("包吃包住，免费提供工作服", "", ""),
    ("女职工孕期可调整为白班，不降薪", "", ""),
    ("退役军人、残疾人就业享受国家补贴政策", "", ""),
    ("夜班岗位，有夜班津贴，女员工下夜班提供接送", "", ""),
    ("员工生日会、年度旅游、结婚礼金", "", ""),
    ("提供外地员工春节返乡车票报销", "", ""),
    # negatives: negations
    ("本公司招聘不收取任何费用，谨防上当受骗", "", ""),
    ("不收押金、不扣证件、不收体检费", "", ""),
    ("全程免费培训，无需贷款，无任何隐性收费", "", ""),
    ("请通过平台在线沟通，我司不会要求添加私人微信", "", ""),
    ("凡以我司名义收取报名费的均系诈骗，请报警", "", ""),
    ("本岗位不是刷单，不需要垫付任何资金", "", ""),
    ("我们不要求提供照片、籍贯、婚育信息", "", ""),
    ("招聘不设身高、相貌要求", "", ""),
    ("面试不需要体检报告，入职后统一安排", "", ""),
    ("培训期间带薪，不收取培训费", "", ""),
    ("入职不需要交任何钱，有收费的都是骗子", "", ""),
    ("快递员：多劳多得，无需押金，公司提供电动车", "", ""),
    ("出国劳务正规渠道：持对外劳务合作经营资格证书，不收取押金", "", ""),
    (
        "The company provides maternity leave and does not ask about family plans. 提供产假，不询问家庭计划",
        "",
        "",
    ),
    ("面试需携带个人简历一份，无需照片", "", ""),
    ("公司不会以任何理由扣押员工身份证", "", ""),
    # negatives: bona fide requirements with their reason
    ("女宾浴区服务员需女性（进出女宾更衣区），男宾区另招", "", "bona fide: privacy in changing rooms"),
    (
        "高处作业岗位：须持特种作业操作证，按规定患有高血压、心脏病、癫痫等禁忌症者不得从事高处作业",
        "",
        "bona fide: statutory contraindications for work at height",
    ),
    (
        "食品加工岗位须持有效健康证，依《食品安全法》患有痢疾、伤寒、甲型戊型病毒性肝炎等疾病者不得从事接触直接入口食品工作",
        "",
        "bona fide: the statutory list",
    ),
    ("驾驶员须持A2驾照，按驾驶证申领规定无红绿色盲", "", "bona fide: licence rule"),
    (
        "飞行学员招收：身体条件须符合民航《民用航空人员体检合格证管理规则》Ⅰ级体检标准",
        "",
        "bona fide: aviation medical standard",
    ),
    ("男士内衣试穿模特，需男性，身高175-180以适配样衣尺码", "", "bona fide: fit model"),
    ("话剧团招聘演员：剧中角色为六十岁老年男性", "", "bona fide: casting"),
    ("放射科技师：按规定孕期女职工不从事介入放射工作，孕期可调岗", "", "protection without exclusion"),
    (
        "三甲医院编外护士：取得护士执业资格，符合护士执业注册健康标准",
        "",
        "the statutory registration standard",
    ),
    ("年满16周岁（依法禁止使用童工）", "", "legal minimum age"),
    ("需年满18周岁（涉及夜班和危险化学品操作，不招未成年工）", "", "legal protection of minors"),
    ("本岗位需经常搬运30公斤以上货物，请根据自身情况投递", "", "the task stated, no group excluded"),
    ("会说湘潭话更好，方便和本地老年客户沟通", "", "language for the clients, not hukou"),
    ("岗位要求：能吃苦耐劳，服从安排，无不良嗜好", "", ""),
    ("入职需提供身份证复印件、学历证书复印件、银行卡", "", "ordinary documents"),
    # negatives: positive action and public schemes
    ("本岗位为残疾人专岗，仅面向持残疾证人员招聘", "", "positive action"),
    ("社区公益性岗位，优先安置就业困难人员、零就业家庭成员", "", "public scheme"),
    ("同等条件下退役军人优先", "", "lawful preference"),
    ("高校毕业生就业见习岗，面向离校两年内未就业毕业生", "", "public scheme"),
    ("脱贫人口、防止返贫监测对象优先录用", "", "public scheme"),
    ("听障员工友好岗位，主管会手语，欢迎听障人士", "", "positive action"),
    # negatives: topics of work using the same words
    ("负责母婴用品直播间运营，熟悉孕产人群需求", "", ""),
    ("婚纱摄影门店销售顾问", "", ""),
    ("户籍窗口辅助人员：协助派出所办理户口迁移登记", "", ""),
    ("妇幼保健院产科护士，持护士执业证", "", ""),
    ("负责乙肝疫苗冷链配送，持C1驾照", "", ""),
    ("残联系统信息化项目开发，熟悉残疾人证管理业务", "", ""),
    ("北京民族饭店招聘前厅服务员", "", "a hotel's name"),
    ("老年大学书法老师，熟悉老年人教学特点", "", ""),
    ("负责保证金账户对账与押金退款处理", "", ""),
    ("反欺诈专员：识别刷单、套现等异常交易", "", ""),
    ("小额贷款公司信贷员，负责贷后管理", "", ""),
    ("微信公众号编辑，负责推文排版", "", ""),
    ("男装专柜导购，负责西装量体", "", "the goods, not the worker"),
    ("少儿编程老师，面向6-12岁儿童授课", "", ""),
    ("育儿嫂培训讲师，持高级育婴师证", "", ""),
    ("身高体重测量仪销售工程师", "", ""),
    ("美容师：负责面部护理、皮肤管理，需持美容师资格证", "", ""),
    ("健康管理师：为客户建立健康档案", "", ""),
    ("人力资源专员：负责员工入职体检安排、户籍档案整理", "", ""),
    ("婚姻家庭咨询师（持证）", "", ""),
    ("招聘养老护理员，服务对象为70岁以上失能老人", "", ""),
    ("商场保安，负责女装区巡逻", "", ""),
    ("日结工资，当天下班发放", "", "日结 pay is not a trap by itself"),
    ("兼职家教，时薪80元，地点岳塘区", "", ""),
    ("公司提供免费技能培训，考取证书后报销考试费", "", ""),
    ("工作地点：湘潭市雨湖区，提供班车接送", "", ""),
    ("请通过本平台投递简历，HR会在3个工作日内回复", "", ""),
    ("民族舞蹈老师，教授少儿中国舞", "", ""),
    ("负责少数民族地区乡村振兴项目的调研与报告撰写", "", ""),
    ("负责社保、医保、生育保险的申报与核定", "", ""),
    ("保险代理人培训讲师，负责新人岗前培训", "", ""),
    ("招聘残疾人辅具维修技师，负责轮椅、假肢调试", "", ""),
    ("外卖骑手站长：负责骑手排班、培训与考勤管理", "", ""),
    ("体检中心前台，负责体检报告发放", "", ""),
    ("直播电商运营：负责女装直播间的选品和脚本", "", ""),
    ("婚介所红娘，负责会员婚恋匹配咨询", "", ""),
    ("面向高龄老人的居家上门护理服务，护理员需持养老护理员证", "", ""),
]


# A sixth crafted batch, split "test6", written on 2026-11-28 (about 10:55 UTC) by a helper of another session that
# never opened the rules, the classifier, its training data, their tests or the benches, nor the earlier crafted
# batches, from general knowledge of job ads across the labour market and the law. The held-out measure for the final
# figure after test5 was fixed from: never used to change the rules or the classifier before its first run.
CRAFTED_TEST6: list[tuple[str, str, str]] = [
    # gender
    ("五金厂招冲压工8名，限男性，能适应两班倒，计件工资多劳多得", "gender", ""),
    ("招聘前台文员1名（女），要求普通话标准，会基本办公软件", "gender", ""),
    ("物流园装卸工，男的来，按吨计钱，一天干得好能拿四五百", "gender", ""),
    ("本店诚聘收银员若干，女士优先，有超市工作经验者工资面议", "gender", ""),
    ("岗位：销售代表｜性别：男｜学历：大专｜经验：1-3年", "gender", "field form"),
    ("因工作需要经常出差，本岗位暂不考虑女性候选人", "gender", "exclusion with a non-bona-fide reason"),
    ("化妆品专柜BA，限女，底薪3500+提成，商场统一培训", "gender", ""),
    (
        "工地招钢筋工、木工，只招男工，夫妻工可安排做饭岗位",
        "gender",
        "the couple line is a benefit; 只招男工 is the limit",
    ),
    ("酒店客房服务员，要求女性，踏实肯干，有宿舍", "gender", ""),
    ("Sales manager wanted, male preferred, 3+ years B2B experience", "gender", "bilingual/English"),
    ("汽修学徒，招男孩子，包吃住带技术，学成后可留店", "gender;age", "男孩子 as a requirement implies youth"),
    (
        "客服专员：女生优先考虑，声音甜美，能接受早晚班",
        "gender",
        "声音甜美 is a looks-like proxy; labelled gender only",
    ),
    (
        "保安岗位仅限男士，退伍军人优先",
        "gender",
        "退伍军人优先 is lawful; 仅限男士 is not stated with a reason",
    ),
    ("幼儿园招聘配班老师，女性，有教师资格证", "gender", ""),
    ("本岗位更适合男同志，女同志慎投", "gender", "euphemistic exclusion"),
    ("招聘男性司机一名，C1驾照三年以上驾龄", "gender", ""),
    ("男女比例要求：男3名、女2名，招满即止", "gender", "sex quota"),
    ("催收专员 男 25-40岁 能承受压力", "gender;age", "several categories in a terse list"),
    # age
    ("电子厂普工，年龄18-35周岁，身份证原件报到", "age", ""),
    ("招聘超市理货员，45岁以下，能吃苦耐劳", "age", ""),
    ("要求：年龄在三十岁以内，大专以上学历", "age", "Chinese numerals"),
    ("仓库分拣员，限95后，年轻有活力", "age", ""),
    ("保洁员若干，60周岁以下身体好就行", "age", "身体好 too general; the age ceiling is the point"),
    ("诚聘业务员，年纪不超过40，有车优先", "age", ""),
    ("岗位要求：1.本科及以上学历 2.年龄28周岁以下 3.有相关工作经验者优先", "age", "buried in a list"),
    (
        "月嫂/育儿嫂，年龄38-52岁，持证上岗，工资8000-15000",
        "age",
        "age band for domestic service; no bona fide reason given",
    ),
    ("骑手招募：18~50周岁均可报名，电动车公司提供", "age", "a range is still a limit"),
    ("应聘者须为1990年1月1日以后出生", "age", "birth-date cutoff"),
    ("外卖站长，有带队经验，35+勿扰", "age", "euphemism 35+勿扰"),
    ("餐厅传菜员，年龄小于30岁，衣着整洁", "age", ""),
    ("主播助理，要求00后，会玩抖音", "age", ""),
    ("招聘安检员，男55岁以下、女50岁以下", "age", "convention: limits split by sex are labelled age only"),
    ("同等条件下年龄较轻者优先录用", "age", "preference"),
    ("我们希望找一位年龄在25至32岁之间、有相关经验的伙伴", "age", ""),
    ("工厂急招小年轻，18-25，包吃包住，工资日结", "age", "日结 alone is not a trap"),
    ("Age: under 35. Fluent English required.", "age", "English"),
    # region_hukou
    ("仅限本市户籍人员报名，外地户口请勿投递", "region_hukou", ""),
    (
        "招聘社区网格员（编外），须具有本区常住户口",
        "region_hukou",
        "outsourced public post; still a hukou limit",
    ),
    ("保安公司：东北人优先，能说普通话", "region_hukou", "regional preference"),
    (
        "工地不收河南籍、安徽籍工人，谢谢配合",
        "region_hukou",
        "convention: province-of-origin exclusion is region only",
    ),
    ("家政公司招保姆，要求本地人，知根知底", "region_hukou", ""),
    ("报名条件：具有长沙市户籍或长沙市生源的高校毕业生", "region_hukou", ""),
    ("只要湖南老乡，外省的不要", "region_hukou", ""),
    (
        "应聘人员需提供户口本首页及本人页复印件、籍贯",
        "region_hukou",
        "asking 籍贯 and the hukou book in the application",
    ),
    (
        "招聘辅警，要求本县户籍或在本县居住满五年",
        "region_hukou",
        "residence alternative still region_hukou (convention)",
    ),
    ("物业客服，限深户，非深户勿扰", "region_hukou", "abbreviation 深户"),
    ("某些地区的人不予录用（具体面谈）", "region_hukou", "veiled regional exclusion"),
    (
        "招聘话务员，潮汕人优先，会说潮汕话",
        "region_hukou",
        "origin preference; language need could be bona fide but 潮汕人 is origin",
    ),
    ("Applicants must hold a Shanghai hukou.", "region_hukou", "English"),
    (
        "临时工：本村及周边村民优先安排",
        "region_hukou",
        "local-resident preference; a moderator should see it (warning)",
    ),
    # ethnicity
    ("招聘服务员，限汉族", "ethnicity", ""),
    ("少数民族勿扰，谢谢", "ethnicity", ""),
    (
        "本厂不招新疆、西藏籍员工",
        "ethnicity;region_hukou",
        "convention: these regions stand for ethnic groups",
    ),
    ("岗位要求：汉族，25-35岁，本科", "ethnicity;age", ""),
    (
        "清真餐厅招聘服务员，要求回族",
        "ethnicity",
        "a halal kitchen needs halal practice, not a given ethnicity",
    ),
    (
        "应聘登记表：姓名、民族、政治面貌、联系电话",
        "ethnicity",
        "convention: a form asking 民族 is labelled ethnicity",
    ),
    ("不接受维吾尔族、藏族应聘者", "ethnicity", ""),
    ("招收汉族员工若干名，包住宿", "ethnicity", ""),
    ("因宿舍管理需要，暂不招收少数民族员工", "ethnicity", "pretext reason"),
    ("彝族的不要，之前招过不稳定", "ethnicity", ""),
    ("要求汉族或生活习惯与汉族相同者", "ethnicity", ""),
    ("Han nationality only, no minorities", "ethnicity", "English"),
    ("报名需填写民族，限汉族报名", "ethnicity", ""),
    ("我们不要少民，太麻烦", "ethnicity", "abbreviation 少民"),
    # marital_childbearing
    ("招聘会计，已婚已育优先", "marital_childbearing", ""),
    ("行政助理，要求未婚，三年内无生育计划", "marital_childbearing", ""),
    ("入职需承诺两年内不结婚不生育", "marital_childbearing", ""),
    ("简历请注明婚育情况", "marital_childbearing", "request for marital data"),
    ("销售经理：已婚，有孩子，家庭稳定", "marital_childbearing", ""),
    ("孕妇勿扰，岗位需经常走动", "marital_childbearing", "not a bona fide exclusion as phrased"),
    ("护士岗位：女性，未婚未育者优先", "marital_childbearing;gender", ""),
    ("面试时需出示结婚证或离婚证", "marital_childbearing", ""),
    ("有二胎计划的请不要投递", "marital_childbearing", ""),
    (
        "入职体检包含妊娠检测，孕期人员不予录用",
        "marital_childbearing",
        "pregnancy test in the medical (convention)",
    ),
    ("宿管阿姨，已婚女性，45岁左右", "marital_childbearing;gender;age", ""),
    ("婚姻状况：已婚 ✔ 未婚 ✘", "marital_childbearing", "symbol form"),
    (
        "Married candidates preferred; no plans for children in the next 2 years",
        "marital_childbearing",
        "English",
    ),
    ("要求已育，家庭稳定可长期做", "marital_childbearing", ""),
    ("夫妻一方在本单位工作的不予录用", "marital_childbearing", "marital status as an exclusion"),
    # appearance_height
    ("酒店迎宾，身高165cm以上，五官端正", "appearance_height", ""),
    ("招聘模特级售楼小姐，颜值高，身材好", "appearance_height;gender", ""),
    ("形象气质佳者优先", "appearance_height", "warning (README)"),
    (
        "男身高175以上，女身高162以上，形象好",
        "appearance_height",
        "convention: height by sex is appearance only",
    ),
    ("KTV服务员，长相甜美，年龄20-28", "appearance_height;age", ""),
    ("投递简历请附近期全身照一张", "appearance_height", "convention: full-body photo is indirect appearance"),
    ("主播招募：颜值在线，会聊天，无经验可带", "appearance_height", ""),
    ("前台要求：形象好，无纹身、无明显疤痕", "appearance_height", ""),
    ("身材匀称，体重不超过60公斤", "appearance_height", "weight limit"),
    ("销售顾问，相貌端正，身高160以上", "appearance_height", ""),
    ("颜值高的优先，丑的勿扰", "appearance_height", ""),
    (
        "空乘方向的礼仪培训讲师，要求气质出众、身高168+",
        "appearance_height",
        "a trainer is not a cabin crew; no bona fide reason",
    ),
    (
        "保安员身高1米70以上，体格健壮",
        "appearance_height",
        "体格健壮 could be fine; the height floor is not a stated requirement of the job",
    ),
    ("Receptionist: good-looking, height 165cm+", "appearance_height", "English"),
    ("要求长得清秀，看着舒服", "appearance_height", ""),
    ("请附生活照两张（一张正面，一张侧面）", "appearance_height", "photos for looks"),
    # health
    ("乙肝带菌者请勿投递简历", "health", ""),
    ("入职体检含乙肝两对半，阳性不予录用", "health", ""),
    (
        "食品厂普工，无乙肝、无皮肤病",
        "health",
        "乙肝 exclusion in food work is not lawful; 皮肤病 could be, but labelled",
    ),
    ("有糖尿病、高血压等慢性病者请勿报名", "health", ""),
    ("要求无抑郁症史、无精神病史", "health", "convention: mental-health history is health"),
    ("体检不合格（含小三阳）不予录用", "health", ""),
    ("HBV携带者不予考虑", "health", "abbreviation"),
    ("近三年内做过手术的不要", "health", ""),
    ("无心脏病、无癫痫、无哮喘病史", "health", ""),
    ("HIV阳性者不予录用", "health", ""),
    (
        "需提供三甲医院近一个月体检报告，含肝功能五项",
        "health",
        "liver function panel stands for HBV screening",
    ),
    ("身体有病的别来，我们不养闲人", "health", "crude exclusion; warning"),
    ("Candidates with chronic illness need not apply", "health", "English"),
    ("幽门螺杆菌阳性者不予录用", "health", ""),
    ("要求无任何病史，身体倍儿棒", "health", "any medical history as an exclusion"),
    # disability
    ("要求四肢健全，能干重活", "disability", "warning (README)"),
    ("身有残疾的就别来面试了", "disability", ""),
    ("招聘文员，不招残疾人", "disability", ""),
    ("无色盲色弱，五官健全", "disability", "convention: 色盲 without a reason is disability"),
    ("听力正常，无口吃", "disability", ""),
    ("肢体残疾人员不适合本岗位（办公室文职）", "disability", "desk job: not bona fide"),
    ("要求身体无残缺，视力良好", "disability", ""),
    ("持残疾证者不予录取", "disability", ""),
    ("Applicants with disabilities will not be considered", "disability", "English"),
    ("需五官端正、四肢健全、无明显残疾", "disability;appearance_height", ""),
    ("要求行走自如，不接受轮椅使用者（岗位为电话客服）", "disability", "phone job; not bona fide"),
    ("左撇子和有身体缺陷的请勿应聘", "disability", ""),
    ("招一个手脚健全的帮工", "disability", ""),
    ("盲人、聋哑人不收", "disability", ""),
    # mixed
    ("招聘包装工：女，30-45岁，本地户口，已婚", "gender;age;region_hukou;marital_childbearing", ""),
    ("限男，汉族，身高170+，无纹身，乙肝勿扰", "gender;ethnicity;appearance_height;health", ""),
    (
        "简历须附：一寸照片、身份证、户口本、结婚证、体检报告",
        "region_hukou;marital_childbearing;health",
        "the 一寸照片 not labelled (convention); hukou book, marriage certificate and medical report are",
    ),
    ("招美女服务员，18-25岁，未婚，形象好", "gender;age;marital_childbearing;appearance_height", ""),
    ("保安：男，50岁以下，身体健全，本地人优先", "gender;age;disability;region_hukou", ""),
    (
        "【急聘】餐厅服务员 女 18一28岁 身高158以上 包吃住",
        "gender;age;appearance_height",
        "typo-like 一 for -",
    ),
    (
        "护理员：女，45—55岁，已婚，无传染病",
        "gender;age;marital_childbearing",
        "无传染病 alone unlabelled (convention)",
    ),
    ("司机：男，35岁以下，北京户口，已婚有孩", "gender;age;region_hukou;marital_childbearing", ""),
    (
        "直播带货主播，女，20-26岁，颜值高，身高165以上，单身",
        "gender;age;appearance_height;marital_childbearing",
        "",
    ),
    ("要求：男性；年龄≤40；无残疾；无乙肝", "gender;age;disability;health", "full-width symbols"),
    # traps: fees_deposits
    ("入职需交服装费200元，工作满三个月退还", "fees_deposits", ""),
    ("报名费50元，面试通过后安排上岗", "fees_deposits", ""),
    ("需缴纳押金1000元，离职时无息退还", "fees_deposits", ""),
    ("身份证押在公司，满一年归还", "fees_deposits", "convention: keeping the ID card"),
    ("体检费自理（约150元），在指定医院体检", "fees_deposits", "convention: a warning"),
    ("中介费800元，包进厂，不进厂全额退", "fees_deposits", "labour-agency fee"),
    ("先交资料费和工牌费共300，当天安排面试", "fees_deposits", ""),
    ("出国劳务：办理签证需先交保证金3万元", "fees_deposits", "overseas labour deposit"),
    ("上岗前需购买工作服及工具包，费用从首月工资扣", "fees_deposits", ""),
    # training_loan
    (
        "零基础学UI设计，学费可分期，学完包就业",
        "training_loan;fees_deposits",
        "convention: instalment training is both",
    ),
    ("入职前需参加岗前培训，培训费可办理助学贷款", "training_loan;fees_deposits", ""),
    ("先培训后上岗，培训期间费用通过分期平台支付，就业后从工资还款", "training_loan;fees_deposits", ""),
    ("招聘Java开发，无经验可培训，培训费1.98万可申请贷款", "training_loan;fees_deposits", ""),
    ("主播孵化，包教包会，签约需先交学费，支持花呗分期", "training_loan;fees_deposits", ""),
    (
        "招学员，学成推荐工作，不用本人出一分钱，平台垫付学费",
        "training_loan;fees_deposits",
        "convention: still training_loan and fees",
    ),
    ("面试通过后签培训协议，培训贷款由公司合作机构办理", "training_loan;fees_deposits", ""),
    # contact_off_platform
    ("平台不常看，有意者直接加微信：wx_zp2026", "contact_off_platform", ""),
    ("详情加QQ群 7788xxxx 咨询，不在这里回复", "contact_off_platform", ""),
    (
        "私信不回，请打电话13800000000（平台消息不看）",
        "contact_off_platform",
        "convention: phone with 不看平台消息",
    ),
    ("感兴趣的加V：jobhr888，备注应聘", "contact_off_platform", "variant 加V"),
    ("请勿在本平台沟通，下载「XX聊」APP联系招聘专员", "contact_off_platform", ""),
    ("简历发到私人邮箱，站内信不处理", "contact_off_platform", ""),
    ("扫码进群领取岗位，站内不答复", "contact_off_platform", ""),
    # brushing
    ("手机兼职，动动手指刷单返佣，日赚300+", "brushing", ""),
    ("招网店补单员，先垫付后返本金+佣金", "brushing", ""),
    ("点赞关注赚钱，一单5元，在家就能做", "brushing", ""),
    (
        "APP拉新，注册一个返20元，需先充值激活会员",
        "brushing;fees_deposits",
        "convention: paid sign-ups; the top-up is a fee",
    ),
    ("淘宝刷信誉兼职，宝妈学生均可，日结", "brushing", "宝妈学生均可 is an invitation"),
    ("做任务赚佣金，先垫资200元解锁高佣任务", "brushing", ""),
    ("帮商家刷好评，每条10元", "brushing", ""),
    # negatives: lawful mentions
    ("男女不限、年龄不限，有没有经验都行，包教", "", ""),
    ("不限户籍，欢迎外地朋友加入", "", ""),
    ("本岗位不设性别、年龄、户籍限制", "", ""),
    ("五险一金，带薪年假，产假、陪产假按国家规定", "", ""),
    ("享受生育津贴和育儿假", "", ""),
    ("优秀员工可协助解决落户", "", ""),
    ("提供夫妻房，可带家属", "", "benefit"),
    ("公司不收取任何费用，谨防上当受骗", "", ""),
    ("本公司招聘全程免费，不收押金、不扣证件", "", ""),
    ("入职免费体检，费用由公司承担", "", ""),
    ("欢迎残疾人朋友应聘，工位已做无障碍改造", "", "positive action"),
    ("同等条件下残疾人优先录用", "", "positive action"),
    ("欢迎退伍军人、就业困难人员应聘", "", ""),
    ("宝妈友好岗位，可弹性上班接送孩子", "", "invitation, not a limit"),
    ("不看学历不看年龄，肯干就行", "", ""),
    ("不论民族、性别、籍贯，一视同仁", "", ""),
    ("岗位无身高、外貌要求", "", ""),
    ("乙肝携带者可正常入职，入职体检不查乙肝", "", "lawful statement"),
    ("免费岗前培训，培训期间带薪", "", ""),
    ("公司承担全部培训费用，不需要员工贷款", "", ""),
    ("请通过本平台投递简历，我们不会要求添加私人微信", "", ""),
    ("警惕刷单诈骗，本公司从不招聘刷单兼职", "", ""),
    ("本招聘不需要垫付任何资金", "", ""),
    ("工作服由公司免费发放", "", ""),
    ("外地员工提供免费宿舍", "", ""),
    ("接受应届毕业生，欢迎在校生实习", "", "student status not protected"),
    ("女职工享受三八节半天假", "", "benefit"),
    ("哺乳期员工每天一小时哺乳时间", "", ""),
    ("年满18周岁即可报名", "", "legal minimum working age"),
    ("应聘者须年满十六周岁", "", "legal minimum working age"),
    ("不接受未满16周岁人员（依法禁止使用童工）", "", ""),
    ("50岁以上也可以，身体吃得消就行", "", "an invitation to older workers"),
    ("少数民族同胞欢迎投递", "", ""),
    ("已婚未婚均可报名，不问婚育", "", ""),
    ("本地外地都可以，包住", "", ""),
    ("长相不重要，能力才重要", "", ""),
    ("Equal opportunity employer: we welcome applicants of any gender, age or background", "", "English"),
    ("No fees are charged at any stage of recruitment", "", "English"),
    # negatives: bona fide requirements with the reason
    ("女子监狱狱警，限女性（依法由女性管理女性服刑人员）", "", "bona fide"),
    ("井下采掘工，限男性（法律禁止女职工从事矿山井下作业）", "", "bona fide by statute"),
    ("女装平面模特，需女性，身高168以上，衣服尺码S", "", "bona fide for a model"),
    ("男士内衣试穿模特，限男性", "", "bona fide"),
    ("食品生产岗需持有效健康证上岗", "", "legal certificate requirement"),
    ("驾驶员需持A2驾照，无色盲（驾照体检要求）", "", "convention: colour-blindness with the licence reason"),
    (
        "高空作业需持特种作业证，无恐高症、无癫痫（安全规程要求）",
        "",
        "safety requirement with reason; a hard call",
    ),
    ("女浴室保洁员，限女性", "", "privacy: bona fide"),
    ("男更衣室服务员，限男性", "", "privacy: bona fide"),
    ("哈萨克语翻译，须熟练掌握哈萨克语", "", "language skill, not ethnicity"),
    ("维吾尔语播音员，普通话和维吾尔语双语流利", "", "language skill"),
    ("潮汕话客服，需能流利使用潮汕话与客户沟通", "", "language skill, no origin limit"),
    ("游泳教练，需持社会体育指导员证，身体条件适合水中教学", "", ""),
    ("营业性演出舞蹈演员，按角色需要面试形体", "", "performance role: bona fide"),
    ("特警招录体能测试须达标（按公安部标准）", "", ""),
    (
        "辅警身高男170cm、女160cm以上（依公安机关招录体检标准）",
        "",
        "convention: 辅警 height standards are bona fide",
    ),
    (
        "孕妇及哺乳期女职工不安排接触有毒有害作业（依《女职工劳动保护特别规定》）",
        "",
        "statutory protection, not exclusion",
    ),
    ("放射科岗位，孕期调整至非放射岗位，待遇不变", "", "statutory protection"),
    # negatives: topics of work using the same words
    ("负责女装品类的采购与供应链管理", "", ""),
    ("男装品牌店长，负责门店运营", "", ""),
    ("负责母婴产品线运营，熟悉孕婴用户需求", "", ""),
    ("婚庆策划师，负责婚礼现场布置", "", ""),
    ("婚纱摄影助理，负责婚纱照拍摄后期", "", ""),
    ("养老院护理员，照护失能老人和残疾老人", "", ""),
    ("残疾人就业服务专员，负责残疾人职业培训对接", "", ""),
    ("乙肝疫苗生产线质检员", "", ""),
    ("肝病科护士，需有临床护理经验", "", ""),
    ("户籍窗口辅助人员，协助办理户口迁移业务", "", ""),
    ("少数民族地区教育项目专员，负责民族学校帮扶", "", ""),
    ("负责押金退还和保证金对账工作", "", ""),
    ("财务专员：核对供应商保证金、押金台账", "", ""),
    ("风控分析师：识别电商平台刷单、虚假交易行为", "", ""),
    ("微信公众号运营，负责推文撰写", "", ""),
    ("开发微信小程序和QQ小程序", "", ""),
    ("负责助学贷款业务审核（银行信贷岗）", "", ""),
    ("培训讲师，负责新员工入职培训课程设计", "", ""),
    ("医美咨询师，为顾客提供面部美容方案", "", ""),
    ("美发店发型师，擅长男士短发", "", ""),
    ("月子中心厨师，负责产妇营养餐", "", ""),
    ("儿科医生，负责新生儿体检", "", ""),
    ("体检中心前台，负责引导客户体检", "", ""),
    ("老年大学教务，服务60岁以上学员", "", ""),
    ("青少年编程老师，教学对象8-14岁", "", "age of pupils, not applicants"),
    ("面向35岁以上客户的保险规划顾问", "", "age of clients"),
    ("游乐园安全员，负责检查游客身高是否符合游乐项目限制", "", "height of visitors, not applicants"),
    ("骑手站点文员，负责电动车租赁押金的登记与退还", "", "a topic of work"),
    ("招生顾问，负责成人学历培训课程销售", "", ""),
    ("信贷客户经理，负责小微企业贷款营销", "", ""),
    ("留学中介顾问，负责签证材料审核", "", ""),
    ("人力资源专员，负责员工户籍档案管理与社保办理", "", ""),
    ("研究员：就业性别歧视与劳动法研究", "", ""),
    ("负责民族服饰设计", "", ""),
    ("保险理赔员，负责健康险理赔审核", "", ""),
    ("颜料厂调色员，需辨色正常（岗位需要区分颜色）", "", "colour vision with a job reason"),
    # negatives: contexts that look like traps but are not
    ("工资日结，当天干完当天结", "", "日结 is not a trap"),
    ("兼职周末促销员，按小时计薪，月底统一发放", "", ""),
    ("有意者可通过平台消息或拨打招聘电话0731-12345678咨询", "", "a phone number alongside the platform"),
    ("面试地址：雨湖区XX路88号，请携带身份证复印件", "", "copy, not the original kept"),
    ("入职后公司统一办理健康证，费用报销", "", ""),
    ("员工持证培训，考证费用由公司报销", "", ""),
    ("公司为员工提供免息借款购房计划", "", ""),
    ("本岗位需驾驶公司车辆，公司购买全额车险", "", ""),
    ("离职时需归还工牌和钥匙", "", ""),
    ("员工宿舍押金0元", "", "no deposit"),
    ("简历请通过平台投递，我们会在三个工作日内回复", "", ""),
    ("线上客服，居家办公，公司提供电脑", "", ""),
    ("出国劳务，正规外派资质，不收取任何押金和保证金", "", ""),
    ("岗位可能涉及夜班，请慎重考虑", "", ""),
    ("本岗位需经常出差，请确认可以接受", "", "job condition, not a sex limit"),
    ("需要搬运重物（单件约25公斤）", "", "physical demand stated, no person limit"),
    ("需要站立工作8小时", "", ""),
    ("需要普通话二级甲等证书", "", ""),
    ("有教师资格证优先", "", ""),
    ("持有护士执业证书", "", ""),
]


def _sentences() -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}

    def add(src: str, field: str, text: str) -> None:
        text = text.strip(" ,，、")
        if 4 <= len(text) <= 120 and text not in out:
            out[text] = (src, field)

    with open(DATA / "boss_zhipin_2019_it_jobs.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for field in ("desription", "welfare", "position"):
                for s in re.split(r"[。；;！!？?\n]|(?<=[^\d])[0-9]{1,2}[、.．)）](?=\D)", row[field] or ""):
                    add("boss", field, s)
    with open(DATA / "lagou_2019_it_jobs.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for field in ("welfare", "position"):
                add("lagou", field, row[field] or "")
    with open(DATA / "lagou_data_analyst_positions_with_coords.csv", encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh):
            for field in ("positionAdvantage", "positionName"):
                add("lagou_da", field, row[field] or "")
    return out


def split_of(text: str) -> str:
    """Deterministic 50/50 split by a hash of the text: 'dev' (rules may be fixed on it) or 'test' (held out)."""
    return "dev" if int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "test"


def build() -> list[dict]:
    sents = _sentences()
    trig = [(s, v) for s, v in sents.items() if COMMON.search(s)]
    rest = [(s, v) for s, v in sents.items() if not COMMON.search(s)]
    rare = [t for t in trig if RARE.search(t[0])]
    common = [t for t in trig if not RARE.search(t[0])]
    random.seed(7)
    sample = (
        [("trigger_rare", *t) for t in rare]
        + [("trigger_common", *t) for t in random.sample(common, 170)]
        + [("random", *t) for t in random.sample(rest, 150)]
    )
    rows = []
    for kind, text, (src, field) in sample:
        rows.append(
            {
                "text": text,
                "labels": REAL_POSITIVE.get(text, ""),
                "source": f"real:{src}:{field}",
                "sampling": kind,
                "note": "",
            }
        )
    for text, labels, note in CRAFTED:
        rows.append(
            {"text": text, "labels": labels, "source": "crafted", "sampling": "crafted", "note": note}
        )
    for i, row in enumerate(rows, 1):
        row["id"] = i
        row["split"] = split_of(row["text"])
    for split, batch in (("test2", CRAFTED_TEST2), ("test3", CRAFTED_TEST3)):
        for text, labels, note in batch:
            rows.append(
                {
                    "id": len(rows) + 1,
                    "split": split,
                    "text": text,
                    "labels": labels,
                    "source": "crafted",
                    "sampling": f"crafted_{split}",
                    "note": note,
                }
            )
    # Later blind batches: fresh real sentences (their own generator, so earlier samples stay untouched), then the
    # batch's crafted rows.
    for split, seed, crafted, real_positive in (
        ("test4", 54, CRAFTED_TEST4, REAL_POSITIVE_TEST4),
        ("test5", 55, CRAFTED_TEST5, REAL_POSITIVE_TEST5),
        ("test6", 56, CRAFTED_TEST6, REAL_POSITIVE_TEST6),
    ):
        seen = {row["text"] for row in rows} | {text for text, _, _ in crafted}
        for kind, text, (src, field) in _real_sample(sents, seen, split, seed):
            rows.append(
                {
                    "id": len(rows) + 1,
                    "split": split,
                    "text": text,
                    "labels": real_positive.get(text, ""),
                    "source": f"real:{src}:{field}",
                    "sampling": kind,
                    "note": "",
                }
            )
        for text, labels, note in crafted:
            rows.append(
                {
                    "id": len(rows) + 1,
                    "split": split,
                    "text": text,
                    "labels": labels,
                    "source": "crafted",
                    "sampling": f"crafted_{split}",
                    "note": note,
                }
            )
    return rows


def _real_sample(
    sents: dict[str, tuple[str, str]], seen: set[str], split: str, seed: int
) -> list[tuple[str, str, tuple[str, str]]]:
    """100 real sentences not yet in the set (every earlier split and the batch's crafted rows excluded, by text),
    with the batch's own generator: 50 drawn from those holding a trigger word (COMMON; every RARE one was already
    taken with seed 7), then 50 drawn from all that remain."""
    avail = [(s, v) for s, v in sents.items() if s not in seen]
    rng = random.Random(seed)
    trig = rng.sample([t for t in avail if COMMON.search(t[0])], 50)
    taken = {s for s, _ in trig}
    rand = rng.sample([t for t in avail if t[0] not in taken], 50)
    return [(f"{split}_trigger", *t) for t in trig] + [(f"{split}_random", *t) for t in rand]


def main() -> int:
    if not DATA.exists():
        print(f"missing dataset directory {DATA}", file=sys.stderr)
        return 1
    rows = build()
    missing = (
        set(REAL_POSITIVE) | set(REAL_POSITIVE_TEST4) | set(REAL_POSITIVE_TEST5) | set(REAL_POSITIVE_TEST6)
    ) - {r["text"] for r in rows}
    if missing:
        print(
            "REAL_POSITIVE not in sample:", json.dumps(sorted(missing), ensure_ascii=False), file=sys.stderr
        )
        return 1
    with open(OUT, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["id", "split", "source", "sampling", "labels", "text", "note"])
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {len(rows)} rows to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
