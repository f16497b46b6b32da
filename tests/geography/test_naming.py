import pytest

from jiuye.geography.naming import division_name_en, romanize


@pytest.mark.parametrize(
    ("name", "level", "expected"),
    [
        ("雨湖区", 3, "Yuhu District"),
        ("湖南省", 1, "Hunan Province"),
        ("湘潭市", 2, "Xiangtan City"),
        ("北京市", 1, "Beijing Municipality"),
        ("陕西省", 1, "Shaanxi Province"),
        ("山西省", 1, "Shanxi Province"),
        ("内蒙古自治区", 1, "Inner Mongolia Autonomous Region"),
        ("广西壮族自治区", 1, "Guangxi Zhuang Autonomous Region"),
        ("湘西土家族苗族自治州", 2, "Xiangxi Tujia and Miao Autonomous Prefecture"),
        ("双江拉祜族佤族布朗族傣族自治县", 3, "Shuangjiang Lahu, Va, Blang and Dai Autonomous County"),
        ("鄂伦春自治旗", 3, "Oroqen Autonomous Banner"),
        ("兴安盟", 2, "Xing'an League"),
        ("阿里地区", 2, "Ali Prefecture"),
        ("上庄地区", 4, "Shangzhuang Area"),
        ("雨湖路街道", 4, "Yuhulu Subdistrict"),
        ("白石镇", 4, "Baishi Town"),
        ("大章乡", 4, "Dazhang Township"),
        ("黎山林场", 4, "Lishan Forest Farm"),
        ("天津经济技术开发区", 4, "Tianjin Economic and Technological Development Zone"),
        ("城区", 3, "Chengqu District"),
        ("新县", 3, "Xinxian County"),
        ("天峨县", 3, "Tian'e County"),
        ("朝阳区", 3, "Chaoyang District"),
        ("长治市", 2, "Changzhi City"),
        ("信都区", 3, "Xindu District"),
    ],
)
def test_type_word_and_pinyin(name, level, expected):
    assert division_name_en(name, level) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("市辖区", "City districts"),
        ("县", "Counties"),
        ("省直辖县级行政区划", "County-level divisions under the province"),
        ("自治区直辖县级行政区划", "County-level divisions under the autonomous region"),
    ],
)
def test_municipality_placeholders_keep_a_readable_name(name, expected):
    assert division_name_en(name, 2) == expected


def test_unknown_suffix_is_romanised_whole_without_a_guess():
    assert division_name_en("社会事务局", 4) == "Shehuishiwuju"


def test_trailing_parenthesis_is_named_too():
    assert division_name_en("大安经济开发区（省级）", 4) == "Da'an Economic Development Zone (Shengji)"


def test_romanize():
    assert romanize("西安") == "Xi'an"
    assert romanize("吕梁") == "Lüliang"
    assert romanize("") == ""
