"""Benchmark: Wijkteam as production runs it, under a mixed load, through a PostgreSQL restart
and a killed worker.

Makes a PostgreSQL server of its own (bench/pgcluster.py: a fresh cluster on a free port, so
that restarting it touches nothing else on the machine) with the Veenendaal demo, a local SMTP
server that counts what arrives, and starts ``bin/serve web`` and ``bin/serve worker`` as two
processes, as the README's systemd units do. Then, for ``--seconds`` and at most
``--requests`` HTTP requests, it starts actions at a steady rate so that about ``--rate`` HTTP
requests per second go out, on loopback only:

  report   a resident opens the report form, sends a report, reads the reference on the
           receipt (3 requests; on a 503 or no answer the same form is sent again, with its
           idempotency key, as a person retrying does)
  inbox    a staff member opens their organisation's or their wijk's inbox
  triage   the same for their triage queue (the wijk's for the gemeente, their own for others)
  case     a staff member opens one of the cases they may see
  respond  a partner opens a case whose triage proposal waits for their organisation and
           agrees (3 requests)

With ``--restart-postgres`` PostgreSQL is restarted halfway; with ``--kill-worker`` the worker
is killed (SIGKILL) ten seconds later and started again five seconds after that, as systemd
would. Afterwards it waits for the worker to finish what is due, and prints per kind the
count, p50/p95/p99 and the statuses, the requests per second, and checks the database and the
mailbox: every reference a resident was shown exists exactly once with one reporter, no signal
was made without one, every email of the outbox was sent and arrived exactly once.

    .venv/bin/python bench/load.py [--rate 50] [--seconds 600] [--requests N]
        [--restart-postgres] [--kill-worker] [--web-workers 2] [--web-threads 4]

Needs the development requirements (aiosmtpd) and PostgreSQL's programs (initdb, pg_ctl); as
root the cluster runs as the postgres user. Exits 1 when a check fails.
"""

import argparse
import os
import random
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load_client import Outcome, page, report, respond  # noqa: E402
from bench.pgcluster import private_cluster  # noqa: E402
from bench.servers import children, free_port  # noqa: E402

# What share of the actions is of each kind, and how many HTTP requests one takes.
MIX = {"report": 0.35, "inbox": 0.2, "triage": 0.15, "case": 0.2, "respond": 0.1}
REQUESTS = {"report": 3, "inbox": 1, "triage": 1, "case": 1, "respond": 3}
FORM = "/melden/"
WORKER_RESTART_SECONDS = 5  # systemd's RestartSec in deploy/wijkteam-worker.service
LEASE_SECONDS = 30  # how long a task of a killed worker waits before another takes it


class Mailbox:
    """A local SMTP server that counts what it receives, per (address, subject)."""

    def __init__(self):
        import logging

        from aiosmtpd.controller import Controller

        logging.getLogger("mail.log").setLevel(logging.WARNING)  # a line per SMTP command

        self.received: Counter = Counter()
        self.port = free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        message = message_from_bytes(envelope.content, policy=default_policy)
        for address in envelope.rcpt_tos:
            self.received[(address, str(message["subject"]))] += 1
        return "250 OK"

    def __enter__(self):
        self._controller.start()
        return self

    def __exit__(self, *exc):
        self._controller.stop()


def server_env(database_url: str, mail_port: int, web_port: int, args) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        WIJKTEAM_ENV="production",
        DATABASE_URL=database_url,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_BEHIND_PROXY="true",
        WIJKTEAM_LOG_LEVEL="WARNING",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(mail_port),
        WIJKTEAM_WEB_BIND=f"127.0.0.1:{web_port}",
        WIJKTEAM_WEB_WORKERS=str(args.web_workers),
        WIJKTEAM_WEB_THREADS=str(args.web_threads),
        WIJKTEAM_TASK_LEASE_SECONDS=str(LEASE_SECONDS),
    )
    return env


def start(role: str, env: dict[str, str]) -> subprocess.Popen:
    """``bin/serve <role>``, its output in the run's log folder."""
    log = open(Path(env["WIJKTEAM_LOAD_LOGS"]) / f"{role}.log", "ab")  # noqa: SIM115
    return subprocess.Popen(  # noqa: S603
        [str(ROOT / "bin" / "serve"), role],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def stop(process: subprocess.Popen) -> None:
    """bin/serve's graceful stop: it passes the TERM on to what it started, and waits."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            kill(process)


def kill(process: subprocess.Popen) -> None:
    """SIGKILL for what bin/serve started (the worker in the middle of its tasks), as a crash
    or the kernel's OOM killer would; bin/serve then ends too."""
    for pid in children(process.pid):
        os.kill(pid, signal.SIGKILL)
    process.wait(timeout=60)


def wait_ready(port: int, process: subprocess.Popen, seconds: float = 180) -> None:
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"bin/serve web stopped (exit {process.returncode})")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as answer:  # noqa: S310
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"bin/serve web: no answer on port {port} after {seconds:.0f} s")


class Run:
    """The actions, started at a steady rate on a pool of threads, and their outcomes."""

    def __init__(self, port, people, proposals, reports, args):
        self.port, self.people, self.proposals, self.reports = port, people, proposals, reports
        self.args = args
        self.outcomes: list[Outcome] = []
        self.late: list[float] = []
        self.events: list[str] = []
        self._lock = threading.Lock()

    def action(self, kind: str) -> Outcome:
        from bench.load_client import Browser

        person = random.choice(self.people)
        if kind == "report":
            fields = self.reports.next("c", 0, random.randrange(20)).fields
            return report(Browser(self.port), FORM, fields)
        if kind == "respond":
            pair = self.proposals.take()
            if pair is not None:
                return respond(pair[0].browser, pair[1])
            kind = "case"  # nothing waits for an answer just now: the partner reads a case
        if kind == "inbox":
            district = random.choice(person.districts)
            path = f"/meldingen/wijk/{district}/" if person.is_gemeente else "/meldingen/"
            return page(person.browser, kind, path)
        if kind == "triage":
            district = random.choice(person.districts)
            path = (
                f"/casussen/wijk/{district}/triage/" if person.is_gemeente else "/casussen/triage/"
            )
            return page(person.browser, kind, path)
        if person.cases:
            return page(person.browser, "case", f"/casussen/{random.choice(person.cases)}/")
        return page(person.browser, "inbox", "/meldingen/")

    def _one(self, kind: str, due: float) -> None:
        self.late.append(time.perf_counter() - due)
        outcome = self.action(kind)
        with self._lock:
            self.outcomes.append(outcome)

    def go(self, halfway) -> float:
        per_action = sum(MIX[k] * REQUESTS[k] for k in MIX)
        actions_per_second = self.args.rate / per_action
        kinds, weights = list(MIX), list(MIX.values())
        budget = self.args.requests
        started = time.perf_counter()
        halfway_at = started + self.args.seconds / 2
        with ThreadPoolExecutor(max_workers=self.args.clients) as pool:
            n = 0
            while True:
                due = started + n / actions_per_second
                if due - started >= self.args.seconds or budget < 3:
                    break
                if halfway is not None and due >= halfway_at:
                    threading.Thread(target=halfway, daemon=True).start()
                    halfway = None
                time.sleep(max(0.0, due - time.perf_counter()))
                kind = random.choices(kinds, weights)[0]
                budget -= REQUESTS[kind]
                pool.submit(self._one, kind, due)
                n += 1
        return time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered)) - 1))]


def print_figures(run: Run, seconds: float) -> None:
    statuses = Counter(s for outcome in run.outcomes for s in outcome.statuses)
    requests = sum(statuses.values())
    print(f"\n{len(run.outcomes):,} actions, {requests:,} HTTP requests in {seconds:.0f} s: "
          f"{requests / seconds:.1f} requests/s")  # fmt: skip
    print(f"{'kind':<9} {'count':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}  statuses")
    for kind in MIX:
        mine = [o for o in run.outcomes if o.kind == kind]
        if not mine:
            continue
        times = [o.seconds * 1000 for o in mine]
        seen = Counter(s for o in mine for s in o.statuses)
        print(
            f"{kind:<9} {len(mine):>7,} {percentile(times, 0.5):>8.0f} "
            f"{percentile(times, 0.95):>8.0f} {percentile(times, 0.99):>8.0f}  "
            + ", ".join(f"{s or 'no answer'}: {n:,}" for s, n in sorted(seen.items()))
        )
    errors = {s: n for s, n in statuses.items() if s == 0 or s >= 400}
    print("errors by status:", ", ".join(f"{s or 'no answer'}: {n:,}" for s, n in
                                          sorted(errors.items())) or "none")  # fmt: skip
    retried = [o for o in run.outcomes if o.retries]
    print(f"reports sent again after a 503 or no answer: {len(retried):,} "
          f"({sum(o.retries for o in retried):,} retries)")  # fmt: skip
    late = sorted(run.late)
    print(f"start of an action after its time: p50 {statistics.median(late) * 1000:.0f} ms, "
          f"p99 {percentile(late, 0.99) * 1000:.0f} ms (the generator keeping up)")  # fmt: skip
    for event in run.events:
        print("event:", event)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=50, help="HTTP requests per second")
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--requests", type=int, default=0, help="at most (0: rate × seconds)")
    parser.add_argument("--clients", type=int, default=64, help="actions under way at most")
    parser.add_argument("--restart-postgres", action="store_true")
    parser.add_argument("--kill-worker", action="store_true")
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--web-threads", type=int, default=4)
    args = parser.parse_args()
    args.requests = args.requests or int(args.rate * args.seconds * 1.1) + 10
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    logs = Path(tempfile.mkdtemp(prefix="wijkteam-load-"))
    os.environ.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(40),
        WIJKTEAM_PDOK_LOCATIESERVER_URL=f"http://127.0.0.1:{free_port()}/",
        WIJKTEAM_PDOK_TIMEOUT="1",
        WIJKTEAM_REPORTS_PER_HOUR="1000000",
        WIJKTEAM_REPORT_POSTS_PER_HOUR="1000000",
        WIJKTEAM_MEDIA_ROOT=str(logs / "media"),
        WIJKTEAM_AUDIT_CHECKPOINT_FILE=str(logs / "checkpoints.jsonl"),
        WIJKTEAM_LOAD_LOGS=str(logs),
    )
    print(f"logs of the servers in {logs}")
    try:
        with private_cluster() as cluster, Mailbox() as mailbox:
            os.environ["DATABASE_URL"] = cluster.database_url("wijkteam_load")
            from bench.scratch import demo_database

            with demo_database():
                failed = run(args, cluster, mailbox, logs)
    except KeyboardInterrupt:
        raise SystemExit("Interrupted: the servers and PostgreSQL are stopped.") from None
    raise SystemExit(1 if failed else 0)


def run(args, cluster, mailbox, logs: Path) -> bool:
    from django.db import connection

    from bench.intake_reports import Reports
    from bench.load_world import (
        Proposals,
        check_database,
        check_mail,
        refresh_cases,
        sent_mail,
        staff_people,
        wait_for_worker,
    )
    from wijkteam.signals.models import Signal

    web_port = free_port()
    env = server_env(os.environ["DATABASE_URL"], mailbox.port, web_port, args)
    reports = Reports()
    people = staff_people(web_port)
    refresh_cases(people)
    signals_before, sent_before = Signal.objects.count(), sent_mail()
    connection.close()
    web = start("web", env)
    workers = [start("worker", env)]
    proposals = Proposals(people)
    try:
        wait_ready(web_port, web)
        proposals.start()
        print(f"{args.rate:g} requests/s for {args.seconds:g} s (at most {args.requests:,}); "
              f"{len(people)} staff, gunicorn {args.web_workers}×{args.web_threads}")  # fmt: skip
        load = Run(web_port, people, proposals, reports, args)

        def halfway() -> None:
            if args.restart_postgres:
                away = cluster.restart()
                load.events.append(f"PostgreSQL restarted halfway ({away:.1f} s away)")
            if args.kill_worker:
                time.sleep(10)
                kill(workers[-1])
                load.events.append("worker killed (SIGKILL)")
                time.sleep(WORKER_RESTART_SECONDS)
                workers.append(start("worker", env))
                load.events.append(f"worker started again after {WORKER_RESTART_SECONDS} s")

        seconds = load.go(halfway if args.restart_postgres or args.kill_worker else None)
        proposals.stop()
        left = wait_for_worker(max(120.0, LEASE_SECONDS * 4))
    finally:
        stop(web)
        for worker in workers:
            stop(worker)
        for person in people:
            person.browser.close()
    print_figures(load, seconds)
    references = [o.reference for o in load.outcomes if o.reference]
    problems = check_database(references, signals_before)
    if left:
        problems.append(f"{left} tasks still due or running after the run")
    mails, mail_problems = check_mail(mailbox.received, sent_before)
    problems += mail_problems
    server_errors = sum(1 for o in load.outcomes for s in o.statuses if s >= 500 and s != 503)
    if server_errors:
        problems.append(f"{server_errors} server errors (see {logs})")
    print(f"\n{len(references):,} reports accepted, {mails:,} emails sent in the run")
    for problem in problems:
        print("PROBLEM:", problem)
    if not problems:
        print("checks: every report once, every email once, no server error")
    return bool(problems)


if __name__ == "__main__":
    main()
