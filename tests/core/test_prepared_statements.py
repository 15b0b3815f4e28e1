"""On PostgreSQL the server binds the parameters and a statement a connection runs again and
again is prepared once: parsed and planned once per connection instead of on every report."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from tests.core.test_settings import settings_value

DATABASE = "postgres://wijkteam@db.example:5432/wijkteam"
OPTIONS = "s.DATABASES['default']['OPTIONS']"


def test_postgresql_prepares_statements_by_default_and_keeps_the_urls_options():
    result = settings_value(
        f"sorted({OPTIONS}.items())",
        WIJKTEAM_ENV="test",
        DATABASE_URL=DATABASE + "?sslmode=require",
    )

    assert result.stdout.strip() == (
        "[('prepare_threshold', 5), ('server_side_binding', True), ('sslmode', 'require')]"
    )


def test_a_threshold_of_zero_turns_it_off_for_a_pooler_in_transaction_mode():
    result = settings_value(
        f"sorted({OPTIONS}.items())",
        WIJKTEAM_ENV="test",
        DATABASE_URL=DATABASE,
        DATABASE_PREPARE_THRESHOLD="0",
    )

    assert result.stdout.strip() == "[('prepare_threshold', None), ('server_side_binding', False)]"


def test_a_wrong_threshold_stops_the_start_with_its_name():
    for wrong in ("vijf", "-1"):
        result = settings_value(
            OPTIONS, WIJKTEAM_ENV="test", DATABASE_URL=DATABASE, DATABASE_PREPARE_THRESHOLD=wrong
        )

        assert result.returncode != 0
        assert "DATABASE_PREPARE_THRESHOLD must be" in result.stderr


def test_sqlite_gets_none_of_it():
    result = settings_value(f"sorted({OPTIONS})", WIJKTEAM_ENV="test")

    assert result.stdout.strip() == "['init_command', 'timeout', 'transaction_mode']"


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.django_db
def test_a_query_run_again_and_again_is_prepared_on_the_server():
    def prepared() -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return {row[0] for row in cursor.fetchall()}

    def asked() -> list[str]:
        return list(ContentType.objects.filter(app_label="signals").values_list("model"))

    assert connection.features.uses_server_side_binding
    for _ in range(6):
        answer = asked()

    assert answer  # the prepared statement answers as the first did
    assert any('FROM "django_content_type"' in statement for statement in prepared())
