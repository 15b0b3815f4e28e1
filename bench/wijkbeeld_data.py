"""The world of bench/wijkbeeld.py: a past of many signals over several years, grouped into
cases, written straight into the tables in batches (COPY on PostgreSQL, bulk inserts on SQLite).
Benchmark data, not a journey through the services: only what the wijk's picture reads is
filled in — the signals with their buurt, spot, street and door; the cases with how and when
their lead was agreed, handled and closed, their response target, objections in the triage,
reopenings and reporters' answers. The aggregates are then built from it as the product builds
them (``counts_rebuild``, ``figures_rebuild``)."""

import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

BATCH = 20_000
STREETS = ("Dorpsstraat", "Kerkweg", "Stationsplein", "Parklaan", "Molenweg", "Schoolstraat")
# How the lead of a case was agreed, by weight.
BASES = (("silence", 55), ("agreed", 25), ("meeting", 12), ("urgent", 3), ("confidential", 5))


@dataclass
class Built:
    signals: int = 0
    cases: int = 0
    seconds: float = 0.0
    case_ids: list[int] = field(default_factory=list)


def copy_rows(model, objects: Sequence) -> None:
    """Write ``objects`` (with their primary keys set) into ``model``'s table: COPY on
    PostgreSQL, bulk inserts elsewhere. Fields are written as Django would save them."""
    from django.db import connection

    if not objects:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects, batch_size=2000)
        return
    fields = model._meta.concrete_fields
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    with connection.cursor() as cursor:
        statement = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
        with cursor.cursor.copy(statement) as copy:
            for obj in objects:
                copy.write_row(
                    [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields]
                )


def reset_sequences(models: Iterable) -> None:
    """After writing primary keys ourselves, the next ones the database hands out follow."""
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), list(models)):
            cursor.execute(statement)


class _World:
    """The demo's teams, buurten, categories and partners, read once."""

    def __init__(self) -> None:
        from shapely.geometry import shape

        from wijkteam.areas.models import Neighbourhood
        from wijkteam.partners.models import Team, TeamPartner
        from wijkteam.signals.models import Category

        self.teams = list(Team.objects.select_related("district").order_by("pk"))
        self.buurten = {}
        for team in self.teams:
            found = []
            for buurt in Neighbourhood.objects.filter(district=team.district).order_by("code"):
                bounds = shape(buurt.geometry).bounds if buurt.geometry else None
                found.append((buurt, bounds or (5.55, 52.01, 5.56, 52.02)))
            self.buurten[team.pk] = found
        self.partners = {
            team.pk: [
                p.organisation
                for p in TeamPartner.objects.filter(team=team)
                .select_related("organisation")
                .order_by("-is_core", "organisation__name")
            ]
            for team in self.teams
        }
        leaves = list(Category.objects.filter(parent__isnull=False, is_active=True))
        self.categories = [c for c in leaves if c.sensitivity != "confidential" and not c.is_acute]
        self.confidential = [c for c in leaves if c.sensitivity == "confidential"]
        self.acute = [c for c in leaves if c.is_acute] or self.categories

    def partner(self, team, kind: str):
        partners = self.partners[team.pk]
        return next((o for o in partners if o.kind == kind), partners[0])


def _next_id(model) -> int:
    from django.db.models import Max

    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


def build(
    *,
    signals: int,
    cases: int,
    years: int = 5,
    seed: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> Built:
    """A past of ``signals`` signals in ``cases`` cases over ``years`` years, spread over the
    teams that exist; cases opened in the last weeks are partly still open. Batches of
    BATCH signals, each in its own transaction (memory stays flat)."""
    from django.db import transaction
    from django.utils import timezone

    from wijkteam.cases.models import (
        Case,
        CaseEvent,
        CaseSignal,
        Feedback,
        Proposal,
        ProposalResponse,
    )
    from wijkteam.signals.models import Signal

    started = time.perf_counter()
    world = _World()
    rng = random.Random(seed)
    now = timezone.now()
    span = timedelta(days=365 * years)
    built = Built()
    next_signal, next_case = _next_id(Signal), _next_id(Case)
    cases = max(1, min(cases, signals))
    while built.signals < signals:
        batch_signals = min(BATCH, signals - built.signals)
        if built.signals + batch_signals >= signals:
            batch_cases = max(1, cases - built.cases)
        else:
            batch_cases = max(1, round(cases * batch_signals / signals))
        with transaction.atomic():
            made = _batch(
                world, rng, now, span, next_signal, next_case,
                signals_left=batch_signals, cases_left=batch_cases,
            )  # fmt: skip
        next_signal += made[0]
        next_case += made[1]
        built.signals += made[0]
        built.cases += made[1]
        if progress:
            progress(built.signals, signals)
    models = [Signal, Case, CaseSignal, Proposal, ProposalResponse, CaseEvent, Feedback]
    reset_sequences(models)
    built.seconds = time.perf_counter() - started
    return built


def _batch(world, rng, now, span, first_signal, first_case, *, signals_left, cases_left):
    """Cases with their signals; returns (signals, cases) written."""
    from wijkteam.cases.models import Case, CaseEvent, CaseSignal, Feedback
    from wijkteam.signals.models import Signal

    first_event, first_answer = _next_id(CaseEvent), _next_id(Feedback)
    first_link = _next_id(CaseSignal)

    sizes = _sizes(rng, signals_left, cases_left)
    case_rows, signal_rows, links, events, answers = [], [], [], [], []
    signal_id = first_signal
    for offset, size in enumerate(sizes):
        case = _case(world, rng, now, span, first_case + offset)
        case_rows.append(case)
        for index in range(size):
            at = min(case.opened_at + timedelta(days=rng.uniform(0, 20) if index else 0), now)
            signal_rows.append(_signal(world, rng, case, signal_id, at))
            links.append(
                CaseSignal(
                    pk=first_link + len(links), case_id=case.pk, signal_id=signal_id, added_at=at
                )
            )
            signal_id += 1
        case.last_signal_at = signal_rows[-1].created_at
        if case.resolved_at and rng.random() < 0.03:
            events.append(_reopened(case, first_event + len(events)))
        if case.closed_at and rng.random() < 0.25:
            answers.append(
                Feedback(
                    pk=first_answer + len(answers),
                    case_id=case.pk,
                    round=1,
                    outcome=case.outcome,
                    satisfied=rng.random() < 0.78,
                    created_at=case.resolved_at + timedelta(days=2),
                    follow_up="",
                )
            )
    copy_rows(Case, case_rows)
    copy_rows(Signal, signal_rows)
    copy_rows(CaseSignal, links)
    _triage(world, rng, case_rows)
    copy_rows(CaseEvent, events)
    copy_rows(Feedback, answers)
    return len(signal_rows), len(case_rows)


def _sizes(rng: random.Random, signals: int, cases: int) -> list[int]:
    """Signals per case: one each, the rest spread with a long tail."""
    cases = min(cases, signals)
    sizes = [1] * cases
    for _ in range(signals - cases):
        sizes[min(int(rng.expovariate(1 / (cases / 4))), cases - 1)] += 1
    return sizes


def _case(world, rng, now, span, pk):
    from wijkteam.cases.models import Case, CaseStatus, LeadBasis, Outcome

    team = rng.choice(world.teams)
    buurt, (min_lon, min_lat, max_lon, max_lat) = rng.choice(world.buurten[team.pk])
    basis = rng.choices([b for b, _w in BASES], [w for _b, w in BASES])[0]
    if basis == "confidential":
        category, lead = rng.choice(world.confidential), world.partner(team, "corporatie")
    elif basis == "urgent":
        category, lead = rng.choice(world.acute), world.partner(team, "politie")
    else:
        category = rng.choice(world.categories)
        lead = rng.choice(world.partners[team.pk][:4])
    # More signals in recent years: a town that learnt to report.
    opened = now - span * (1 - rng.random() ** 0.8)
    age = now - opened
    decided_at = opened + timedelta(hours=rng.uniform(0.2, 60))
    due_at = decided_at + timedelta(days=category.response_days * 1.4)
    resolved_at = decided_at + timedelta(days=rng.expovariate(1 / 8))
    status = CaseStatus.CLOSED
    if resolved_at > now:
        status, resolved_at = CaseStatus.IN_PROGRESS, None
    elif resolved_at + timedelta(days=14) > now:
        status = CaseStatus.RESOLVED
    if decided_at > now:
        status, decided_at, basis = CaseStatus.CONSULTATION, None, ""
    return Case(
        pk=pk,
        reference=f"Z-W-{pk:07d}",
        team=team,
        district_id=team.district_id,
        neighbourhood=buurt,
        category=category,
        main_category_id=category.parent_id,
        sensitivity=category.sensitivity,
        is_public_space=category.is_public_space,
        is_urgent=basis == LeadBasis.URGENT,
        is_tenant=rng.random() < 0.5,
        source_organisation=lead,
        street=rng.choice(STREETS),
        latitude=rng.uniform(min_lat, max_lat),
        longitude=rng.uniform(min_lon, max_lon),
        status=status,
        lead=lead if decided_at else None,
        lead_basis=basis,
        opened_at=opened,
        last_signal_at=opened,
        decided_at=decided_at,
        due_at=due_at,
        very_late_at=due_at + (due_at - opened) * 2,
        outcome=rng.choice(Outcome.values) if resolved_at else "",
        resolved_at=resolved_at,
        closed_at=resolved_at + timedelta(days=14) if status == CaseStatus.CLOSED else None,
        resolution_round=1 if resolved_at else 0,
        retention_applied_at=now if age > timedelta(days=800) else None,
    )


def _signal(world, rng, case, pk, at):
    from wijkteam.cases.models import CaseStatus
    from wijkteam.signals.models import Channel, LocationStatus, PublicStatus, Signal

    done = case.status in (CaseStatus.RESOLVED, CaseStatus.CLOSED)
    return Signal(
        pk=pk,
        reference=f"W-{pk:09d}",
        category_id=case.category_id,
        main_category_id=case.main_category_id,
        description="",
        channel=rng.choice((Channel.RESIDENT_WEB, Channel.FIELD, Channel.PHONE, Channel.PARTNER)),
        receiving_organisation_id=case.source_organisation_id,
        created_at=at,
        status=PublicStatus.DONE if done else PublicStatus.IN_PROGRESS,
        sensitivity=case.sensitivity,
        is_urgent=case.is_urgent,
        team_id=case.team_id,
        district_id=case.district_id,
        neighbourhood_id=case.neighbourhood_id,
        latitude=case.latitude + rng.uniform(-0.0003, 0.0003),
        longitude=case.longitude + rng.uniform(-0.0005, 0.0005),
        street=case.street,
        location_status=LocationStatus.RESOLVED,
    )


def _reopened(case, pk: int):
    from wijkteam.cases.models import CaseEvent, CaseEventKind

    return CaseEvent(
        pk=pk,
        case_id=case.pk,
        at=case.resolved_at + timedelta(days=3),
        actor_label="Benchmark",
        kind=CaseEventKind.REOPENED,
        text="Heropend. Reden: het probleem is terug.",
    )


def _triage(world, rng, cases) -> None:
    """A proposal for each case the team consulted on, its lead's akkoord and now and then
    another partner's objection."""
    from wijkteam.cases.models import (
        Proposal,
        ProposalResponse,
        ProposalStatus,
        ResponseKind,
    )

    consulted = [c for c in cases if c.lead_basis in ("silence", "agreed", "meeting", "")]
    first, first_response = _next_id(Proposal), _next_id(ProposalResponse)
    proposals, responses = [], []
    for offset, case in enumerate(consulted):
        lead = case.lead or case.source_organisation
        status = {
            "": ProposalStatus.OPEN,
            "meeting": ProposalStatus.DECIDED,
        }.get(case.lead_basis, ProposalStatus.AGREED)
        proposal = Proposal(
            pk=first + offset,
            case_id=case.pk,
            team_id=case.team_id,
            lead=lead,
            reasons=["Standaard bij deze categorie."],
            deadline=case.opened_at + timedelta(days=1),
            status=status,
            created_at=case.opened_at,
            resolved_at=case.decided_at,
        )
        proposals.append(proposal)
        responses.append(
            ProposalResponse(
                pk=first_response + len(responses),
                proposal_id=proposal.pk,
                organisation=lead,
                kind=ResponseKind.AGREE,
                responded_at=case.opened_at + timedelta(hours=2),
            )
        )
        if case.lead_basis == "meeting" or rng.random() < 0.03:
            other = next((o for o in world.partners[case.team_id] if o.pk != lead.pk), None)
            if other is None:
                continue
            responses.append(
                ProposalResponse(
                    pk=first_response + len(responses),
                    proposal_id=proposal.pk,
                    organisation=other,
                    kind=ResponseKind.OBJECT,
                    reason="Eerst een gesprek met de bewoner.",
                    responded_at=case.opened_at + timedelta(hours=3),
                )
            )
    copy_rows(Proposal, proposals)
    copy_rows(ProposalResponse, responses)
