"""Divisions and classifications: readable by any signed-in client, addressed by code."""

import pytest

from jiuye.taxonomy.models import EducationLevel, Industry, IscoGroup, KeyGroup, Occupation


@pytest.fixture
def taxonomy(db):
    major = Occupation.objects.create(code="2", level=1, name_zh="专业技术人员", name_en="Professionals")
    middle = Occupation.objects.create(code="2-02", level=2, name_zh="工程技术人员", parent=major)
    Occupation.objects.create(code="2-02-10", level=3, name_zh="电子工程技术人员", parent=middle)
    Occupation.objects.create(code="4", level=1, name_zh="社会生产服务和生活服务人员")
    IscoGroup.objects.create(code="2", level=1, name_zh="专业人员", name_en="Professionals")
    EducationLevel.objects.create(code="bachelor", rank=6, name_zh="大学本科", name_en="Bachelor")
    Industry.objects.create(code="C", name_zh="制造业", name_en="Manufacturing")
    KeyGroup.objects.create(code="graduate", name_zh="高校毕业生", name_en="College graduates")


def codes(response):
    assert response.status_code == 200, response.content
    return [row["code"] for row in response.json()["results"]]


def test_divisions_tree_walk(api, users):
    client = api(users["caseworker"])
    assert codes(client.get("/api/v1/divisions/", {"level": 1})) == ["43"]
    assert codes(client.get("/api/v1/divisions/", {"parent": "4303"})) == ["430302", "430304"]
    assert codes(client.get("/api/v1/divisions/", {"within": "4303"})) == [
        "4303", "430302", "430302001", "430304", "430304001",
    ]
    assert codes(client.get("/api/v1/divisions/", {"q": "岳塘"})) == ["430304"]


def test_division_detail_by_code_with_children(api, users):
    data = api(users["caseworker"]).get("/api/v1/divisions/4303/").json()
    assert data["name_zh"] == "湘潭市"
    assert data["parent"] == "43"
    assert data["path"] == "43/4303"
    assert [c["code"] for c in data["children"]] == ["430302", "430304"]
    assert api(users["caseworker"]).get("/api/v1/divisions/999999/").status_code == 404


def test_divisions_are_reference_data_for_every_signed_in_user(api, users):
    for key in ("citizen", "employer", "caseworker_other"):
        assert api(users[key]).get("/api/v1/divisions/430302/").status_code == 200
    assert api().get("/api/v1/divisions/").status_code == 401


def test_occupations_tree_and_search(api, users, taxonomy):
    client = api(users["citizen"])
    assert codes(client.get("/api/v1/occupations/", {"level": 1})) == ["2", "4"]
    assert codes(client.get("/api/v1/occupations/", {"parent": "2"})) == ["2-02"]
    assert codes(client.get("/api/v1/occupations/", {"q": "电子"})) == ["2-02-10"]
    assert codes(client.get("/api/v1/occupations/", {"q": "2-02"})) == ["2-02", "2-02-10"]
    assert codes(client.get("/api/v1/occupations/", {"q": "professionals"})) == ["2"]
    data = client.get("/api/v1/occupations/2-02-10/").json()
    assert data == {
        "code": "2-02-10", "name_zh": "电子工程技术人员", "name_en": "", "level": 3, "parent": "2-02", "gbm_code": "",
    }


@pytest.mark.parametrize(
    ("endpoint", "code"),
    [("isco-groups", "2"), ("education-levels", "bachelor"), ("industries", "C"), ("key-groups", "graduate")],
)
def test_small_classifications(api, users, taxonomy, endpoint, code):
    client = api(users["employer"])
    assert codes(client.get(f"/api/v1/{endpoint}/")) == [code]
    assert client.get(f"/api/v1/{endpoint}/{code}/").json()["code"] == code
    assert client.get(f"/api/v1/{endpoint}/nope/").status_code == 404
    assert api().get(f"/api/v1/{endpoint}/").status_code == 401


def test_reference_reads_are_not_audited(api, users, taxonomy):
    from jiuye.core.models import AuditEvent

    api(users["caseworker"]).get("/api/v1/occupations/")
    api(users["caseworker"]).get("/api/v1/divisions/43/")
    assert not AuditEvent.objects.exists()
