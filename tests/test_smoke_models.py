from jiuye.registry.models import Person

from . import factories as f


def test_scoping_by_division_path(tree, users, yuhu_person, yuetang_person):
    assert list(Person.objects.visible_to(users["caseworker"])) == [yuhu_person]
    assert set(Person.objects.visible_to(users["analyst_city"])) == {yuhu_person, yuetang_person}
    assert set(Person.objects.visible_to(users["admin_national"])) == {yuhu_person, yuetang_person}
    assert list(Person.objects.visible_to(users["citizen"])) == []


def test_identifier_stored_encrypted_and_masked(tree):
    p = f.make_person(tree["430302001"], resident_id="430302199005061233")
    assert p.resident_id_masked == "430302********1233"
    assert "430302199005061233" not in p.resident_id_encrypted
    assert p.reveal_resident_id() == "430302199005061233"
    assert Person.objects.by_resident_id("430302199005061233").get() == p


def test_working_age_and_long_term_on_29_february(tree):
    import datetime as dt

    from jiuye.registry.models import UnemploymentRegistration

    leap = dt.date(2024, 2, 29)
    assert Person.objects.of_working_age(leap).count() == 0
    assert UnemploymentRegistration.objects.long_term(leap).count() == 0
