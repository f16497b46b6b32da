"""English names for divisions: Hanyu Pinyin for the proper name plus an English word for the type.

Pure (no Django): `division_name_en("雨湖区") == "Yuhu District"`. The type word is only added where
the suffix is unambiguous; anything else is romanised as a whole, so the result is never a guess
at a translation. Ethnic groups in autonomous units use their usual English names
("湘西土家族苗族自治州" → "Xiangxi Tujia and Miao Autonomous Prefecture").
"""

from __future__ import annotations

import re
from functools import lru_cache

from pypinyin import lazy_pinyin

# Names that are not a proper name plus a type: placeholders the NBS tree uses under municipalities
# and for county-level units administered directly by the province.
WHOLE_NAMES: dict[str, str] = {
    "市辖区": "City districts",
    "县": "Counties",
    "省直辖县级行政区划": "County-level divisions under the province",
    "自治区直辖县级行政区划": "County-level divisions under the autonomous region",
}

# Provincial names whose established English form is not plain pinyin of the stem.
PROVINCE_STEMS: dict[str, str] = {
    "陕西": "Shaanxi",  # distinguishes it from 山西 Shanxi
    "内蒙古": "Inner Mongolia",
}

# Readings pypinyin gets wrong in place names.
# In place names 长 is almost always chang and 都 du (长沙, 长治, 成都, 信都); 长子县 is the exception.
PLACE_READINGS: dict[str, list[str]] = {
    "长子": ["zhang", "zi"],
    "朝阳": ["chao", "yang"],
    "长": ["chang"],
    "都": ["du"],
}
_READING_ORDER = sorted(PLACE_READINGS, key=len, reverse=True)

# Suffix → English type word, longest suffixes first when matched.
SUFFIXES: dict[str, str] = {
    "特别行政区": "Special Administrative Region",
    "自治区": "Autonomous Region",
    "自治州": "Autonomous Prefecture",
    "自治县": "Autonomous County",
    "自治旗": "Autonomous Banner",
    "民族乡": "Ethnic Township",
    "民族镇": "Ethnic Town",
    "民族苏木": "Ethnic Sumu",
    "街道办事处": "Subdistrict",
    "街道": "Subdistrict",
    "经济技术开发区": "Economic and Technological Development Zone",
    "高新技术产业开发区": "High-tech Industrial Development Zone",
    "经济开发区": "Economic Development Zone",
    "开发区": "Development Zone",
    "工业园区": "Industrial Park",
    "产业园区": "Industrial Park",
    "示范区": "Demonstration Zone",
    "管理区": "Administrative Zone",
    "新区": "New Area",
    "林区": "Forestry District",
    "特区": "Special District",
    "矿区": "Mining District",
    "地区": "Prefecture",
    "农场": "Farm",
    "林场": "Forest Farm",
    "牧场": "Ranch",
    "苏木": "Sumu",
    "省": "Province",
    "市": "City",
    "区": "District",
    "县": "County",
    "旗": "Banner",
    "盟": "League",
    "镇": "Town",
    "乡": "Township",
}
_SUFFIX_ORDER = sorted(SUFFIXES, key=len, reverse=True)

# The 55 minority nationalities (without 族) → usual English names.
ETHNIC_GROUPS: dict[str, str] = {
    "蒙古": "Mongol", "回": "Hui", "藏": "Tibetan", "维吾尔": "Uygur", "苗": "Miao", "彝": "Yi",
    "壮": "Zhuang", "布依": "Bouyei", "朝鲜": "Korean", "满": "Manchu", "侗": "Dong", "瑶": "Yao",
    "白": "Bai", "土家": "Tujia", "哈尼": "Hani", "哈萨克": "Kazak", "傣": "Dai", "黎": "Li",
    "傈僳": "Lisu", "佤": "Va", "畲": "She", "高山": "Gaoshan", "拉祜": "Lahu", "水": "Shui",
    "东乡": "Dongxiang", "纳西": "Naxi", "景颇": "Jingpo", "柯尔克孜": "Kirgiz", "土": "Tu",
    "达斡尔": "Daur", "仫佬": "Mulao", "羌": "Qiang", "布朗": "Blang", "撒拉": "Salar",
    "毛南": "Maonan", "仡佬": "Gelao", "锡伯": "Xibe", "阿昌": "Achang", "普米": "Pumi",
    "塔吉克": "Tajik", "怒": "Nu", "乌孜别克": "Uzbek", "俄罗斯": "Russian", "鄂温克": "Ewenki",
    "德昂": "De'ang", "保安": "Bonan", "裕固": "Yugur", "京": "Jing", "塔塔尔": "Tatar",
    "独龙": "Derung", "鄂伦春": "Oroqen", "赫哲": "Hezhe", "门巴": "Monba", "珞巴": "Lhoba",
    "基诺": "Jino",
}  # fmt: skip
_ETHNIC_ORDER = sorted(ETHNIC_GROUPS, key=len, reverse=True)

_PUNCTUATION = str.maketrans({"（": " (", "）": ") ", "·": " ", "、": ", ", "，": ", "})
_SPACES = re.compile(r"\s+")
_OPEN_PAREN = re.compile(r"\((\w)")
_HAN = re.compile(r"[\u3400-\u9fff]")
_TRAILING_PAREN = re.compile(r"^(?P<main>[^（）]+)（(?P<inner>[^（）]+)）$")

PROVINCE_LEVEL = 1
PREFECTURE_LEVEL = 2


def romanize(text: str) -> str:
    """Pinyin of a proper name as one capitalised word, apostrophes where syllables would run together."""
    syllables: list[str] = []
    rest = text
    while rest:
        for phrase in _READING_ORDER:
            if rest.startswith(phrase):
                syllables.extend(PLACE_READINGS[phrase])
                rest = rest[len(phrase) :]
                break
        else:
            cut = min((i for p in PLACE_READINGS if (i := rest.find(p)) > 0), default=len(rest))
            syllables.extend(lazy_pinyin(rest[:cut], v_to_u=True))
            rest = rest[cut:]
    out = ""
    for syllable in syllables:
        if out and syllable and syllable[0] in "aoe" and out[-1].isalpha():
            out += "'"
        out += syllable
    out = _SPACES.sub(" ", out.translate(_PUNCTUATION)).strip()
    out = _OPEN_PAREN.sub(lambda m: "(" + m[1].upper(), out)
    return out[:1].upper() + out[1:]


def _split_ethnic(stem: str) -> tuple[str, list[str]]:
    """'湘西土家族苗族' → ('湘西', ['Tujia', 'Miao'])."""
    groups: list[str] = []
    while stem.endswith("族"):
        for zh in _ETHNIC_ORDER:
            if stem.endswith(zh + "族") and len(stem) > len(zh) + 1:
                groups.insert(0, ETHNIC_GROUPS[zh])
                stem = stem[: -len(zh) - 1]
                break
        else:
            break
    return stem, groups


def _join_groups(groups: list[str]) -> str:
    if len(groups) <= 2:
        return " and ".join(groups)
    return ", ".join(groups[:-1]) + " and " + groups[-1]


@lru_cache(maxsize=65536)
def division_name_en(name_zh: str, level: int | None = None) -> str:
    """English name for a division: romanised proper name + type word where the suffix is clear.

    `level` only matters at the top: a province-level 市 is a Municipality, not a City.
    """
    name = name_zh.strip()
    if not name:
        return ""
    if name in WHOLE_NAMES:
        return WHOLE_NAMES[name]
    if match := _TRAILING_PAREN.match(name):
        inner = division_name_en(match["inner"])
        return f"{division_name_en(match['main'], level)} ({inner})"
    if not _HAN.search(name):
        return name

    for suffix in _SUFFIX_ORDER:
        if name.endswith(suffix) and len(name) > len(suffix):
            kind = SUFFIXES[suffix]
            stem = name[: -len(suffix)]
            break
    else:
        return romanize(name)

    if level == PROVINCE_LEVEL and suffix == "市":
        kind = "Municipality"
    if suffix == "地区" and level != PREFECTURE_LEVEL:
        kind = "Area"  # township-level 地区 in Beijing and elsewhere
    groups: list[str] = []
    if suffix.startswith("自治") or suffix in ("乡", "镇", "苏木"):
        stem, groups = _split_ethnic(stem)
        if groups and suffix in ("乡", "镇", "苏木"):
            kind = "Ethnic " + kind
    if level == PROVINCE_LEVEL and stem in PROVINCE_STEMS:
        proper = PROVINCE_STEMS[stem]
    elif suffix.startswith("自治") and stem.removesuffix("族") in ETHNIC_GROUPS:
        proper = ETHNIC_GROUPS[stem.removesuffix("族")]  # 鄂伦春自治旗 → Oroqen Autonomous Banner
    elif len(stem) == 1 and not groups:
        # A one-syllable proper name keeps its generic term in the romanised name (沛县 → Peixian County).
        proper = romanize(name)
    else:
        proper = romanize(stem)
    parts = [proper]
    if groups:
        parts.append(_join_groups(groups))
    parts.append(kind)
    return " ".join(parts)
