"""PostgreSQL's own tools for the database part: ``pg_dump --format=custom`` of an exported
snapshot, and ``pg_restore`` into an empty database. The connection comes from Django's
``DATABASES`` setting and reaches the tools through the environment (``PGHOST``, ...,
``PGPASSWORD``), so that the password never shows on a command line (``ps`` shows those to
every user of the machine)."""

import os
import shutil
import subprocess
from pathlib import Path

from wijkteam.core.errors import DomainError

# Connection options of Django's DATABASES that libpq's tools read from the environment.
OPTION_VARIABLES = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}


def tool(name: str) -> str:
    """The path of ``pg_dump`` or ``pg_restore``, or a clear refusal when it is missing."""
    found = shutil.which(name)
    if not found:
        raise DomainError(
            f"{name} is niet gevonden. Installeer de PostgreSQL-clientprogramma's (Debian: "
            "apt-get install postgresql-client), van dezelfde of een nieuwere versie dan de "
            "server."
        )
    return found


def environment(database: dict) -> dict[str, str]:
    """The environment that points libpq's tools at ``database`` (a DATABASES entry)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    values = {
        "PGHOST": database.get("HOST"),
        "PGPORT": database.get("PORT"),
        "PGUSER": database.get("USER"),
        "PGPASSWORD": database.get("PASSWORD"),
        "PGDATABASE": database.get("NAME"),
        "PGAPPNAME": "wijkteam-backup",
    }
    options = database.get("OPTIONS") or {}
    for option, variable in OPTION_VARIABLES.items():
        values[variable] = options.get(option)
    env.update({key: str(value) for key, value in values.items() if value not in (None, "")})
    return env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    result = subprocess.run(  # noqa: S603 - PostgreSQL's own tool, arguments as a list
        command, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise DomainError(f"{what} is mislukt (code {result.returncode}): {result.stderr.strip()}")


def dump(*, database: dict, snapshot: str, target: Path) -> None:
    """Dump ``database`` as it is in the exported ``snapshot`` into ``target`` (custom format:
    compressed, and ``pg_restore`` can restore it table by table)."""
    command = [
        tool("pg_dump"),
        "--format=custom",
        f"--snapshot={snapshot}",
        "--no-password",
        f"--file={target}",
    ]
    _run(command, environment(database), "pg_dump")


def restore(*, database: dict, source: Path) -> None:
    """Restore the dump ``source`` into the (empty) ``database`` in one transaction: it comes
    in whole or not at all. Objects become the restoring user's (``--no-owner``) and the dump's
    grants are left out, so that a backup restores under another database user."""
    command = [
        tool("pg_restore"),
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        "--no-password",
        f"--dbname={database['NAME']}",
        str(source),
    ]
    _run(command, environment(database), "pg_restore")
