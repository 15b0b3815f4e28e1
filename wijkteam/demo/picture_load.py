"""Recording the demo's past for the wijk's picture (picture_plan.py) through the ordinary
services, as it would have happened: a replay in time order.

Every planned signal comes in through ``signal_intake`` (backdated): it joins the case open at
its spot or address, or opens a new one, whose triage starts as usual. What follows for a new
case is played at its own moment, in between the later signals, so that a signal joins exactly
the cases that were open when it came in: the partners' responses, the deadline at which
silence counts as consent, an objection and the wijkteamoverleg's decision, the lead handling
the case, reporters saying whether they are satisfied, the lead answering or reopening, and
the system closing the case once its reporters had their time. Nothing that would fall after
the demo's ``now`` happens; nobody is notified. The choices are seeded per case, so that the
same plan gives the same past."""

import heapq
import itertools
import random
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from wijkteam.areas.models import District
from wijkteam.cases.closure.feedback import feedback_answer, feedback_give
from wijkteam.cases.closure.messages import closure_texts
from wijkteam.cases.closure.outcome import case_close, case_reopen, case_resolve
from wijkteam.cases.models import (
    OPEN_STATUSES,
    WORK_STATUSES,
    Case,
    CaseStatus,
    Feedback,
    Proposal,
    ProposalStatus,
    ResponseKind,
)
from wijkteam.cases.triage.deadlines import proposal_deadline_pass
from wijkteam.cases.triage.responses import case_decide, proposal_respond
from wijkteam.core.followups import followups_together
from wijkteam.demo import picture_history as shape
from wijkteam.demo.arrears import RENT_ADMINISTRATION
from wijkteam.demo.history import FINISH_OUTCOMES
from wijkteam.demo.picture_plan import DEMO_DISTRICTS, PlannedSignal, picture_plan
from wijkteam.intake.services import signal_intake
from wijkteam.notifications.services import notifications_muted
from wijkteam.partners.actors import SYSTEM
from wijkteam.partners.models import Role, TeamFunction, TeamMember, User
from wijkteam.signals.locations import LocationInput
from wijkteam.signals.models import Category, Channel, Reporter
from wijkteam.signals.services import ArrearsInput, ReporterInput

TENANTS = ("A. Jansen", "B. de Vries", "C. van Dijk", "D. Bakker", "E. Visser", "F. Smit")


@dataclass
class PictureReport:
    signals: int = 0
    cases: int = 0
    handled: int = 0
    closed: int = 0
    feedback: int = 0
    reopened: int = 0
    by_basis: dict[str, int] = field(default_factory=dict)


def _office_hours(moment: datetime, rng: random.Random) -> datetime:
    """The first working-day moment in office hours at or after ``moment``."""
    local = timezone.localtime(moment)
    day, hour = local.date(), local.hour
    if hour >= 16:
        day, hour = day + timedelta(days=1), 8
    while day.weekday() >= 5:
        day, hour = day + timedelta(days=1), 8
    hour = max(hour, 8) + rng.randint(0, 2)
    at = timezone.make_aware(datetime(day.year, day.month, day.day, hour, rng.randint(0, 59)))
    return max(at, moment + timedelta(minutes=5))


class _Replay:
    """The queue of what happens next, and the people who do it."""

    def __init__(self, *, seed: int, now: datetime) -> None:
        self.seed = seed
        self.now = now
        # Nothing of the past happens in the last day: today's demo starts from a quiet desk.
        self.until = now - timedelta(days=1)
        self.queue: list[tuple[datetime, int, Callable[[datetime], None]]] = []
        self.order = itertools.count()
        self.report = PictureReport()
        self.opened: list[int] = []
        self.texts = closure_texts()
        self.categories = {c.slug: c for c in Category.objects.all()}
        self.main_slugs = {c.pk: c.slug for c in self.categories.values()}
        self.district_codes = dict(District.objects.values_list("pk", "code"))
        self.users = {u.pk: u for u in User.objects.select_related("organisation")}
        by_email = {u.email: u for u in self.users.values()}
        self.rent_administration = by_email.get(RENT_ADMINISTRATION)
        self.workers: dict[tuple[int, int], User] = {}
        self.chairs: dict[int, User] = {}
        for member in TeamMember.objects.exclude(user__role=Role.LEZER).order_by("pk"):
            user = self.users[member.user_id]
            self.workers.setdefault((member.team_id, user.organisation_id), user)
            if member.function == TeamFunction.WIJKMANAGER:
                self.chairs.setdefault(member.team_id, user)

    def at(self, moment: datetime, step: Callable[[datetime], None]) -> None:
        if moment <= self.until:
            heapq.heappush(self.queue, (moment, next(self.order), step))

    def run(self) -> None:
        while self.queue:
            moment, _, step = heapq.heappop(self.queue)
            step(moment)

    def rng(self, case: Case, topic: str) -> random.Random:
        return random.Random(f"{self.seed}-{case.reference}-{topic}")

    def worker(self, case: Case, organisation_id: int | None) -> User:
        return self.workers.get((case.team_id, organisation_id)) or self.chairs[case.team_id]

    # The signal comes in.

    def intake(self, item: PlannedSignal) -> Callable[[datetime], None]:
        def step(moment: datetime) -> None:
            actor = self.users.get(item.actor_id) if item.actor_id else None
            arrears = None
            if item.channel == Channel.ARREARS_FORM:
                actor = self.rent_administration
                arrears = ArrearsInput(
                    tenant_name=TENANTS[item.received_at.second % len(TENANTS)],
                    amount=Decimal(350 + item.received_at.minute * 37),
                    months=1 + item.received_at.minute % 4,
                    signal_date=timezone.localtime(moment).date(),
                )
            created = signal_intake(
                actor=actor or SYSTEM,
                channel=item.channel,
                category=self.categories[item.category],
                description=item.description,
                location=LocationInput(
                    latitude=item.latitude,
                    longitude=item.longitude,
                    postcode=item.postcode,
                    house_number=item.house_number,
                ),
                lookup_addresses=False,
                # A resident who reports online has a tracking link, nothing else about them.
                reporter=ReporterInput(is_anonymous=True)
                if item.channel == Channel.RESIDENT_WEB
                else None,
                is_tenant=item.is_tenant,
                receiving_organisation=actor.organisation if actor else None,
                arrears=arrears,
                received_at=moment,
            )
            self.report.signals += 1
            case = created.signal.case_link.case
            if case.opened_at == created.signal.created_at:  # it opened this case
                self.report.cases += 1
                self.triage(case, moment)

        return step

    # The triage: silence, all akkoord, or an objection and the overleg.

    def triage(self, case: Case, moment: datetime) -> None:
        if case.status in WORK_STATUSES:  # urgent or confidential: the lead is known at once
            self.handle(case, case.decided_at or moment)
            return
        proposal = case.proposals.filter(status=ProposalStatus.OPEN).first()
        if proposal is None:
            return
        rng = self.rng(case, "triage")
        paths = shape.TRIAGE_PATHS
        path = rng.choices(list(paths), weights=list(paths.values()))[0]
        # Partners answer through a member in the team; one without says nothing.
        respondents = [
            organisation
            for organisation in proposal.respondents.order_by("name")
            if (case.team_id, organisation.pk) in self.workers
        ]
        meeting = self.meeting_after(proposal.deadline, rng)
        if not respondents or (path == "objection" and meeting > self.until):
            path = "silence"  # the overleg would still have to meet: keep today's list as it is
        if path == "agreed":
            for organisation in respondents:
                when = moment + timedelta(minutes=rng.randint(20, 20 * 60))
                self.at(
                    min(when, proposal.deadline - timedelta(minutes=5)),
                    self.respond(case, proposal, organisation.pk, ResponseKind.AGREE, ""),
                )
        elif path == "objection":
            kinds = [o for o in shape.OBJECTIONS if o[1] != proposal.lead.kind]
            reason, wanted = rng.choice(kinds)
            objector = rng.choice(respondents)
            when = moment + timedelta(minutes=rng.randint(30, 8 * 60))
            self.at(
                min(when, proposal.deadline - timedelta(minutes=5)),
                self.respond(case, proposal, objector.pk, ResponseKind.OBJECT, reason),
            )
            self.at(meeting, self.decide(case, wanted, reason))
        self.at(proposal.deadline, self.deadline(case, proposal))

    def meeting_after(self, moment: datetime, rng: random.Random) -> datetime:
        day = timezone.localtime(moment).date() + timedelta(days=1)
        while day.weekday() != shape.MEETING_WEEKDAY:
            day += timedelta(days=1)
        return timezone.make_aware(datetime(day.year, day.month, day.day, 11, rng.randint(0, 29)))

    def respond(
        self, case: Case, proposal: Proposal, organisation_id: int, kind: str, reason: str
    ) -> Callable[[datetime], None]:
        def step(moment: datetime) -> None:
            proposal.refresh_from_db(fields=["status"])
            if proposal.status != ProposalStatus.OPEN:
                return
            proposal_respond(
                actor=self.worker(case, organisation_id),
                proposal=proposal,
                kind=kind,
                reason=reason,
                at=moment,
            )
            self.after_triage(case, moment)

        return step

    def deadline(self, case: Case, proposal: Proposal) -> Callable[[datetime], None]:
        def step(moment: datetime) -> None:
            if proposal_deadline_pass(actor=SYSTEM, proposal_id=proposal.pk, now=moment):
                self.after_triage(case, moment)

        return step

    def decide(self, case: Case, wanted_kind: str, reason: str) -> Callable[[datetime], None]:
        def step(moment: datetime) -> None:
            case.refresh_from_db()
            if case.status not in (CaseStatus.CONSULTATION, CaseStatus.ESCALATED):
                return
            proposal = case.proposals.order_by("-pk").first()
            partners = {
                p.organisation.kind: p.organisation
                for p in case.team.team_partners.select_related("organisation").order_by(
                    "is_core", "-organisation__name"
                )
            }
            rng = self.rng(case, "decide")
            if wanted_kind in partners and rng.random() < shape.OBJECTION_FOLLOWED:
                lead, reasoning = partners[wanted_kind], f"Het overleg volgt het bezwaar: {reason}"
            else:
                lead = proposal.lead
                reasoning = "Na toelichting in het overleg blijft het voorstel staan."
            case_decide(
                actor=self.chairs[case.team_id],
                case=case,
                lead=lead,
                involved=list(proposal.involved.all()),
                reasoning=reasoning,
                at=moment,
            )
            self.after_triage(case, moment)

        return step

    def after_triage(self, case: Case, moment: datetime) -> None:
        case.refresh_from_db()
        if case.status in WORK_STATUSES:
            self.handle(case, moment)

    # Handling, the reporters' answers, reopening and closing.

    def handle(self, case: Case, decided_at: datetime, *, again: bool = False) -> None:
        if not again:
            basis = case.lead_basis
            self.report.by_basis[basis] = self.report.by_basis.get(basis, 0) + 1
        rng = self.rng(case, f"handle-{case.resolution_round}")
        least, most = shape.HANDLING_DAYS[self.main_slugs[case.main_category_id]]
        pace = shape.TEAM_PACE[self.district_codes[case.district_id]] * (0.5 if again else 1)
        days = rng.triangular(least, most, least) * pace
        self.at(_office_hours(decided_at + timedelta(days=days), rng), self.resolve(case))

    def resolve(self, case: Case) -> Callable[[datetime], None]:
        def step(moment: datetime) -> None:
            case.refresh_from_db()
            if case.status not in WORK_STATUSES:
                return
            rng = self.rng(case, f"resolve-{case.resolution_round}")
            outcomes = FINISH_OUTCOMES
            outcome = rng.choices(list(outcomes), weights=list(outcomes.values()))[0]
            case_resolve(
                actor=self.worker(case, case.lead_id),
                case=case,
                outcome=outcome,
                message=self.texts[outcome],
                at=moment,
            )
            self.report.handled += 1
            case.refresh_from_db()
            closing = moment + timedelta(days=settings.WIJKTEAM_CASE_CLOSE_AFTER_DAYS)
            self.at(closing, self.close(case, case.resolution_round))
            if case.resolution_round == 1:
                self.ask(case, moment, closing, rng)

        return step

    def ask(self, case: Case, resolved_at: datetime, closing: datetime, rng: random.Random) -> None:
        """The first resident who reported online may answer; a "nee" is followed up (an
        answer or the case reopened) well before the case would close."""
        reporter = Reporter.objects.filter(signal__case_link__case=case).order_by("pk").first()
        if reporter is None or rng.random() >= shape.FEEDBACK_SHARE:
            return
        when = resolved_at + timedelta(days=rng.uniform(0.5, 5))
        if closing > self.until:
            return  # not all of it would be over by today
        satisfied = rng.random() < shape.SATISFIED[self.district_codes[case.district_id]]
        follow = "" if satisfied else "reopen" if rng.random() < shape.REOPEN_SHARE else "answer"
        self.at(when, self.answer_question(case, reporter, satisfied, follow, rng))

    def answer_question(
        self, case: Case, reporter: Reporter, satisfied: bool, follow: str, rng: random.Random
    ) -> Callable[[datetime], None]:
        def step(moment: datetime) -> None:
            feedback = feedback_give(
                actor=SYSTEM, reporter=reporter, satisfied=satisfied, at=moment
            )
            self.report.feedback += 1
            later = _office_hours(moment + timedelta(days=rng.uniform(0.2, 3)), rng)
            if follow == "answer":
                self.at(later, self.lead_answers(case, feedback, rng))
            elif follow == "reopen":
                self.at(later, self.reopen(case, rng))

        return step

    def lead_answers(
        self, case: Case, feedback: Feedback, rng: random.Random
    ) -> Callable[[datetime], None]:
        def step(moment: datetime) -> None:
            feedback_answer(
                actor=self.worker(case, case.lead_id),
                feedback=feedback,
                message=rng.choice(shape.LEAD_ANSWERS),
                at=moment,
            )

        return step

    def reopen(self, case: Case, rng: random.Random) -> Callable[[datetime], None]:
        def step(moment: datetime) -> None:
            case.refresh_from_db()
            case_reopen(
                actor=self.worker(case, case.lead_id),
                case=case,
                reason=rng.choice(shape.REOPEN_REASONS),
                at=moment,
            )
            self.report.reopened += 1
            self.handle(case, moment, again=True)

        return step

    def close(self, case: Case, round_: int) -> Callable[[datetime], None]:
        def step(moment: datetime) -> None:
            case.refresh_from_db()
            if case.status == CaseStatus.RESOLVED and case.resolution_round == round_:
                case_close(actor=SYSTEM, case=case, at=moment)
                self.report.closed += 1

        return step

    def finish(self) -> None:
        """A case of the past still open today is not yet far past its response target: the
        lead handled the very late ones yesterday (the team's agenda of today stays the
        demo's own)."""
        rng = random.Random(self.seed)
        late = Case.objects.filter(
            pk__in=self.opened, status__in=OPEN_STATUSES, very_late_at__lt=self.now
        )
        for case in late.order_by("pk"):
            if case.status in WORK_STATUSES:
                moment = self.until - timedelta(hours=rng.randint(1, 30))
                self.resolve(case)(max(moment, case.decided_at + timedelta(hours=1)))


def picture_history_load(
    *,
    scale: float,
    seed: int,
    now: datetime | None = None,
    districts: Collection[str] = DEMO_DISTRICTS,
    neighbourhoods: Collection[str] | None = None,
) -> PictureReport:
    """Record the demo's past for the wijk's picture (``picture_plan``; ``scale`` 1 is the
    whole picture) through the services, in time order. Returns what it recorded."""
    now = now or timezone.now()
    plan = picture_plan(
        scale=scale, seed=seed, now=now, districts=districts, neighbourhoods=neighbourhoods
    )
    replay = _Replay(seed=seed, now=now)
    first = Case.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    # What follows from the steps (marks for the picture, deadlines long past) is queued once,
    # as one task row, instead of a row for each step.
    with transaction.atomic(), notifications_muted(), followups_together():
        for item in plan:
            replay.at(item.received_at, replay.intake(item))
        replay.run()
        replay.opened = list(Case.objects.filter(pk__gt=first).values_list("pk", flat=True))
        replay.finish()
    return replay.report
