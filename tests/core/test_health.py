import pytest
from django.db import DatabaseError


@pytest.mark.django_db
def test_health_reports_ok(client):
    response = client.get("/health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_health_reports_a_database_outage(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr("wijkteam.core.views.connection.cursor", broken_cursor)

    response = client.get("/health")

    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
