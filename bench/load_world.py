"""Who bench/load.py's people are and what they open, read from the demo's database in the
benchmark's own process: the staff's sessions (made as a login would, the second step passed),
each one's inbox, triage queue and cases, the partners' open proposals to respond to; and
afterwards the checks of what the run left in the database and in the mailbox."""

import random
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass, field

from bench.load_client import Browser


@dataclass
class Staff:
    email: str
    user_id: int
    organisation_id: int
    team_ids: list[int]
    districts: list[str]
    is_gemeente: bool
    browser: Browser
    cases: list[str] = field(default_factory=list)


def staff_people(port: int) -> list[Staff]:
    """Every active team member (people only), logged in: a session as a password and a code
    of their authenticator app would leave it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from wijkteam.partners.middleware import session_start
    from wijkteam.partners.models import OrganisationKind, TeamMember, User

    people: dict[int, Staff] = {}
    # The demo's accounts log in only in demo mode: here they are ordinary staff accounts, with
    # the second step as production asks it.
    User.objects.filter(is_demo=True).update(is_demo=False)
    members = TeamMember.objects.filter(
        user__is_active=True, user__is_api_account=False
    ).select_related("user__organisation", "team__district")
    for member in members:
        user = member.user
        if user.pk not in people:
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is None:
                device = TOTPDevice.objects.create(user=user, name="load", confirmed=True)
            session = SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session_start(session)
            session.create()
            people[user.pk] = Staff(
                user.email,
                user.pk,
                user.organisation_id,
                [],
                [],
                user.organisation.kind == OrganisationKind.GEMEENTE,
                Browser(port, {settings.SESSION_COOKIE_NAME: session.session_key}),
            )
        people[user.pk].team_ids.append(member.team_id)
        people[user.pk].districts.append(member.team.district.code)
    return list(people.values())


def refresh_cases(people: list[Staff]) -> None:
    """The cases each person may open (a sample of the newest), as their lists show them."""
    from wijkteam.cases.access import cases_for_user
    from wijkteam.partners.models import User

    users = User.objects.select_related("organisation").in_bulk([p.user_id for p in people])
    for person in people:
        person.cases = list(
            cases_for_user(users[person.user_id])
            .order_by("-pk")
            .values_list("reference", flat=True)[:200]
        )


class Proposals:
    """Open triage proposals a partner of the case's team has not answered yet, found every
    few seconds in the background: (person, case reference) pairs, each handed out once."""

    def __init__(self, people: list[Staff]):
        self.people = people
        self._ready: deque[tuple[Staff, str]] = deque()
        self._given: set[tuple[int, int]] = set()  # (proposal, organisation)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def take(self) -> tuple[Staff, str] | None:
        with self._lock:
            return self._ready.popleft() if self._ready else None

    def _run(self) -> None:
        from django.db import connection

        while not self._stop.wait(2):
            try:
                self._find()
            except Exception:  # noqa: BLE001 - the database may be restarting: try again later
                connection.close()

    def _find(self) -> None:
        from wijkteam.cases.models import Proposal, ProposalResponse, ProposalStatus

        open_proposals = list(
            Proposal.objects.filter(status=ProposalStatus.OPEN)
            .order_by("-pk")
            .values_list("pk", "team_id", "case__reference")[:300]
        )
        ids = [pk for pk, _, _ in open_proposals]
        asked = Proposal.respondents.through.objects.filter(proposal_id__in=ids)
        answered = set(
            ProposalResponse.objects.filter(proposal_id__in=ids).values_list(
                "proposal_id", "organisation_id"
            )
        )
        respondents: dict[int, list[int]] = {}
        for row in asked.values_list("proposal_id", "organisation_id"):
            respondents.setdefault(row[0], []).append(row[1])
        found = []
        for pk, team_id, reference in open_proposals:
            for organisation_id in respondents.get(pk, []):
                if (pk, organisation_id) in answered or (pk, organisation_id) in self._given:
                    continue
                people = [
                    p
                    for p in self.people
                    if p.organisation_id == organisation_id and team_id in p.team_ids
                ]
                if people:
                    self._given.add((pk, organisation_id))
                    found.append((random.choice(people), f"/casussen/{reference}/"))
        with self._lock:
            self._ready.extend(found)


def wait_for_worker(seconds: float) -> int:
    """Wait until no task is due or running any more (at most ``seconds``); the tasks left."""
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    deadline = time.monotonic() + seconds
    while True:
        try:
            # What a worker would take now (django_tasks_db's own filter), and what runs.
            count = DBTaskResult.objects.ready().count() + DBTaskResult.objects.running().count()
        except Exception:  # noqa: BLE001 - a restart just now
            connection.close()
            count = -1
        if count == 0 or time.monotonic() > deadline:
            return count
        time.sleep(1)


def check_database(references: list[str], signals_before: int) -> list[str]:
    """What is wrong: a reference given out that is not in the database exactly once, a
    signal nobody was given a reference for, a second reporter for one report."""
    from wijkteam.signals.models import Signal

    problems = []
    found: Counter[str] = Counter()
    for start in range(0, len(references), 5000):
        chunk = references[start : start + 5000]
        found.update(Signal.objects.filter(reference__in=chunk).values_list("reference", flat=True))
    if len(set(references)) != len(references):
        problems.append(f"{len(references) - len(set(references))} references given out twice")
    if missing := sum(1 for reference in set(references) if found[reference] != 1):
        problems.append(f"{missing} references given out not in the database exactly once")
    made = Signal.objects.count() - signals_before
    if made != len(set(references)):
        problems.append(f"{made} signals made for {len(set(references))} references given out")
    from django.db.models import Count

    from wijkteam.signals.models import Reporter

    twice = (
        Reporter.objects.filter(signal__reference__in=references[:5000])
        .values("signal_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    if twice:
        problems.append(f"{twice} reports with a second reporter (a report stored twice?)")
    return problems


def sent_mail() -> Counter:
    """How many emails the outbox says it sent, per (address, subject)."""
    from wijkteam.notifications.models import EmailStatus, OutgoingEmail

    sent = OutgoingEmail.objects.filter(status=EmailStatus.SENT)
    return Counter(sent.values_list("to", "subject").iterator())


def check_mail(received: Counter, sent_before: Counter) -> tuple[int, list[str]]:
    """Every email of the outbox: sent, and each one sent since ``sent_before`` received
    exactly once (by address and subject, against how many the outbox sent to that address
    with that subject). An email whose worker was killed while the mail server had it is
    *uncertain* (never sent again, notifications/delivery.py): it may have arrived once, or not
    at all, never twice."""
    from wijkteam.notifications.models import EmailStatus, OutgoingEmail

    by_status = Counter(OutgoingEmail.objects.values_list("status", flat=True))
    sent = sent_mail() - sent_before
    uncertain = Counter(
        OutgoingEmail.objects.filter(status=EmailStatus.UNCERTAIN)
        .values_list("to", "subject")
        .iterator()
    )
    problems = []
    done = (EmailStatus.SENT, EmailStatus.UNCERTAIN)
    if waiting := sum(n for status, n in by_status.items() if status not in done):
        unsent = OutgoingEmail.objects.exclude(status__in=done)
        what = Counter(unsent.values_list("status", "subject").iterator()).most_common(5)
        problems.append(f"{waiting} emails not sent ({dict(by_status)}; most: {what})")
    keys = set(sent) | set(uncertain) | set(received)
    twice = sum(max(0, received[k] - sent[k] - uncertain[k]) for k in keys)
    lost = sum(max(0, sent[k] - received[k]) for k in keys)
    if twice:
        problems.append(f"{twice} emails received more often than the outbox sent them")
    if lost:
        problems.append(f"{lost} emails marked sent but not received")
    if uncertain:
        arrived = sum(min(uncertain[k], max(0, received[k] - sent[k])) for k in uncertain)
        print(f"{sum(uncertain.values())} emails uncertain (worker killed while sending): "
              f"{arrived} of them arrived once, none twice")  # fmt: skip
    return sum(sent.values()), problems
