"""Discriminatory-wording classifier beside the screening rules (pure: no Django).

Why: the rules catch the phrasings they were written from. Every blind batch of the labelled Chinese set scored far
below its predecessors on its first run (recall test2 0.629, test3 0.889, test4 0.567). A classifier trained on many
authors' wording generalises to phrasings nobody wrote a pattern for; the rules keep the exact spans, legal bases
and rewordings, and the classifier adds warnings for a moderator where no rule fired.

Features — the posting's words only, nothing about people (the fairness rule): character 1–3-grams of one
sentence, after folding full-width ASCII and upper case (as the rules do), masking wording that states no
condition (the rules' LAWFUL spans and ``_MODEL_LAWFUL``: 男女不限, …均可, 年满18周岁, 结婚礼金, years of experience,
addresses), mapping every digit to 0 (so 28岁以下 shares its n-grams with 35岁以下) and collapsing white space.
TF-IDF (sublinear tf, l2), n-grams seen in at least two training sentences.

Model: one logistic regression per discrimination category (L2, C = ``C``, class-balanced, liblinear — exact and
deterministic). Decision values are calibrated per category by Platt scaling fitted on the *leave-one-batch-out*
decision values: each batch of training sentences (a crafted batch by one author, or the first real+crafted set)
is held out in turn and scored by a model trained on the others, so the calibration — and the thresholds in
``THRESHOLDS``, chosen on the same pooled out-of-batch predictions — say how the model does on wording by an author
it has not read. The final model is trained on every batch.

Training data (package data, ``data/wording/``): ``labelled_splits.csv`` — the rows of splits dev, test, test2,
test3 and test4 of ``tests/supervision/data/zh_screening_labelled.csv`` (exported by ``export_labelled`` below;
other splits, held out, are never read) — and ``train_a.csv`` / ``train_b.csv``, two crafted training batches
(blue-collar colloquial and white-collar formal ads). Only rows with a Chinese character are used.

Screening (``WordingModel.flags``): each sentence of a text field with enough wording (``scorable``: 4 Chinese
characters after masking, not a bare heading) is scored; an exception context of the category in the sentence
(``_VETO``: 女子监狱, state height standards, clients' ages…) stops it; a category whose calibrated probability
reaches its threshold becomes a WARNING (never a block) on the clause of that sentence that scores highest, with
the score, the strongest n-grams as evidence, the category's legal basis and a generic rewording. The caller
(``rules.screen_rules``) drops model flags of categories a rule already flagged in the posting.

The model file (``var/screening/wording.pkl``) carries a format version and a hash of the training rows, settings
and masks;
``load_or_train`` retrains when either differs. Training takes a few seconds.

    python -m jiuye.supervision.screening.wording train [--out PATH] [--if-stale]
    python -m jiuye.supervision.screening.wording thresholds  # choose THRESHOLDS on the leave-one-batch-out scores
    python -m jiuye.supervision.screening.wording export      # regenerate data/wording/labelled_splits.csv

The leave-one-batch-out table (rules-only, model-only, combined) is printed by bench/screening_quality.py.
"""

from __future__ import annotations

import csv
import hashlib
import math
import os
import pickle
import re
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .legal import LEGAL_BASES
from .rules import (
    _CLAUSE_END,
    _FEMALE_EXCEPT,
    _FOLD,
    _MALE_EXCEPT,
    _SENTENCE_END,
    _VOLUNTARY,
    clause_bounds,
    fold,
)
from .rules_data import _AGE_OTHERS, LAWFUL
from .types import CATEGORIES, DISCRIMINATION_CATEGORIES, MODEL, WARN, Flag

FORMAT_VERSION = 1
DATA_DIR = Path(__file__).resolve().parent / "data" / "wording"
TRAINING_FILES = ("labelled_splits.csv", "train_a.csv", "train_b.csv")
# the splits of the labelled set that may be trained on; every other split is held out and never read
TRAINING_SPLITS = ("dev", "test", "test2", "test3", "test4", "test5")
LABELLED_SET = (
    Path(__file__).resolve().parents[3] / "tests" / "supervision" / "data" / "zh_screening_labelled.csv"
)
DEFAULT_MODEL_PATH = Path(__file__).resolve().parents[3] / "var" / "screening" / "wording.pkl"

MODEL_CATEGORIES = DISCRIMINATION_CATEGORIES
C = 16.0  # chosen from 1, 4, 16, 32, 64 on the pooled leave-one-batch-out PR-AUC (see the data/wording README)
MIN_DF = 2
NGRAMS = (1, 2, 3)
SEED = 0

# Calibrated-probability thresholds per category, chosen by `choose_thresholds` (`python -m
# jiuye.supervision.screening.wording thresholds --target 0.98`, floor 0.5) on the pooled leave-one-batch-out scores
# of the 2,652 training sentences (dev+test 647, test2 60, test3 71, test4 324, test5 431, train_a 540, train_b 579),
# with the rules as of the test5 fixes. The target was raised from 0.96 to 0.98 because the leave-one-batch-out
# precision had overestimated test5's blind figure by about 0.04 (0.967 → 0.928). Per category: combined (rule OR
# model) precision / recall / positives at the cut:
#   gender 0.980 / 0.961 / 259          age 0.981 / 0.977 / 259        region_hukou 0.981 / 0.987 / 158
#   ethnicity 0.991 / 1.000 / 112       marital 0.981 / 0.994 / 154    appearance 0.980 / 0.955 / 157
#   health 0.983 / 0.967 / 123          disability 0.980 / 0.980 / 101
# Micro over the eight: pooled 0.982 / 0.976 (the model alone 0.980 / 0.819); test5 held out 0.971 / 0.917 (the
# model alone 0.972 / 0.814; rules 0.990 / 0.802, fixed on test5's false alarms but few of its misses). Target 0.96
# gave pooled 0.966 / 0.979 and test5 0.959 / 0.933. The rules are in-sample on every batch, so the combined figures
# are optimistic; the model-only ones are out-of-batch.
THRESHOLDS: dict[str, float] = {
    "gender": 0.67,
    "age": 0.85,
    "region_hukou": 0.60,
    "ethnicity": 0.50,
    "marital_childbearing": 0.71,
    "appearance_height": 0.69,
    "health": 0.93,
    "disability": 0.63,
}

# What a model flag says, per category: the name of the ground, the legal basis and a generic rewording.
_GROUND = {
    "gender": ("gender", "性别"),
    "age": ("age", "年龄"),
    "region_hukou": ("region or hukou", "地域或户籍"),
    "ethnicity": ("ethnicity", "民族"),
    "marital_childbearing": ("marital or childbearing status", "婚育状况"),
    "appearance_height": ("appearance or height", "外貌或身高"),
    "health": ("health status", "健康状况"),
    "disability": ("disability", "残疾"),
}
_LEGAL = {
    "gender": "epl_27_labour_13_women_43",
    "age": "epl_3_26_age",
    "region_hukou": "epl_31_hukou",
    "ethnicity": "epl_28_labour_12",
    "marital_childbearing": "women_43_marriage",
    "appearance_height": "epl_26_appearance",
    "health": "epl_30_hbv",
    "disability": "epl_29_disability",
}
_ADVICE = {
    "gender": (
        "State the duties and the real requirements of the job, not the sex of the worker (open to all genders).",
        "写明岗位职责和真实的任职要求，不要限定或暗示性别（可写“男女不限”）。",
    ),
    "age": (
        "State the experience or abilities the job needs instead of an age.",
        "写明岗位需要的经验或能力，不要限定或暗示年龄。",
    ),
    "region_hukou": (
        "Do not restrict or prefer applicants by hukou, birthplace or home region.",
        "不要按户籍、籍贯或来源地限定或挑选求职者。",
    ),
    "ethnicity": (
        "Do not restrict applicants or ask about them by ethnic group.",
        "不要按民族限定或询问求职者。",
    ),
    "marital_childbearing": (
        "Do not make marriage, pregnancy or children a condition, and do not ask about them.",
        "不要把婚姻、怀孕或生育情况作为条件，也不要询问。",
    ),
    "appearance_height": (
        "State a height or appearance requirement only where the job truly needs it, with the reason.",
        "只有岗位确实需要时才写身高或外貌要求，并写明理由；否则删去。",
    ),
    "health": (
        "Ask only for the health certificate the law requires for the job; do not exclude carriers or past illness.",
        "只要求法律规定该岗位须持有的健康证明，不要排斥病原携带者或既往病史。",
    ),
    "disability": (
        "Describe the tasks of the job; do not exclude persons with disabilities.",
        "写明岗位的实际工作内容，不要排斥残疾人。",
    ),
}
# Contexts in the sentence that stop a model flag: the exceptions the rules accept as bona fide or as being about
# other people (女子监狱 / 井下 for one sex, state height standards, the age of clients or pupils, research on a
# disease, a test said to be voluntary or not to count). The classifier has seen too few of them to learn them.
_VETO = {
    # …and the sex of customers or products rather than of the worker (女性客户, 男装主播)
    "gender": re.compile(
        f"{_FEMALE_EXCEPT.pattern}|{_MALE_EXCEPT.pattern}|客户|用户|顾客|消费者|群体|人群|患者|[男女](?:装|鞋|包|款|士用品|性用品)|"
        # an age limit or a height set by sex is labelled as age or height only (男55岁以下，女50岁以下), and
        # encouraging women to apply is positive action
        r"[男女](?:性|士|生)?\s*[：:]?\s*(?:\d{2}\s*(?:周岁|岁)|身高)|(?:周岁|岁)(?:以下|以上)?\s*[(（][男女]|鼓励|"
        # a height by sex (男175+，女163+: labelled appearance_height only), a role to play or clothes to fit
        r"[男女](?:性|士|生)?\s*[：:]?\s*1\d{2}(?!\d)|角色|饰演|演员|[男女](?:士|性)?内衣|试穿|试衣|样衣"
    ),
    "age": re.compile("|".join(_AGE_OTHERS)),
    # the hukou office as the work itself, local markets (户籍窗口, 落户手续, 本地商圈)
    "region_hukou": re.compile(
        r"户[籍藉](?:窗口|人口|管理|业务|民警|迁移|登记|科)|户口迁移|(?:办理|协助)[^，,。；;]{0,4}(?:户口|落户)|落户手续|"
        r"本地(?:市场|商圈|客户|资源|生活|服务|化)|"
        # local clients or a dialect to serve them (方便和本地老年客户沟通, 会说湘潭话更好)
        r"本地[^，,。；;]{0,4}(?:客户|居民|老人|顾客|商户|市场)|(?:会说|会讲|能说|听得懂|熟悉|懂)[^，,。；;]{0,4}(?:话|方言)"
    ),
    # ethnic culture, regions and policies as topics (民族乐器, 少数民族地区, 民族节日假期)
    "ethnicity": re.compile(
        r"民族(?:地区|文化|风俗|风情|政策|节日|假|乐器|舞|团结|特色|服饰|餐|工艺|医)|考生|加分|"
        # a named institution (北京民族饭店, 民族大学, 民族中学)
        r"民族(?:饭店|大酒店|酒店|宾馆|大学|学院|中学|小学|学校|宫|出版|歌舞团|博物馆|园|路|街|大道|医院)"
    ),
    "appearance_height": re.compile(
        r"警察|辅警|特警|武警|消防员|飞行员|空乘|空姐|乘务员|模特|"
        # height or weight as a product (身高体重测量仪, 体重秤)
        r"(?:身高|体重)[^，,。；;]{0,4}(?:测量|仪|秤|计)"
    ),
    "health": re.compile(
        r"研究|研发|试剂|疫苗|实验室|检验|疾控|临床|流行病|科研|防治|诊断|" + _VOLUNTARY.pattern
    ),
}
assert set(_LEGAL) == set(_GROUND) == set(_ADVICE) == set(MODEL_CATEGORIES) == set(THRESHOLDS)
assert all(k in LEGAL_BASES for k in _LEGAL.values())


class WordingDataError(ValueError):
    """A training file that cannot be read; the message names the file and line."""


# ---------------------------------------------------------------------------------------------------- features

_DIGIT = re.compile(r"\d")
_SPACE = re.compile(r"\s+")
_CJK = re.compile(r"[\u4e00-\u9fff]")


# The rules' lawful wording of every category (男女不限, 户口不限, 婚育状况不限, 不收取任何费用…) is masked before
# the n-grams are taken: the classifier learns what is left, and the rules' knowledge of lawful mentions is not
# re-learnt from a few hundred sentences. Masked spans become one "□".
# Besides the rules' LAWFUL patterns, wording that states no condition at all, which the classifier would otherwise
# read by its nouns (性别、民族、户籍不限 → gender, ethnicity, hukou): a clause stating indifference (…不限 / 均可 /
# 都可以 / 不作要求 / 不影响录用, or opened by 不论 / 无论 / 不分 / 不设 / 不受) without a number in it (35岁以下均可
# stays: it is a limit), lawful minimum ages and older ages welcomed, team descriptions (平均年龄28岁, 美女如云),
# benefits (结婚礼金, 生育贺金), negated or voluntary disease tests (入职体检不查乙肝), and welcoming persons with
# disabilities (可接收残疾人). Written from the false alarms of the leave-one-batch-out run (see the README).
_MODEL_LAWFUL = (
    r"(?:^|(?<=[，,。；;：:\s、]))[^，,。；;：:\d岁]{1,14}?"
    r"(?:不限|均可|皆可|都可以?|都行|都欢迎|也欢迎|不作要求|不做要求|无要求|无限制|不影响录用|不影响入职|不作为[^，,。；;]{0,8}依据)"
    r"(?:男女|性别|年龄|户籍|户口|民族|婚否|婚育|学历)?",
    r"(?:不论|无论|不分|不设|不受|不看|不问)[^，,。；;]{0,20}",
    r"(?:年满)?\s*(?:16|18)\s*周?岁\s*(?:以上|及以上)(?:即可)?",
    r"\d{2}\s*周?岁\s*(?:以上|及以上)\s*(?:的)?(?:人员|人士|者)?\s*(?:也|亦|均|都)\s*(?:欢迎|可以?)",
    r"(?:团队|员工|公司)?平均年龄\s*(?:不到|约|为)?\s*\d{2}\s*岁?",
    r"(?:美女|帅哥)(?:如云|多|帅哥|美女)",
    r"(?:结婚|生育|生子|生日|婚嫁)[^。；;]{0,12}?(?:礼金|贺金|贺礼|礼品|礼物|红包|慰问金)",
    r"(?:不含|不查|不检查|不检测|不进行|不做|不包括|不包含|不得将|无需检查|免查|不要求)[^，,。；;]{0,8}?(?:乙肝|艾滋|hiv|hbv)"
    r"[^，,。；;]{0,20}",
    r"(?:可|可以|能|欢迎|接收|接纳)(?:接收|接纳|招收|录用)?(?:残疾|残障)(?:人|人士)?",
    r"(?:福利|制度|体系|机制|保障|设施)(?:完善|齐全)?健全",
    # years of experience are not ages (3-5年, 10年以上工作经验), and addresses and metro exits are not home places
    r"(?<!\d)\d{1,2}\s*(?:[-~～至到]\s*\d{1,2}\s*)?年(?:以上|以下|及以上)?(?!龄|级|出生|生|\d)(?:的)?(?:工作|相关|行业)?"
    r"(?:经验|工作经验|经历|工作经历)?",
    r"(?:工作|办公|公司|面试)?地\s*(?:址|点)\s*[：:]?[^，,。；;]*",
    r"地铁[^，,。；;]{0,10}",
    # (from test5's false alarms; and `_INDIFFERENT_LIST` below) a test not needed (面试不需要体检报告),
    # an ID photo (一寸照片, 证件照: not a photo to judge looks), and persons with disabilities welcomed or a post
    # reserved for them (欢迎听障人士, 残疾人专岗, 持残疾证: positive action, Employment Promotion Law art. 29)
    r"(?:不需要?|无需|无须|不用|不必|不要求|不查|免)(?:提供|提交|做|进行|查)?[^，,。；;]{0,4}?体检(?:报告|证明|结果)?",
    r"(?:一寸|二寸|1寸|2寸|小一寸|证件|免冠|蓝底|白底|红底)(?:彩色|蓝底|白底|红底|免冠)?(?:照片|照|相片)",
    r"(?:欢迎|友好|鼓励|优先(?:录用|招收|考虑)?)[^，,。；;]{0,4}?(?:残疾|残障|听障|视障|聋哑?|盲|肢残)(?:人|人士|员工|朋友|者)?|"
    r"(?:残疾|残障|听障|视障)(?:人|人士|员工|者)?(?:友好|专岗|定向|优先)|持(?:有)?残疾(?:人)?证",
)
# Wording that states a condition on the applicant. A sentence without any of these words (夜班岗位，有夜班津贴，女员工下
# 夜班提供接送; 身高体重测量仪销售工程师) describes the job or the workplace. Tried as a filter on model flags after
# test5 (`REQUIRE_CUE`, off: see there).
_CONDITION_CUE = re.compile(
    r"限|要求|优先|勿|不|以下|以上|以内|之内|须|需|必|只|仅|谢绝|免谈|拒|禁|最好|为佳|为宜|适合|合适|欢迎|招|聘|找|要|"
    r"岁|年[龄令纪]|身高|\d{3}|附|注明|填写|告知|者|算了|别|请|"
    r"\b(?:only|must|required?|prefer(?:red)?|under|over|no|not)\b"
)
# a sentence scored by the model must keep this many Chinese characters after masking; shorter fragments and bare
# headings (岗位要求：) carry too little wording to judge, and the rules still read them
MIN_CJK = 4
# Whether a sentence without a condition word (`_CONDITION_CUE`) may raise a model flag. Tried after test5 and left
# off: on the pooled leave-one-batch-out scores (thresholds re-chosen at precision 0.98 either way) it gave the same
# pooled precision (0.982) with lower recall (0.974 vs 0.976; the model alone 0.752 vs 0.819), and on test5 held out
# 0.962 / 0.909 against 0.971 / 0.917 without it: the higher thresholds already drop what the cue would.
REQUIRE_CUE = False
# a list of grounds after one 不限 (不限性别、民族、户籍), tried before the rules' 不限性别 so the whole list is masked
_INDIFFERENT_LIST = (
    r"不限(?:制)?\s*(?:性别|年[龄令]|民族|户[籍藉口]|学历|地域|婚育|婚否|婚姻|专业|籍贯|身高)"
    r"(?:\s*[、和及与/]\s*(?:性别|年[龄令]|民族|户[籍藉口]|学历|地域|婚育|婚否|婚姻|专业|籍贯|身高))*"
)
_LAWFUL_ANY = re.compile(
    f"(?:{_INDIFFERENT_LIST})|"
    + "|".join(f"(?:{p})" for pats in LAWFUL.values() for p in pats)
    + "|"
    + "|".join(f"(?:{p})" for p in _MODEL_LAWFUL)
)


def normalise(text: str) -> str:
    """Fold full-width ASCII and upper case, mask the rules' lawful wording, every digit to 0, runs of white
    space to one space."""
    return _SPACE.sub(" ", _DIGIT.sub("0", _LAWFUL_ANY.sub("□", fold(text)))).strip()


def ngrams(text: str) -> list[str]:
    """The features of one sentence: its character n-grams (n in NGRAMS) after `normalise`. Text only: the
    classifier sees nothing but the words of the posting."""
    t = normalise(text)
    out = []
    n_text = len(t)
    for n in NGRAMS:
        out.extend(t[i : i + n] for i in range(n_text - n + 1))
    return out


# ---------------------------------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Row:
    batch: str  # who wrote it: "dev+test", "test2", "test3", "test4", "train_a", "train_b"
    text: str
    labels: frozenset[str]


def _batch_of(file_stem: str, split: str) -> str:
    if file_stem == "labelled_splits":
        return "dev+test" if split in ("dev", "test") else split
    return file_stem


def read_training_rows(data_dir: str | os.PathLike[str] = DATA_DIR) -> list[Row]:
    """The Chinese rows of the training files present in `data_dir` (labelled_splits.csv is required)."""
    data_dir = Path(data_dir)
    rows: list[Row] = []
    if not (data_dir / TRAINING_FILES[0]).is_file():
        raise WordingDataError(f"{data_dir / TRAINING_FILES[0]}: missing (python -m {__name__} export)")
    for name in TRAINING_FILES:
        path = data_dir / name
        if not path.is_file():
            continue
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = {"text", "labels", "split"} - set(reader.fieldnames or ())
            if missing:
                raise WordingDataError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
            for line, r in enumerate(reader, 2):
                split = (r.get("split") or "").strip()
                if path.stem == "labelled_splits" and split not in TRAINING_SPLITS:
                    raise WordingDataError(f"{path}:{line}: split {split!r} is not a training split")
                text = (r.get("text") or "").strip()
                if not _CJK.search(text):
                    continue
                labels = frozenset(c.strip() for c in (r.get("labels") or "").split(";") if c.strip())
                unknown = labels - set(CATEGORIES)
                if unknown:
                    raise WordingDataError(f"{path}:{line}: unknown label(s) {', '.join(sorted(unknown))}")
                rows.append(Row(_batch_of(path.stem, split), text, labels))
    return rows


def training_hash(rows: Sequence[Row]) -> str:
    # the settings and the masks are part of what the model learnt from (the rules' LAWFUL patterns change with them)
    folding = "".join(f"{k:x}:{v:x}" for k, v in sorted(_FOLD.items()))
    h = hashlib.sha256(
        f"v{FORMAT_VERSION} C={C} min_df={MIN_DF} ngrams={NGRAMS}\n{_LAWFUL_ANY.pattern}\n{folding}\n".encode()
    )
    for r in rows:
        h.update(f"{r.batch}\t{';'.join(sorted(r.labels))}\t{r.text}\n".encode())
    return h.hexdigest()


def export_labelled(
    source: str | os.PathLike[str] = LABELLED_SET, out: str | os.PathLike[str] = DATA_DIR / TRAINING_FILES[0]
) -> int:
    """Copy the rows of the training splits (and only those) of the labelled set into the package data."""
    with open(source, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fieldnames = reader.fieldnames or []
        keep = [r for r in reader if r["split"] in TRAINING_SPLITS]
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fieldnames, lineterminator="\n")
        writer.writeheader()
        writer.writerows(keep)
    return len(keep)


# ---------------------------------------------------------------------------------------------------- fitting


def _label_matrix(rows: Sequence[Row]) -> np.ndarray:
    return np.array([[c in r.labels for c in MODEL_CATEGORIES] for r in rows], dtype=np.int8)


def _fit(texts: Sequence[str], y: np.ndarray):
    """TF-IDF vectoriser and one logistic regression per category: (vectoriser, W [features × categories], b)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = TfidfVectorizer(analyzer=ngrams, sublinear_tf=True, min_df=MIN_DF, norm="l2", dtype=np.float64)
    X = vec.fit_transform(texts)
    W = np.zeros((X.shape[1], len(MODEL_CATEGORIES)))
    b = np.zeros(len(MODEL_CATEGORIES))
    for j in range(len(MODEL_CATEGORIES)):
        if y[:, j].min() == y[:, j].max():  # no positive (or no negative) example: never fires
            b[j] = -10.0
            continue
        clf = LogisticRegression(
            C=C, class_weight="balanced", solver="liblinear", random_state=SEED, max_iter=1000
        )
        clf.fit(X, y[:, j])
        W[:, j] = clf.coef_[0]
        b[j] = clf.intercept_[0]
    return vec, W, b


def out_of_batch_decisions(rows: Sequence[Row]) -> np.ndarray:
    """Decision values [rows × categories], each row scored by a model trained without its batch."""
    y = _label_matrix(rows)
    batches = np.array([r.batch for r in rows])
    out = np.zeros(y.shape)
    texts = [r.text for r in rows]
    for batch in sorted(set(batches)):
        held = batches == batch
        vec, W, b = _fit([t for t, h in zip(texts, held, strict=True) if not h], y[~held])
        X = vec.transform([t for t, h in zip(texts, held, strict=True) if h])
        out[held] = X @ W + b
    return out


def _platt(d: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    from sklearn.linear_model import LogisticRegression

    if y.min() == y.max():
        return 1.0, -10.0
    lr = LogisticRegression(C=1e4, solver="lbfgs", max_iter=1000).fit(d.reshape(-1, 1), y)
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


# ---------------------------------------------------------------------------------------------------- model


@dataclass
class WordingModel:
    vocabulary: dict[str, int]  # n-gram → column
    idf: np.ndarray  # [features]
    W: np.ndarray  # [features × categories]
    b: np.ndarray  # [categories]
    platt: np.ndarray  # [categories × 2]: p = sigmoid(a·d + c)
    categories: tuple[str, ...] = MODEL_CATEGORIES
    training_hash: str = ""
    n_train: int = 0
    info: dict = field(default_factory=dict)  # batches, counts, seconds, out-of-batch figures
    format_version: int = FORMAT_VERSION

    # what the features are made of: the sentence's text and nothing else (a test checks this)
    FEATURE_SOURCES = ("text",)
    # the fields the model screens: not the benefits list, where 女生多 / 型男靓女 / 年轻团队 describe colleagues and
    # the model, trained on requirement sentences, raised false alarms on real postings (the rules still read it)
    FIELDS = ("title", "description", "requirements")

    # -- scoring one sentence

    def _features(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Columns and TF-IDF values of one sentence (the same numbers as the sklearn vectoriser)."""
        counts = Counter(g for g in ngrams(text) if g in self.vocabulary)
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        cols = np.fromiter((self.vocabulary[g] for g in counts), dtype=np.int64, count=len(counts))
        tf = np.fromiter((1.0 + math.log(n) for n in counts.values()), dtype=np.float64, count=len(counts))
        vals = tf * self.idf[cols]
        vals /= math.sqrt(float(vals @ vals))
        return cols, vals

    def decision(self, text: str) -> np.ndarray:
        cols, vals = self._features(text)
        return vals @ self.W[cols] + self.b

    def probabilities(self, text: str) -> dict[str, float]:
        """Calibrated probability per category for one sentence."""
        p = _sigmoid(self.platt[:, 0] * self.decision(text) + self.platt[:, 1])
        return {c: float(v) for c, v in zip(self.categories, p, strict=True)}

    def probabilities_many(self, texts: Iterable[str]) -> np.ndarray:
        return np.array([list(self.probabilities(t).values()) for t in texts]).reshape(
            -1, len(self.categories)
        )

    def evidence(self, text: str, category: str, k: int = 3) -> list[str]:
        """The n-grams of `text` that push hardest towards `category` (longest first among overlapping ones)."""
        j = self.categories.index(category)
        cols, vals = self._features(text)
        if not len(cols):
            return []
        inverse = {c: g for g, c in self.vocabulary.items() if c in set(cols.tolist())}
        contrib = vals * self.W[cols, j]
        order = np.argsort(-contrib, kind="stable")
        chosen: list[str] = []
        for i in order:
            if contrib[i] <= 0 or len(chosen) >= k:
                break
            gram = inverse[int(cols[i])].strip()
            if len(gram) < 2 or any(gram in c or c in gram for c in chosen):
                continue
            chosen.append(gram)
        return chosen

    # -- screening a field

    def flags(self, field_name: str, original: str, skip: Iterable[str] = ()) -> list[Flag]:
        """Warnings for the categories (not in `skip`) whose calibrated probability on a sentence of the field
        reaches its threshold: one per category, on the highest-scoring clause of the highest-scoring sentence."""
        folded = fold(original)
        skip = set(skip)
        best = {
            c: v for c, v in self._sentence_best(folded).items() if c not in skip and v[0] >= THRESHOLDS[c]
        }
        out = []
        for c, (p, s, e) in best.items():
            cs, ce = self._best_clause(folded, s, e, c)
            cs, ce = _trim(folded, cs, ce)
            out.append(self._flag(c, p, field_name, original, cs, ce))
        out.sort(key=lambda f: (f.start, f.category))
        return out

    def _sentence_best(self, folded: str) -> dict[str, tuple[float, int, int]]:
        """Per category, the highest calibrated probability over the sentences of a folded text that no exception
        context vetoes, with that sentence's bounds."""
        best: dict[str, tuple[float, int, int]] = {}
        if not _CJK.search(folded):
            return best
        starts = clause_bounds(folded, _SENTENCE_END) + [len(folded)]
        for s, e in zip(starts, starts[1:], strict=False):
            sentence = folded[s:e]
            if not scorable(sentence) or (REQUIRE_CUE and not _CONDITION_CUE.search(sentence)):
                continue
            for c, p in self.probabilities(sentence).items():
                if (c not in best or p > best[c][0]) and not vetoed(c, sentence):
                    best[c] = (p, s, e)
        return best

    def text_scores(self, text: str) -> dict[str, float]:
        """Per category, the highest calibrated probability over the sentences of `text` (0 where vetoed): what
        `flags` compares with `THRESHOLDS`."""
        best = self._sentence_best(fold(text))
        return {c: best[c][0] if c in best else 0.0 for c in self.categories}

    def _best_clause(self, folded: str, s: int, e: int, category: str) -> tuple[int, int]:
        starts = [s + x for x in clause_bounds(folded[s:e], _CLAUSE_END)] + [e]
        pieces = [(a, b) for a, b in zip(starts, starts[1:], strict=False) if _CJK.search(folded[a:b])]
        if len(pieces) <= 1:
            return s, e
        j = self.categories.index(category)
        scores = [self.decision(folded[a:b])[j] for a, b in pieces]
        return pieces[int(np.argmax(scores))]

    def _flag(self, c: str, p: float, field_name: str, original: str, start: int, end: int) -> Flag:
        basis = LEGAL_BASES[_LEGAL[c]]
        ground_en, ground_zh = _GROUND[c]
        advice_en, advice_zh = _ADVICE[c]
        words = self.evidence(original[start:end], c)
        ev_en = f"; strongest words: {', '.join(words)}" if words else ""
        ev_zh = f"；主要依据：{'、'.join(words)}" if words else ""
        return Flag(
            category=c,
            code=f"model.wording.{c}",
            severity=WARN,
            field=field_name,
            start=start,
            end=end,
            matched_text=original[start:end],
            legal_basis_key=basis.key,
            message_key="screening.model.wording",
            message_en=f"The wording may discriminate by {ground_en} (model score {p:.2f}{ev_en}); a moderator "
            f"should check it. {advice_en} Legal basis: {basis.label('en')}.",
            message_zh=f"措辞疑似{ground_zh}歧视（模型评分 {p:.2f}{ev_zh}），需人工复核。{advice_zh}"
            f"依据：{basis.label('zh')}。",
            suggestion=advice_zh,
            source=MODEL,
            score=round(p, 4),
        )

    # -- files

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Pickle to `path` (parents created). Load only files this code wrote: pickle runs code on load."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        with open(tmp, "wb") as handle:
            pickle.dump(self, handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
        return path

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> WordingModel:
        with open(path, "rb") as handle:
            model = pickle.load(handle)  # noqa: S301 - our own artefact under var/
        if not isinstance(model, cls) or getattr(model, "format_version", None) != FORMAT_VERSION:
            raise WordingDataError(f"{path}: not a wording model of format {FORMAT_VERSION}; rebuild it")
        return model


def scorable(sentence: str) -> bool:
    """Enough wording to judge: MIN_CJK Chinese characters left after masking, and not a bare heading."""
    if len(_CJK.findall(normalise(sentence))) < MIN_CJK:
        return False
    return not sentence.strip(" \t\r\n。；;！!？?，,").endswith((":", "："))


def vetoed(category: str, folded_sentence: str) -> bool:
    """True when the sentence holds an exception context of the category (see `_VETO`)."""
    veto = _VETO.get(category)
    return bool(veto is not None and veto.search(folded_sentence))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in "，,。；;！!？?、"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "，,。；;！!？?、"):
        end -= 1
    return start, end


def train(rows: Sequence[Row] | None = None, *, data_dir: str | os.PathLike[str] = DATA_DIR) -> WordingModel:
    """Train on `rows` (default: the training files): Platt calibration on the leave-one-batch-out decision
    values, then the final fit on every row."""
    started = time.perf_counter()
    rows = list(rows) if rows is not None else read_training_rows(data_dir)
    if not rows:
        raise WordingDataError("no training rows")
    y = _label_matrix(rows)
    batches = sorted({r.batch for r in rows})
    oob = out_of_batch_decisions(rows) if len(batches) > 1 else None
    vec, W, b = _fit([r.text for r in rows], y)
    d_train = None
    if oob is None:  # one batch: calibrate on the training decisions (optimistic; tests only)
        d_train = vec.transform([r.text for r in rows]) @ W + b
    d = oob if oob is not None else d_train
    platt = np.array([_platt(d[:, j], y[:, j]) for j in range(len(MODEL_CATEGORIES))])
    vocabulary = {g: int(i) for g, i in vec.vocabulary_.items()}
    model = WordingModel(
        vocabulary=vocabulary,
        idf=np.asarray(vec.idf_, dtype=np.float64),
        W=np.ascontiguousarray(W),
        b=b,
        platt=platt,
        training_hash=training_hash(rows),
        n_train=len(rows),
        info={
            "batches": {k: sum(r.batch == k for r in rows) for k in batches},
            "positives": {c: int(y[:, j].sum()) for j, c in enumerate(MODEL_CATEGORIES)},
            "n_features": len(vocabulary),
            "C": C,
            "seconds": round(time.perf_counter() - started, 2),
        },
    )
    if oob is not None:
        model.info["oob_probabilities"] = _sigmoid(platt[:, 0] * oob + platt[:, 1])
        model.info["oob_batches"] = [r.batch for r in rows]
    return model


def load_or_train(
    model_path: str | os.PathLike[str] = DEFAULT_MODEL_PATH, data_dir: str | os.PathLike[str] = DATA_DIR
) -> WordingModel:
    """The saved model at `model_path` when it was trained on the current training rows by this format; else
    train one and save it there first."""
    model_path = Path(model_path)
    rows = read_training_rows(data_dir)
    if model_path.is_file():
        try:
            model = WordingModel.load(model_path)
        except Exception:  # noqa: BLE001 - stale or unreadable: retrain below
            model = None
        if model is not None and model.training_hash == training_hash(rows):
            return model
    model = train(rows)
    model.save(model_path)
    return model


def lobo_scores(rows: Sequence[Row]) -> np.ndarray:
    """`text_scores` of every row [rows × categories] by a model trained and calibrated without the row's batch."""
    out = np.zeros((len(rows), len(MODEL_CATEGORIES)))
    for batch in sorted({r.batch for r in rows}):
        model = train([r for r in rows if r.batch != batch])
        for i, r in enumerate(rows):
            if r.batch == batch:
                out[i] = list(model.text_scores(r.text).values())
    return out


def choose_thresholds(
    scores: np.ndarray, y: np.ndarray, rules: np.ndarray, target: float = 0.96, min_threshold: float = 0.5
) -> dict[str, tuple[float, float, float, int]]:
    """Per category, the lowest threshold (grid 0.05–0.99, not below `min_threshold`: the model must think the
    wording more likely discriminatory than not) at which the combined prediction (a rule fired, or the
    score reaches the threshold) has precision >= `target` on the pooled out-of-batch rows: (threshold, combined
    precision, combined recall, positives). Per-category precision >= target keeps the micro-average there too."""
    out = {}
    y = y.astype(bool)
    rules = rules.astype(bool)
    for j, c in enumerate(MODEL_CATEGORIES):
        chosen = None
        for t in np.round(np.arange(0.05, 1.0, 0.01), 2):
            pred = rules[:, j] | (scores[:, j] >= t)
            tp = int((pred & y[:, j]).sum())
            fp = int((pred & ~y[:, j]).sum())
            precision = tp / (tp + fp) if tp + fp else 1.0
            if precision >= target and t >= min_threshold:
                chosen = (float(t), precision, tp / max(int(y[:, j].sum()), 1), int(y[:, j].sum()))
                break
        out[c] = chosen or (0.99, float("nan"), float("nan"), int(y[:, j].sum()))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m jiuye.supervision.screening.wording", description=__doc__.split("\n")[0]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    tr = sub.add_parser("train", help="train on the package data and save the model under var/")
    tr.add_argument("--out", default=str(DEFAULT_MODEL_PATH))
    tr.add_argument(
        "--if-stale", action="store_true", help="keep the saved model when its training data are current"
    )
    sub.add_parser("export", help="regenerate data/wording/labelled_splits.csv from the labelled set")
    th = sub.add_parser("thresholds", help="choose the thresholds on the pooled leave-one-batch-out scores")
    th.add_argument("--target", type=float, default=0.96)
    args = parser.parse_args(argv)
    if args.command == "thresholds":
        from .rules import screen_rules
        from .types import PostingText

        rows = read_training_rows()
        y = _label_matrix(rows)
        rules = np.array(
            [
                [
                    c in {f.category for f in screen_rules(PostingText(description=r.text))}
                    for c in MODEL_CATEGORIES
                ]
                for r in rows
            ]
        )
        scores = lobo_scores(rows)
        for c, (t, p, r, n) in choose_thresholds(scores, y, rules, args.target).items():
            print(f"{c:22} threshold={t:.2f} combined precision={p:.3f} recall={r:.3f} positives={n}")
        for t in (0.5, 0.6, 0.7, 0.8, 0.9):
            pred = rules.astype(bool) | (scores >= t)
            tp, fp = int((pred & (y == 1)).sum()), int((pred & (y == 0)).sum())
            print(
                f"one threshold {t}: combined micro precision={tp / max(tp + fp, 1):.3f} recall={tp / y.sum():.3f}"
            )
        return 0
    if args.command == "export":
        n = export_labelled()
        print(f"wrote {n} rows of splits {', '.join(TRAINING_SPLITS)} to {DATA_DIR / TRAINING_FILES[0]}")
        return 0
    if args.if_stale and Path(args.out).is_file():
        current = load_or_train(args.out)
        print(f"wording model {args.out}: current or retrained (training hash {current.training_hash[:12]})")
        return 0
    model = train()
    path = model.save(args.out)
    print(
        f"trained on {model.n_train} sentences {model.info['batches']} in {model.info['seconds']} s; "
        f"{model.info['n_features']} n-grams; saved {path} ({path.stat().st_size // 1024} KiB)"
    )
    return 0


if __name__ == "__main__":
    # run the importable module's main, so a pickled model names jiuye.…wording.WordingModel, not __main__
    from jiuye.supervision.screening import wording as _module

    raise SystemExit(_module.main())
