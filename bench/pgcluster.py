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


# Settings a hot standby must have at least as high as its primary, or it will not start.
_AT_LEAST_THE_PRIMARYS = (
    "max_connections",
    "max_worker_processes",
    "max_wal_senders",
    "max_prepared_transactions",
    "max_locks_per_transaction",
)


def make_replica(primary_url: str, folder: Path, port: int | None = None) -> Cluster:
    """A streaming replica of the server at ``primary_url`` in ``folder`` (made with
    ``pg_basebackup``, which needs a ``replication`` line in the primary's pg_hba.conf),
    started on ``port`` (a free one by default). Stop it with ``Cluster(...).stop()``."""
    import psycopg

    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    with psycopg.connect(primary_url, autocommit=True) as connection:
        ours = {
            name: connection.execute(f"SHOW {name}").fetchone()[0]  # names from the list above
            for name in _AT_LEAST_THE_PRIMARYS
        }
    primary = psycopg.conninfo.conninfo_to_dict(primary_url)
    replica = Cluster(folder, port or free_port(), _programs(), durable=False)
    host, primary_port = primary.get("host", "127.0.0.1"), str(primary.get("port", 5432))
    replica._run(
        "pg_basebackup", "-h", host, "-p", primary_port, "-U", primary.get("user", "postgres"),
        "-D", str(folder / "data"),
        "--write-recovery-conf", "--wal-method=stream", "--checkpoint=fast",
    )  # fmt: skip
    data = folder / "data"
    # A primary packaged the Debian way keeps its configuration outside its data folder, so
    # the copy has none: the replica gets its own.
    settings = "".join(f"{name} = '{value}'\n" for name, value in ours.items())
    (data / "postgresql.conf").write_text(f"hot_standby = on\n{settings}")
    (data / "pg_hba.conf").write_text("local all all trust\nhost all all 127.0.0.1/32 trust\n")
    (data / "pg_ident.conf").write_text("")
    if os.geteuid() == 0:
        for name in ("postgresql.conf", "pg_hba.conf", "pg_ident.conf"):
            shutil.chown(data / name, "postgres", "postgres")
    replica.start()
    return replica


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description="A streaming replica of a PostgreSQL server.")
    parser.add_argument("action", choices=("replica", "start", "stop"))
    parser.add_argument("folder", type=Path, help="the replica's folder")
    parser.add_argument("--primary", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--port", type=int, help="a free one when making the replica")
    arguments = parser.parse_args()
    folder = arguments.folder.resolve()
    if arguments.action == "replica":
        cluster = make_replica(arguments.primary, folder, arguments.port)
    else:
        cluster = Cluster(folder, arguments.port or 0, _programs(), durable=False)
        cluster.start() if arguments.action == "start" else cluster.stop()
    print(f"postgres://postgres@127.0.0.1:{cluster.port}")


if __name__ == "__main__":
    main()
