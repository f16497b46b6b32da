"""Read what the demo generator needs from the reference files (pure Python, no Django).

- divisions: NBS 2023 codes (`china-admin-divisions`: provinces/cities/areas/streets.csv), with county
  centre coordinates from `adcodes_with_coords_cpca.csv`;
- census: 7th census county rows (`china-population-census/census_county_2020_v1.tsv`);
- occupations: 职业分类大典 2022 level-4 codes (`china-occupation-classification/occupations_2022_flat.csv`).

Division codes follow the platform's convention: 2 digits (province), 4 (prefecture), 6 (county), 9 (township).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

AGE_BANDS: tuple[tuple[int, int], ...] = (
    (0, 0), (1, 4), (5, 9), (10, 14), (15, 19), (20, 24), (25, 29), (30, 34), (35, 39), (40, 44),
    (45, 49), (50, 54), (55, 59), (60, 64), (65, 69), (70, 74), (75, 79), (80, 84), (85, 100),
)
_BAND_COLUMNS = (
    "0岁", "1到4岁", "5到9岁", "10到14岁", "15到19岁", "20到24岁", "25到29岁", "30到34岁", "35到39岁", "40到44岁",
    "45到49岁", "50到54岁", "55到59岁", "60到64岁", "65到69岁", "70到74岁", "75到79岁", "80到84岁", "85岁以上",
)
# Census education categories (population aged 3 and over, by highest level attended).
EDU_CENSUS = ("none", "preschool", "primary", "junior", "senior", "college", "bachelor_plus")
_EDU_COLUMNS = ("未上过学", "学前教育", "小学", "初中", "高中", "大学专科", "本科及以上")
# Occupation major groups of the 大典 reported by the census (7 军队人员 is not counted).
OCC_GROUPS = ("1", "2", "3", "4", "5", "6", "8")
_OCC_COLUMNS = (
    "党的机关国家机关群众团体和社会组织企事业单位负责人", "专业技术人员", "办事人员和有关人员",
    "社会生产服务和生活服务人员", "农林牧渔业生产及辅助人员", "生产制造及有关人员", "不便分类其他的从业人员",
)
# GB/T 4754-2017 sections A–T in census column order.
INDUSTRY_SECTIONS = "ABCDEFGHIJKLMNOPQRST"
_IND_COLUMNS = (
    "农林牧渔业", "采矿业", "制造业", "电力热力燃气及水生产和供应业", "建筑业", "批发和零售业", "交通运输仓储和邮政业",
    "住宿和餐饮业", "信息传输软件和信息技术服务业", "金融业", "房地产业", "租赁和商务服务业", "科学研究和技术服务业",
    "水利环境和公共设施管理业", "居民服务修理和其服务业", "教育", "卫生和社会工作", "文化体育和娱乐业",
    "公共管理社会保障和社会组织", "国际组织",
)


class ReferenceError(ValueError):
    """A reference file is missing or does not hold what the generator needs."""


@dataclass(frozen=True)
class CountyCensus:
    code: str
    name: str
    population: int
    urban: int
    households: int
    household_persons: int
    one_person: int
    generations: tuple[int, int, int, int]  # households of 1, 2, 3, 4+ generations (1 includes one-person)
    age_sex: tuple[tuple[int, ...], tuple[int, ...]]  # (male, female) counts per AGE_BANDS
    hukou_elsewhere: tuple[int, int, int]  # same county / other county of the province / other province
    education: tuple[tuple[int, ...], tuple[int, ...]]  # (male, female) per EDU_CENSUS
    occupations: tuple[int, ...]  # long-form sample counts per OCC_GROUPS
    industries: tuple[int, ...]  # long-form sample counts per INDUSTRY_SECTIONS
    pop15_longform: int  # long-form sample persons aged 15+ (denominator of the employment ratio)
    minority_share: float  # share of ethnic minorities (0–1)

    @property
    def urban_share(self) -> float:
        return self.urban / self.population if self.population else 0.0

    @property
    def employment_ratio(self) -> float:
        """Employed persons per person aged 15+ (both from the long-form sample)."""
        return sum(self.occupations) / self.pop15_longform if self.pop15_longform else 0.5

    def scaled(self, code: str, name: str, population: int, urban_share: float | None = None) -> CountyCensus:
        """This row's structure at another population size (for units without their own census row)."""
        k = population / self.population
        urban = round(population * (self.urban_share if urban_share is None else urban_share))

        def s(values):
            return tuple(round(v * k) for v in values)

        return CountyCensus(
            code=code, name=name, population=population, urban=urban, households=round(self.households * k),
            household_persons=round(self.household_persons * k), one_person=round(self.one_person * k),
            generations=s(self.generations), age_sex=(s(self.age_sex[0]), s(self.age_sex[1])),
            hukou_elsewhere=s(self.hukou_elsewhere), education=(s(self.education[0]), s(self.education[1])),
            occupations=self.occupations, industries=self.industries, pop15_longform=self.pop15_longform,
            minority_share=self.minority_share,
        )


@dataclass(frozen=True)
class Township:
    code: str  # 9 digits
    name: str

    @property
    def kind(self) -> str:
        """street (街道, 001–099), town (镇, 100–199), township (乡, 200–399) or other (farms, zones)."""
        n = int(self.code[6:])
        if n < 100:
            return "street"
        if n < 200:
            return "town"
        if n < 400:
            return "township"
        return "other"


@dataclass(frozen=True)
class County:
    code: str  # 6 digits
    name: str
    latitude: float | None
    longitude: float | None
    townships: tuple[Township, ...]
    census: CountyCensus


@dataclass
class Region:
    """A prefecture (4-digit code) or a single county (6-digit code) with everything needed to generate it."""

    code: str
    name: str
    province_code: str
    province_name: str
    city_code: str
    city_name: str
    counties: list[County]
    # Every division the generated data may refer to: code -> (name, level 1–4, parent code or "").
    divisions: dict[str, tuple[str, int, str]] = field(default_factory=dict)
    coords: dict[str, tuple[float, float]] = field(default_factory=dict)  # code -> (lat, lon)
    # Counties by province, for the hukou places of migrants (code, name).
    areas_by_province: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    # The national code lists, to register a hukou county outside the region with its ancestors.
    provinces: dict[str, str] = field(default_factory=dict, repr=False)
    cities: dict[str, tuple[str, str]] = field(default_factory=dict, repr=False)
    areas: dict[str, tuple[str, str]] = field(default_factory=dict, repr=False)

    @property
    def population(self) -> int:
        return sum(c.census.population for c in self.counties)

    def path(self, code: str) -> str:
        parts = [code]
        while (parent := self.divisions[parts[-1]][2]):
            parts.append(parent)
        return "/".join(reversed(parts))


def _read_csv(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        raise ReferenceError(f"{path}: file not found")
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _int(row: dict[str, str], column: str, path: Path) -> int:
    raw = (row.get(column) or "").strip()
    if raw in ("", "NA"):
        return 0
    try:
        return round(float(raw))
    except ValueError:
        raise ReferenceError(f"{path}: county {row.get('区划代码')}: column {column} is not a number: {raw!r}") from None


def read_census(refdata: Path) -> dict[str, CountyCensus]:
    path = refdata / "china-population-census" / "census_county_2020_v1.tsv"
    if not path.exists():
        raise ReferenceError(f"{path}: file not found")
    out: dict[str, CountyCensus] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            code = row["区划代码"].strip()
            def i(column: str, row: dict[str, str] = row) -> int:
                return _int(row, column, path)

            minority = (row.get("少数民族人口比重（%）") or "").strip()
            out[code] = CountyCensus(
                code=code, name=row["区县"].strip(), population=i("人口数_合计"), urban=i("城镇人口"),
                households=i("家庭户数"), household_persons=i("家庭户人口数"), one_person=i("一人户数"),
                generations=(i("一代户数"), i("二代户数"), i("三代户数"), i("四代以上户数")),
                age_sex=(tuple(i(f"男_{b}") for b in _BAND_COLUMNS), tuple(i(f"女_{b}") for b in _BAND_COLUMNS)),
                hukou_elsewhere=(
                    i("户口登记地在外乡镇街道人口_本县"), i("户口登记地在外乡镇街道人口_本省其他县"),
                    i("户口登记地在外乡镇街道人口_省外"),
                ),
                education=(tuple(i(f"{e}_男") for e in _EDU_COLUMNS), tuple(i(f"{e}_女") for e in _EDU_COLUMNS)),
                occupations=tuple(i(c) for c in _OCC_COLUMNS),
                industries=tuple(i(c) for c in _IND_COLUMNS),
                pop15_longform=i("十五岁以上人口"),
                minority_share=float(minority) / 100 if minority not in ("", "NA") else 0.0,
            )
    return out


def _usable(c: CountyCensus) -> bool:
    return (
        c.population > 0 and sum(c.age_sex[0]) + sum(c.age_sex[1]) > 0 and c.households > 0
        and sum(c.occupations) > 0 and sum(c.industries) > 0 and sum(c.education[0]) > 0
    )


def load_region(refdata: Path, code: str) -> Region:
    """The prefecture or county `code` with its real counties and townships (NBS 2023) and census rows."""
    refdata = Path(refdata)
    base = refdata / "china-admin-divisions"
    provinces = {r["code"]: r["name"] for r in _read_csv(base / "provinces.csv")}
    cities = {r["code"]: (r["name"], r["provinceCode"]) for r in _read_csv(base / "cities.csv")}
    areas = {r["code"]: (r["name"], r["cityCode"]) for r in _read_csv(base / "areas.csv")}
    streets: dict[str, list[Township]] = defaultdict(list)
    for r in _read_csv(base / "streets.csv"):
        if r["code"].startswith(code[:4]):
            streets[r["areaCode"]].append(Township(r["code"], r["name"]))
    coords: dict[str, tuple[float, float]] = {}
    for r in _read_csv(base / "adcodes_with_coords_cpca.csv"):
        if r["latitude"] and r["longitude"]:
            adcode = r["adcode"]
            short = adcode[:6] if adcode[4:6] != "00" else (adcode[:4] if adcode[2:4] != "00" else adcode[:2])
            coords[short] = (float(r["latitude"]), float(r["longitude"]))
    census = read_census(refdata)

    if len(code) == 4:
        if code not in cities:
            raise ReferenceError(f"{base / 'cities.csv'}: no prefecture with code {code}")
        county_codes = sorted(c for c, (_, city) in areas.items() if city == code and streets.get(c))
        city_code = code
    elif len(code) == 6:
        if code not in areas:
            raise ReferenceError(f"{base / 'areas.csv'}: no county with code {code}")
        county_codes = [code]
        city_code = areas[code][1]
    else:
        raise ReferenceError(f"region code must have 4 (prefecture) or 6 (county) digits, got {code!r}")
    city_name, province_code = cities[city_code]
    city_row = census.get(city_code + "00")
    if len(code) == 6 and not (code in census and _usable(census[code])):
        raise ReferenceError(f"census_county_2020_v1.tsv: no usable 2020 census row for county {code}")
    if len(code) == 4 and not (city_row and _usable(city_row)):
        raise ReferenceError(f"census_county_2020_v1.tsv: no usable 2020 census row for city {code}00")

    # Functional zones (高新区, 示范区 …) created after the census have no row of their own: they get the
    # city's structure and share what the city total leaves over, in proportion to their townships.
    with_row = [c for c in county_codes if c in census and _usable(census[c])]
    without_row = [c for c in county_codes if c not in with_row]
    rows: dict[str, CountyCensus] = {c: census[c] for c in with_row}
    if without_row and city_row:
        residual = city_row.population - sum(census[c].population for c in with_row)
        residual_urban = city_row.urban - sum(census[c].urban for c in with_row)
        if residual > 0:
            weights = {c: len(streets[c]) for c in without_row}
            total_w = sum(weights.values())
            urban_share = min(1.0, max(0.0, residual_urban / residual))
            for c in without_row:
                pop = round(residual * weights[c] / total_w)
                if pop > 0:
                    rows[c] = city_row.scaled(c, areas[c][0], pop, urban_share)

    counties = [
        County(
            code=c, name=areas[c][0], latitude=coords.get(c, coords.get(city_code, (None, None)))[0],
            longitude=coords.get(c, coords.get(city_code, (None, None)))[1],
            townships=tuple(sorted(streets[c], key=lambda t: t.code)), census=rows[c],
        )
        for c in county_codes
        if c in rows and streets.get(c)
    ]
    if not counties:
        raise ReferenceError(f"no county of {code} has both townships and census data")

    divisions: dict[str, tuple[str, int, str]] = {
        province_code: (provinces[province_code], 1, ""),
        city_code: (city_name, 2, province_code),
    }
    for county in counties:
        divisions[county.code] = (county.name, 3, city_code)
        for t in county.townships:
            divisions[t.code] = (t.name, 4, county.code)
    areas_by_province: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for a, (name, city) in sorted(areas.items()):
        if name != "市辖区" and city in cities:
            areas_by_province[cities[city][1]].append((a, name))
    region = Region(
        code=code, name=city_name if len(code) == 4 else areas[code][0], province_code=province_code,
        province_name=provinces[province_code], city_code=city_code, city_name=city_name, counties=counties,
        divisions=divisions, coords=coords, areas_by_province=dict(areas_by_province),
        provinces=provinces, cities=cities, areas=areas,
    )
    return region


def add_county_division(region: Region, county_code: str) -> None:
    """Register a county outside the region (a migrant's hukou place) and its ancestors."""
    if county_code in region.divisions:
        return
    name, city = region.areas[county_code]
    city_name, prov = region.cities[city]
    region.divisions.setdefault(prov, (region.provinces[prov], 1, ""))
    region.divisions.setdefault(city, (city_name, 2, prov))
    region.divisions[county_code] = (name, 3, city)


def read_occupations(refdata: Path) -> dict[str, list[str]]:
    """Level-4 (细类) occupation codes of the 大典 2022 by their middle class (中类, e.g. '2-02')."""
    path = Path(refdata) / "china-occupation-classification" / "occupations_2022_flat.csv"
    out: dict[str, list[str]] = defaultdict(list)
    for line, r in enumerate(_read_csv(path), start=2):
        if r["level"] == "4":
            if not r["middle_code"]:
                raise ReferenceError(f"{path}: line {line}: level-4 occupation {r['code']} has no middle class")
            out[r["middle_code"]].append(r["code"])
    if not out:
        raise ReferenceError(f"{path}: no level-4 occupations")
    return dict(out)
