import pytest

from jiuye.geography.models import Division
from jiuye.network import services

# County centres from the reference coordinates file (adcodes_with_coords_cpca.csv).
CENTRES = {
    "43": (28.112743, 112.9836),
    "4303": (27.829795, 112.944026),
    "430302": (27.856325, 112.907162),
    "430304": (27.872028, 112.969479),
    "4301": (28.228304, 112.938882),
    "430102": (28.185389, 113.032539),
}

HOURS = {
    "mon": [["08:30", "12:00"], ["14:00", "17:30"]],
    "tue": [["08:30", "12:00"], ["14:00", "17:30"]],
    "wed": [["08:30", "12:00"], ["14:00", "17:30"]],
    "thu": [["08:30", "12:00"], ["14:00", "17:30"]],
    "fri": [["08:30", "12:00"], ["14:00", "17:30"]],
    "sat": [],
    "sun": [],
}

# A point in 雨湖区 (near its centre) and one in 芙蓉区, 长沙.
YUHU = (27.8601, 112.9003)
YUETANG = (27.8700, 112.9702)
FURONG = (28.1854, 113.0325)


@pytest.fixture
def places(tree):
    for code, (lat, lon) in CENTRES.items():
        Division.objects.filter(code=code).update(latitude=lat, longitude=lon)
    return {code: Division.objects.get(code=code) for code in tree}


def station_data(**overrides):
    data = {
        "name": "雨湖路街道就业服务站",
        "kind": "community",
        "address": "湘潭市雨湖区雨湖路1号",
        "latitude": YUHU[0],
        "longitude": YUHU[1],
        "opening_hours": HOURS,
        "services": ["registration", "job_matching"],
        "phone": "0731-55550000",
        "staff_count": 3,
    }
    data.update(overrides)
    return data


@pytest.fixture
def make_station(places, users):
    def _make(division_code="430302001", **overrides):
        return services.create_station(
            by=users["caseworker"], division=places[division_code], **station_data(**overrides)
        )

    return _make
