"""Web applications under gunicorn for the benchmarks: started with the same settings, waited
for, measured (CPU of the worker processes) and stopped again."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    """A TCP port on 127.0.0.1 nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen

    def cpu_seconds(self) -> float:
        """CPU time used so far by gunicorn's master and its workers."""
        return sum(_cpu_seconds(pid) for pid in [self.process.pid, *children(self.process.pid)])


@contextmanager
def gunicorn(
    name: str,
    app: str,
    *,
    env: dict[str, str],
    workers: int,
    ready_path: str,
    logs: Path | None = None,
) -> Iterator[Server]:
    """gunicorn serving ``app`` (module:callable) with ``workers`` sync workers on a free port,
    from the repository's root, until the block ends (also on an error or Ctrl+C). What it
    writes (a line per request) goes to ``<logs>/<name>.log`` when ``logs`` is given, not
    between the figures.

    With production's configuration (deploy/gunicorn.conf.py: the application loaded and
    warmed in the master before the workers fork), but for what the command line sets and one
    thing: workers are not replaced after a number of requests, so that the CPU each used is
    still there to be counted at the end of a round."""
    port = free_port()
    env = {**env, "WIJKTEAM_WEB_MAX_REQUESTS": "0"}
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        f"--config={ROOT / 'deploy' / 'gunicorn.conf.py'}",
        app,
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--worker-class=sync",
        "--timeout=60",
        "--log-level=warning",
        "--no-control-socket",
    ]
    log = logs / f"{name}.log" if logs else None
    with open(log, "ab") if log else contextlib.nullcontext() as output:
        process = subprocess.Popen(  # noqa: S603
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT if log else None
        )
    server = Server(name, port, process)
    try:
        _wait_until_ready(server, ready_path, log)
        yield server
    finally:
        _stop(process)


def _wait_until_ready(server: Server, path: str, log: Path | None, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    url = f"http://127.0.0.1:{server.port}{path}"
    while True:
        if server.process.poll() is not None:
            said = f"; its output is in {log}" if log else ""
            raise SystemExit(
                f"{server.name}: gunicorn stopped (exit {server.process.returncode}){said}"
            )
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise SystemExit(f"{server.name}: no answer on {url} after {seconds:.0f} s")
        time.sleep(0.2)


def _stop(process: subprocess.Popen) -> None:
    """gunicorn's graceful stop (SIGTERM), then a kill if it has not gone in 15 s."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def children(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # gone meanwhile
            if int(fields[1]) == parent:
                found.append(int(entry.name))
    return found


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # utime and stime, the 14th and 15th fields of the whole line.
    return (int(fields[11]) + int(fields[12])) / TICKS


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine spent busy (all cores, anyone's processes)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle and iowait
    return (sum(values[:8]) - idle) / TICKS
