import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
# Production refuses to start without a database; these tests only read the settings.
PRODUCTION_DATABASE = "postgres://wijkteam@db.example:5432/wijkteam"


def settings_value(expression: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "WIJKTEAM_"))
    }
    environment.pop("DATABASE_URL", None)
    environment.update(env)
    code = f"import wijkteam.settings as s; print({expression})"
    return subprocess.run(  # noqa: S603 - our own interpreter, a fixed script
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = settings_value("s.DEBUG")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_production_refuses_to_start_without_a_database_url():
    for missing in ({}, {"DATABASE_URL": ""}):
        result = settings_value("s.DATABASES", DJANGO_SECRET_KEY="x" * 50, **missing)

        assert result.returncode != 0
        assert "DATABASE_URL is required when WIJKTEAM_ENV=production" in result.stderr


def test_only_development_and_tests_fall_back_to_a_sqlite_file():
    for environment in ("development", "test"):
        result = settings_value(
            "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME']",
            WIJKTEAM_ENV=environment,
        )

        assert result.stdout.strip() == f"django.db.backends.sqlite3 {ROOT / 'db.sqlite3'}"
    with_url = settings_value(
        "s.DATABASES['default']['NAME']",
        DJANGO_SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://u:p@db.example:5432/wijkteam",
    )
    assert with_url.stdout.strip() == "wijkteam"


def test_production_defaults_are_safe():
    result = settings_value(
        "s.DEBUG, s.DEMO_MODE, s.SESSION_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.ALLOWED_HOSTS",
        DJANGO_SECRET_KEY="x" * 50,
        DATABASE_URL=PRODUCTION_DATABASE,
    )

    assert result.stdout.strip() == "False False True True ['localhost', '127.0.0.1', '[::1]']"


def test_environment_variables_are_read():
    result = settings_value(
        "s.DEBUG, s.ALLOWED_HOSTS, s.DATABASES['default']['ENGINE'], s.EMAIL_HOST, s.EMAIL_PORT",
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_DEBUG="true",
        DJANGO_ALLOWED_HOSTS="wijkteam.example, www.wijkteam.example",
        DATABASE_URL="postgres://u:p@db.example:5432/wijkteam",
        EMAIL_HOST="smtp.example",
        EMAIL_PORT="587",
    )

    assert result.stdout.strip() == (
        "True ['wijkteam.example', 'www.wijkteam.example'] django.db.backends.postgresql "
        "smtp.example 587"
    )


def test_bad_values_are_refused_with_the_variable_name():
    result = settings_value("s.DEBUG", DJANGO_SECRET_KEY="x", DJANGO_DEBUG="misschien")

    assert "DJANGO_DEBUG must be true or false" in result.stderr


def test_development_has_debug_and_demo_mode():
    result = settings_value("s.DEBUG, s.DEMO_MODE", WIJKTEAM_ENV="development")

    assert result.stdout.strip() == "True True"


def test_deployment_checks_pass_with_production_settings(tmp_path):
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "WIJKTEAM_"))
    }
    environment.update(
        WIJKTEAM_ENV="production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    # No warning, and none silenced: a silenced check needs its reason written next to it.
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_account_security_settings_are_read():
    result = settings_value(
        "s.LOGIN_FAILURES_PER_ACCOUNT, s.LOGIN_FAILURES_PER_ADDRESS, s.LOGIN_LOCKOUT_MINUTES, "
        "s.LOGIN_LOCKOUT_MAX_MINUTES",
        DJANGO_SECRET_KEY="x" * 50,
        DATABASE_URL=PRODUCTION_DATABASE,
        WIJKTEAM_LOGIN_FAILURES_PER_ACCOUNT="3",
        WIJKTEAM_LOGIN_FAILURES_PER_ADDRESS="30",
        WIJKTEAM_LOGIN_LOCKOUT_MINUTES="2",
        WIJKTEAM_LOGIN_LOCKOUT_MAX_MINUTES="120",
    )
    defaults = settings_value(
        "s.LOGIN_FAILURES_PER_ACCOUNT, s.LOGIN_FAILURES_PER_ADDRESS, s.LOGIN_LOCKOUT_MINUTES, "
        "s.LOGIN_LOCKOUT_MAX_MINUTES, s.OTP_TOTP_THROTTLE_FACTOR",
        DJANGO_SECRET_KEY="x" * 50,
        DATABASE_URL=PRODUCTION_DATABASE,
    )

    assert result.stdout.strip() == "3 30 2 120"
    assert defaults.stdout.strip() == "5 20 1 60 1"


def test_behind_a_proxy_is_off_unless_asked_for():
    default = settings_value(
        "s.BEHIND_PROXY, getattr(s, 'SECURE_PROXY_SSL_HEADER', None)", WIJKTEAM_ENV="development"
    )
    proxied = settings_value(
        "s.BEHIND_PROXY, s.SECURE_PROXY_SSL_HEADER",
        WIJKTEAM_ENV="development",
        DJANGO_BEHIND_PROXY="true",
    )

    assert default.stdout.strip() == "False None"
    assert proxied.stdout.strip() == "True ('HTTP_X_FORWARDED_PROTO', 'https')"


def test_each_test_process_keeps_uploads_outside_the_code_in_a_folder_removed_at_its_end():
    from django.conf import settings

    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "WIJKTEAM_"))
    }
    code = (
        "import wijkteam.settings_test as s; s.MEDIA_ROOT.mkdir(parents=True, exist_ok=True); "
        "(s.MEDIA_ROOT / 'photo.jpg').write_bytes(b'x'); print(s.MEDIA_ROOT)"
    )
    other = subprocess.run(  # noqa: S603 - our own interpreter, a fixed script
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )

    assert other.returncode == 0, other.stderr
    folder = Path(other.stdout.strip())
    assert folder != Path(settings.MEDIA_ROOT)
    assert not folder.exists()
    assert not Path(settings.MEDIA_ROOT).resolve().is_relative_to(ROOT)
