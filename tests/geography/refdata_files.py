"""A tiny reference-data directory of real rows (NBS 2023 codes, cpca centres, 大典 2022, ISCO-08),
written into a temporary directory so loader tests run fast and without the full files.

`write_refdata(tmp_path, {"china-admin-divisions/streets.csv": bad_text})` replaces one file; a value
of None leaves that file out.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

DIV = "china-admin-divisions"
OCC = "china-occupation-classification/occupations_2022_flat.csv"
ISCO = "esco/ISCOGroups_en.csv"

STREETS_HEADER = "code,name,areaCode,provinceCode,cityCode\n"
OCC_HEADER = "code,level,level_name,gbm_code,name,major_code,middle_code,minor_code\n"

FILES: dict[str, str] = {
    f"{DIV}/provinces.csv": 'code,name\n43,"湖南省"\n',
    f"{DIV}/cities.csv": 'code,name,provinceCode\n4303,"湘潭市",43\n',
    f"{DIV}/areas.csv": (
        'code,name,cityCode,provinceCode\n430302,"雨湖区",4303,43\n430304,"岳塘区",4303,43\n'
    ),
    f"{DIV}/streets.csv": STREETS_HEADER
    + '430302001,"雨湖路街道",430302,43,4303\n'
    + '430302002,"城正街街道",430302,43,4303\n'
    + '430302003,"云塘街道",430302,43,4303\n'
    + '430304001,"岳塘街道",430304,43,4303\n'
    + '430304002,"东坪街道",430304,43,4303\n',
    f"{DIV}/adcodes_with_coords_cpca.csv": (
        "adcode,name,longitude,latitude\n"
        "430000000000,湖南省,112.9836,28.112743\n"
        "430302000000,雨湖区,112.907162,27.856325\n"
        "430304000000,岳塘区,112.969479,27.872028\n"
        "430300000000,湘潭市,112.944026,27.829795\n"
        "430301000000,市辖区,,\n"
    ),
    OCC: OCC_HEADER
    + "1,1,大类,10,党的机关、国家机关、群众团体和社会组织、企事业单位负责人,1,,\n"
    + "1-01,2,中类,10100,中国共产党机关和基层组织负责人,1,1-01,\n"
    + "1-01-00,3,小类,10100,中国共产党机关和基层组织负责人,1,1-01,1-01-00\n"
    + "1-01-00-01,4,细类,,中国共产党机关负责人,1,1-01,1-01-00\n"
    + "1-01-00-02,4,细类,,中国共产党基层组织负责人,1,1-01,1-01-00\n"
    + "2,1,大类,20000,专业技术人员,2,,\n"
    + "2-02,2,中类,20200,工程技术人员,2,2-02,\n"
    + "2-02-10,3,小类,20210,信息和通信工程技术人员,2,2-02,2-02-10\n"
    + "2-02-10-03,4,细类,,计算机软件工程技术人员,2,2-02,2-02-10\n",
    # Descriptions span lines, as in the real file: line numbers must count them.
    ISCO: "conceptType,conceptUri,code,preferredLabel,status,altLabels,inScheme,description\n"
    + 'ISCOGroup,http://data.europa.eu/esco/isco/C0,0,Armed forces occupations,released,,"http://a,\nhttp://b","Armed forces\noccupations include all jobs."\n'
    + "ISCOGroup,http://data.europa.eu/esco/isco/C01,01,Commissioned armed forces officers,released,,http://a,Officers.\n"
    + "ISCOGroup,http://data.europa.eu/esco/isco/C011,011,Commissioned armed forces officers,released,,http://a,Officers.\n"
    + "ISCOGroup,http://data.europa.eu/esco/isco/C0110,0110,Commissioned armed forces officers,released,,http://a,Officers.\n"
    + "ISCOGroup,http://data.europa.eu/esco/isco/C2,2,Professionals,released,,http://a,Professionals.\n"
    + "ISCOGroup,http://data.europa.eu/esco/isco/C25,25,Information and communications technology professionals,released,,http://a,ICT.\n",
}


def write_refdata(root: Path, replace: dict[str, str | None] | None = None) -> Path:
    files = {**FILES, **(replace or {})}
    for name, text in files.items():
        if text is None:
            continue
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


def real_refdata() -> Path:
    return Path(settings.JIUYE_REFDATA)


def has_real_refdata() -> bool:
    return (real_refdata() / DIV / "streets.csv").is_file()
