"""Build `zh_screening_labelled.csv` (see README.md next to this file). Run from the repo root:

    .venv/bin/python tests/supervision/data/build_zh_screening_set.py

Real sentences come from /work/shared/data/datasets/job-postings-zh (not copied into the repo except the sampled
sentences themselves); the sample is deterministic (seed 7). Labels of the real sentences: every sampled sentence
was read and judged by hand; those judged to contain screenable wording are listed in REAL_POSITIVE below, all
others are labelled "" (nothing to flag). Crafted cases are in CRAFTED with their labels.
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
    return rows


def main() -> int:
    if not DATA.exists():
        print(f"missing dataset directory {DATA}", file=sys.stderr)
        return 1
    rows = build()
    missing = set(REAL_POSITIVE) - {r["text"] for r in rows}
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
