"""OpenAPI schema and offline Swagger UI."""

import pytest
from django.core.management import call_command
from drf_spectacular.validation import validate_schema


@pytest.mark.django_db
def test_schema_endpoint_returns_valid_openapi(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for path in (
        "/api/v1/persons/", "/api/v1/persons/{id}/", "/api/v1/persons/lookup/", "/api/v1/households/{id}/",
        "/api/v1/employers/", "/api/v1/employment-spells/", "/api/v1/unemployment-registrations/",
        "/api/v1/divisions/{code}/", "/api/v1/occupations/", "/api/v1/education-levels/", "/api/v1/industries/",
        "/api/v1/key-groups/", "/api/v1/service-offices/",
    ):
        assert path in paths
    assert "post" in paths["/api/v1/persons/lookup/"]
    assert set(schema["components"]["securitySchemes"]) == {"tokenAuth", "cookieAuth"}
    person = schema["components"]["schemas"]["Person"]["properties"]
    assert not {"resident_id_encrypted", "resident_id_hash", "phone_encrypted", "phone_hash"} & set(person)


@pytest.mark.django_db
def test_schema_generates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))


@pytest.mark.django_db
def test_swagger_ui_is_served_from_the_sidecar(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "swagger-ui" in body
    assert "/static/drf_spectacular_sidecar/" in body
    assert "cdn.jsdelivr" not in body and "unpkg" not in body
