"""Synthetic pairs of department extracts with known truth, for training the shipped model and for benchmarks.

Persons live in the real townships of 湘潭 (4303); each extract sees a person through its own errors: homophone
and typo names (the clerk typed 晓 for 小, or picked the wrong candidate in the input method), one-digit and
day/month-swapped birth dates, missing and legacy 15-digit resident IDs, missing or changed phones, moved
residence, county-only addresses. Vectorised numpy; deterministic for a seed. No Django.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from pypinyin import lazy_pinyin

# Common surnames with rough relative frequencies (Hunan weighting: 刘 李 陈 王 张 lead, 谭 彭 曾 are common).
SURNAMES = (
    "刘72 李68 陈55 王52 张45 周38 彭30 罗30 杨29 谭27 黄26 唐25 胡24 邓22 曾21 易17 肖17 贺14 吴16 赵12 蒋13 龙12 "
    "袁12 谢13 文10 朱11 何11 廖11 邹9 毛8 颜7 郭8 戴8 向8 钟7 姚6 许6 汤7 冯6 宋5 田6 石6 雷6 欧阳5 孙5 徐6 马4 "
    "高5 林5 郑4 梁4 韩3 方4 夏5 尹5 卢4 段4 丁3 蔡4 熊5 陶4 邱3 魏3 范3 左3 符2 成3 凌2 聂3 喻3 谷2 伍3 严3 莫2 "
    "舒3 侯2 傅2 皮1 晏1 阳2 粟1 蒲1 童2 江2 阮1 覃1 卜1"
)
# Given-name characters. Many come in homophone sets (晓/小/筱, 明/铭/鸣, 丽/莉/俐 …) — exactly the pairs an
# input method offers side by side, which is how the same person gets two spellings in two departments.
GIVEN_M = (
    "伟玮炜 明铭鸣 军君均 华桦 杰 涛滔 斌彬 磊 鹏 强 勇 刚 辉 峰锋 波 亮 平 东 超 飞 志智 兵 新欣 湘 国 建健 文 "
    "德 林霖 生 荣 清 春 宝 海 学 忠 永 光 庆 浩 宇 俊骏 帅 凯 翔祥 龙 威 阳 博 晨辰 毅 哲 聪 坤 锐 洋 恒 宏洪红 子 "
    "轩 睿 泽 航 奕 梓 瑞 熙 煜 锦 逸 诚 嘉佳 豪 然 彦 晓小 亚 正 胜 金 江 武 兴 军 忠 义"
)
GIVEN_F = (
    "丽莉俐 芳方 燕艳雁 静晶靖 玲琳灵 婷亭 敏 娟 霞 萍 英 慧惠 莉 娜 蓉 丹 红虹 倩 雪 颖 璐露 瑶 莹 欣 琪 薇 楠 "
    "梓 涵 怡 诗 雨 可 馨 萱 悦 妍 依 彤 语 思 若 曦 晗 婉 钰 秀 兰 玉 珍 凤 桂 梅 菊 琴 云 香 翠 美 爱 月 晓小筱 "
    "佳嘉 欢 洁婕 娇 蕾 露 媛 嫣 璇 雯 琼 秋 冬 春"
)
STREETS_CSV = Path("/work/shared/data/reference/china-admin-divisions/streets.csv")
CITY = "4303"
HASH_KEY = b"synthetic-linkage-key"


@dataclass(frozen=True)
class Noise:
    """Per-extract error rates (each applied independently to each record)."""

    name_homophone: float = 0.06
    name_typo: float = 0.02
    name_missing: float = 0.002
    dob_digit: float = 0.03
    dob_swap: float = 0.01
    dob_missing: float = 0.005
    sex_missing: float = 0.005
    id_missing: float = 0.10
    id_invalid: float = 0.01  # a mistyped digit: fails the checksum, so ingestion drops it
    id_15_digit: float = 0.0  # legacy first-generation IDs; converted to 18 digits before hashing
    phone_missing: float = 0.25
    phone_changed: float = 0.08
    moved: float = 0.10
    county_only: float = 0.05


LEFT_NOISE = Noise(name_homophone=0.03, name_typo=0.01, dob_digit=0.015, dob_swap=0.005, phone_missing=0.2,
                   moved=0.0, county_only=0.02)
RIGHT_NOISE = Noise(id_15_digit=0.08)


def _townships() -> np.ndarray:
    with STREETS_CSV.open(encoding="utf-8") as f:
        codes = [row["code"] for row in csv.DictReader(f) if row["code"].startswith(CITY)]
    if not codes:
        raise RuntimeError(f"no townships of {CITY} in {STREETS_CSV}")
    return np.array(sorted(codes))


def _char_table(spec: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Characters, their homophone set ids, and for each character the index of another in its set (or -1)."""
    chars: list[str] = []
    for word in spec.split():
        for ch in word:
            if ch not in chars:
                chars.append(ch)
    by_sound: dict[str, list[int]] = defaultdict(list)
    for i, ch in enumerate(chars):
        by_sound["".join(lazy_pinyin(ch))].append(i)
    partner = np.full(len(chars), -1)
    for members in by_sound.values():
        if len(members) > 1:
            for k, i in enumerate(members):
                partner[i] = members[(k + 1) % len(members)]
    return chars, np.arange(len(chars)), partner


def _check_digits(bodies: np.ndarray) -> np.ndarray:
    """GB 11643 check characters for an (n, 17) digit array."""
    weights = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])
    table = np.array(list("10X98765432"))
    return table[(bodies * weights).sum(axis=1) % 11]


def _key_hash(values: list[str | None]) -> list[str | None]:
    """Keyed hash as the platform stores it (HMAC-SHA256, truncated): the engine never sees the raw number."""
    return [None if v is None else hmac.new(HASH_KEY, v.encode(), hashlib.sha256).hexdigest()[:24] for v in values]


def id_15_to_18(id15: str) -> str:
    """Legacy 15-digit ID → 18 digits (born 19xx): what the ingestion adapter does before hashing."""
    body = id15[:6] + "19" + id15[6:]
    digits = np.array([[int(c) for c in body]])
    return body + str(_check_digits(digits)[0])


def _valid_18(s: str) -> bool:
    if len(s) != 18 or not s[:17].isdigit():
        return False
    return str(_check_digits(np.array([[int(c) for c in s[:17]]]))[0]) == s[17]


@dataclass
class Persons:
    surname: np.ndarray
    g1: np.ndarray
    g2: np.ndarray  # -1: one-character given name
    sex: np.ndarray  # 0 = M, 1 = F
    dob: np.ndarray  # datetime64[D]
    township: np.ndarray
    phone: np.ndarray
    seq: np.ndarray


def _parse_surnames() -> tuple[list[str], np.ndarray]:
    names, weights = [], []
    for tok in SURNAMES.split():
        i = next(k for k, c in enumerate(tok) if c.isdigit())
        names.append(tok[:i])
        weights.append(float(tok[i:]))
    w = np.array(weights)
    return names, w / w.sum()


def _draw(n: int, rng: np.random.Generator, towns: np.ndarray, n_given: tuple[int, int]) -> Persons:
    _, sur_p = _parse_surnames()
    sex = rng.integers(0, 2, n)
    n_m, n_f = n_given
    g1 = np.where(sex == 0, rng.integers(0, n_m, n), rng.integers(0, n_f, n))
    g2 = np.where(sex == 0, rng.integers(0, n_m, n), rng.integers(0, n_f, n))
    g2 = np.where(rng.random(n) < 0.25, -1, g2)  # a quarter of given names are one character
    start = np.datetime64("1955-01-01")
    dob = start + rng.integers(0, 365 * 52, n).astype("timedelta64[D]")
    township = rng.integers(0, len(towns), n)
    # Sequence numbers are unique within (county, birth date, sex), as the police issue them, so no two
    # persons share an ID; odd for men, even for women.
    county = np.array([t[:6] for t in towns])[township]
    order = pd.DataFrame({"c": county, "d": dob, "s": sex}).groupby(["c", "d", "s"]).cumcount().to_numpy()
    return Persons(
        surname=rng.choice(len(sur_p), n, p=sur_p),
        g1=g1, g2=g2, sex=sex, dob=dob, township=township,
        phone=rng.integers(13_000_000_000, 19_999_999_999, n),
        seq=(order + 10) * 2 + (1 - sex),
    )


def _extract(p: Persons, idx: np.ndarray, noise: Noise, rng: np.random.Generator, towns: np.ndarray,
             prefix: str) -> tuple[pd.DataFrame, np.ndarray]:
    """One department's view of persons `idx`. Returns the extract and, per row, the person index."""
    n = len(idx)
    surnames, _ = _parse_surnames()
    chars_m, _, partner_m = _char_table(GIVEN_M)
    chars_f, _, partner_f = _char_table(GIVEN_F)
    sex = p.sex[idx]
    g1, g2 = p.g1[idx].copy(), p.g2[idx].copy()

    def by_sex(male: np.ndarray, female: np.ndarray, g: np.ndarray) -> np.ndarray:
        # Both branches of np.where are evaluated, so clip each index into its own table first.
        safe = np.maximum(g, 0)
        return np.where(sex == 0, male[np.minimum(safe, len(male) - 1)], female[np.minimum(safe, len(female) - 1)])

    # Homophone: swap one given character for another with the same sound, when the character has one.
    partner_g1 = by_sex(partner_m, partner_f, g1)
    partner_g2 = np.where(g2 >= 0, by_sex(partner_m, partner_f, g2), -1)
    homo = rng.random(n) < noise.name_homophone
    use_second = ((rng.random(n) < 0.5) & (partner_g2 >= 0)) | (partner_g1 < 0)
    swap2 = homo & use_second & (partner_g2 >= 0)
    swap1 = homo & ~use_second & (partner_g1 >= 0)
    g2 = np.where(swap2, partner_g2, g2)
    g1 = np.where(swap1, partner_g1, g1)
    # Typo: a different, unrelated character in the given name.
    typo = rng.random(n) < noise.name_typo
    pool = np.where(sex == 0, len(chars_m), len(chars_f))
    g1 = np.where(typo, (g1 + 1 + rng.integers(0, 10, n)) % pool, g1)

    m_arr, f_arr = np.array(chars_m), np.array(chars_f)
    given1 = by_sex(m_arr, f_arr, g1)
    given2 = np.where(g2 < 0, "", by_sex(m_arr, f_arr, g2))
    sur_arr = np.array(surnames)
    names = np.char.add(np.char.add(sur_arr[p.surname[idx]], given1), given2).astype(object)
    names[rng.random(n) < noise.name_missing] = None

    # Birth dates as YYYYMMDD digits; errors are made on the digits, as a clerk makes them.
    dob = p.dob[idx]
    digits = np.array([list(s) for s in np.datetime_as_string(dob).astype("U10")])[:, [0, 1, 2, 3, 5, 6, 8, 9]]
    digit_err = rng.random(n) < noise.dob_digit
    pos = rng.integers(4, 8, n)  # month or day digit (year typos are rarer; the same-year level covers them)
    rows = np.nonzero(digit_err)[0]
    digits[rows, pos[rows]] = rng.integers(0, 10, len(rows)).astype(str)
    swap = (rng.random(n) < noise.dob_swap)
    mm, dd = digits[:, 4:6].copy(), digits[:, 6:8].copy()
    digits[swap, 4:6], digits[swap, 6:8] = dd[swap], mm[swap]
    text = np.array(["".join(r) for r in digits])
    parsed = pd.to_datetime(pd.Series(text), format="%Y%m%d", errors="coerce")  # impossible dates → null
    parsed[rng.random(n) < noise.dob_missing] = pd.NaT
    birth = parsed.dt.date.astype(object).where(parsed.notna(), None)

    sex_out = np.where(sex == 0, "M", "F").astype(object)
    sex_out[rng.random(n) < noise.sex_missing] = None

    # Resident ID: place of the person's hukou county + true birth date + sequence + check digit.
    county = np.array([t[:6] for t in towns])[p.township[idx]]
    true_digits = np.array([list(s) for s in np.datetime_as_string(dob).astype("U10")])[:, [0, 1, 2, 3, 5, 6, 8, 9]]
    body = np.char.add(np.char.add(county, np.array(["".join(r) for r in true_digits])),
                       np.char.zfill(p.seq[idx].astype(str), 3))
    bodies = np.array([list(b) for b in body]).astype(int)
    ids = np.char.add(body, _check_digits(bodies)).astype(object)
    legacy = rng.random(n) < noise.id_15_digit
    ids[legacy] = [s[:6] + s[8:17] for s in ids[legacy]]
    invalid = rng.random(n) < noise.id_invalid
    ids[invalid] = [s[:10] + str((int(s[10]) + 1) % 10) + s[11:] for s in ids[invalid]]
    ids[rng.random(n) < noise.id_missing] = None
    # What ingestion does: upgrade 15 → 18, drop what fails the checksum, keep only the keyed hash.
    cleaned = [None if v is None else (id_15_to_18(v) if len(v) == 15 else v) for v in ids]
    cleaned = [v if v is not None and _valid_18(v) else None for v in cleaned]

    phone = p.phone[idx].copy()
    changed = rng.random(n) < noise.phone_changed
    phone[changed] = rng.integers(13_000_000_000, 19_999_999_999, int(changed.sum()))
    phone_s = phone.astype(str).astype(object)
    phone_s[rng.random(n) < noise.phone_missing] = None

    town = p.township[idx].copy()
    moved = rng.random(n) < noise.moved
    town[moved] = rng.integers(0, len(towns), int(moved.sum()))
    division = towns[town].astype(object)
    county_only = rng.random(n) < noise.county_only
    division[county_only] = [d[:6] for d in division[county_only]]

    order = rng.permutation(n)  # departments number their rows their own way
    frame = pd.DataFrame({
        "record_id": [f"{prefix}{k:07d}" for k in range(n)],
        "name": names[order],
        "birth_date": birth.to_numpy()[order],
        "sex": sex_out[order],
        "phone_hash": np.array(_key_hash(list(phone_s)), dtype=object)[order],
        "division_code": division[order],
        "id_hash": np.array(_key_hash(cleaned), dtype=object)[order],
    })
    return frame, idx[order]


def department_extracts(
    n_left: int, n_right: int, *, overlap: float = 0.9, seed: int = 1,
    left_noise: Noise = LEFT_NOISE, right_noise: Noise = RIGHT_NOISE,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(left, right, truth): two extracts in the engine's input layout and the true (left_id, right_id) pairs.

    `overlap` is the share of the smaller extract that is also in the other one.
    """
    rng = np.random.default_rng(seed)
    towns = _townships()
    shared = int(round(overlap * min(n_left, n_right)))
    total = n_left + n_right - shared
    chars_m, _, _ = _char_table(GIVEN_M)
    chars_f, _, _ = _char_table(GIVEN_F)
    persons = _draw(total, rng, towns, (len(chars_m), len(chars_f)))
    everyone = rng.permutation(total)
    left_idx = everyone[:n_left]
    right_idx = np.concatenate([everyone[:shared], everyone[n_left:n_left + n_right - shared]])
    left, left_person = _extract(persons, left_idx, left_noise, rng, towns, "A")
    right, right_person = _extract(persons, right_idx, right_noise, rng, towns, "B")
    lmap = pd.DataFrame({"left_id": left["record_id"], "person": left_person})
    rmap = pd.DataFrame({"right_id": right["record_id"], "person": right_person})
    truth = lmap.merge(rmap, on="person")[["left_id", "right_id"]]
    return left, right, truth


def pair_scores(found: pd.DataFrame, truth: pd.DataFrame) -> tuple[float, float, float]:
    """Precision, recall and F1 of predicted (left_id, right_id) pairs against the truth."""
    f = set(zip(found["left_id"], found["right_id"], strict=True))
    t = set(zip(truth["left_id"], truth["right_id"], strict=True))
    tp = len(f & t)
    precision = tp / len(f) if f else 1.0
    recall = tp / len(t) if t else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1
