"""A PostgreSQL server of the benchmark's own: a fresh cluster in a temporary folder on a free
port, which the benchmark may restart (the machine's own server stays untouched), removed
again when the block ends.

PostgreSQL refuses to run as root: as root the cluster belongs to the ``postgres`` user and its
programs run as that user (``runuser``). The programs are PostgreSQL's own (``initdb``,
``pg_ctl``), found in its library folder or on the PATH; WIJKTEAM_PG_BIN names another."""

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.servers import free_port


def can_make_clusters() -> str:
    """Why no private cluster can be made here ("" when one can)."""
    import pwd

    try:
        _programs()
    except SystemExit as missing:
        return str(missing)
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "no postgres user to run the cluster as"
    return ""


def _programs() -> Path:
    if chosen := os.environ.get("WIJKTEAM_PG_BIN"):
        return Path(chosen)
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True)
    if versions:
        return versions[0].parent
    found = shutil.which("pg_ctl")
    if found is None:
        raise SystemExit("PostgreSQL's programs (initdb, pg_ctl) are not on this machine")
    return Path(found).parent


@dataclass
class Cluster:
    folder: Path
    port: int
    programs: Path
    durable: bool = True  # fsync as production has it; off for tests, which lose nothing

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def database_url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run(  # noqa: S603 - PostgreSQL's own programs on our own folder
            [*prefix, str(self.programs / command[0]), *command[1:]],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def _pg_ctl(self, action: str, *extra: str) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off"
        self._run(
            "pg_ctl", action, "-D", str(self.folder / "data"), "-w", "-t", "60", "-o", options,
            "-l", str(self.folder / "server.log"), *extra,
        )  # fmt: skip

    def start(self) -> None:
        self._pg_ctl("start")

    def stop(self) -> None:
        self._pg_ctl("stop", "-m", "fast")

    def create_database(self, name: str) -> str:
        """A new empty database; its URL."""
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.database_url(name)

    def restart(self) -> float:
        """Stop (ending every connection) and start again; returns the seconds it was away."""
        started = time.perf_counter()
        self._pg_ctl("restart", "-m", "fast")
        return time.perf_counter() - started


@contextmanager
def private_cluster(max_connections: int = 200, *, durable: bool = True) -> Iterator[Cluster]:
    folder = Path(tempfile.mkdtemp(prefix="wijkteam-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    cluster = Cluster(folder, free_port(), _programs(), durable)
    cluster._run(
        "initdb", "-D", str(folder / "data"), "-U", "postgres", "--auth=trust",
        "--encoding=UTF8", "--locale=C.UTF-8", *([] if durable else ["--no-sync"]),
    )  # fmt: skip
    with open(folder / "data" / "postgresql.conf", "a") as conf:
        conf.write(f"\nmax_connections = {max_connections}\nshared_buffers = 256MB\n")
    cluster.start()
    try:
        yield cluster
    finally:
        try:
            cluster.stop()
        finally:
            shutil.rmtree(folder, ignore_errors=True)
