"""Benchmark: the staff's work lists at a million signals, with the cases and triage behind them.

Builds a throw-away database (SQLite file by default; with DATABASE_URL=postgres://.../NAME it
creates and drops NAME_bench on that server), loads the Veenendaal demo and adds a past of
about two years: N signals grouped into cases (about 3 signals a case, so ~300,000 cases at a
million signals, most of them closed long ago), each case with its proposal, the core
partners' responses, some involved partners, actions and reporters' answers. The last few days'
cases are still in consultation (a few hundred open proposals per team, some already answered,
objected to or countered), a few dozen per team wait for the wijkteamoverleg, a thousand or so
per team were agreed in the last two weeks, and long-running cases have overdue actions.

It then requests each page as the people who use it, taking turns, and prints per page the
number of queries of one request, the p50 and the p95, and the p50 as a multiple of a trivial
page's (/health, the floor, measured in the same run) for a noisy machine.

    .venv/bin/python bench/worklists.py [--signals 1000000] [--runs 60] [--explain]

--explain prints each page's queries with their EXPLAIN ANALYZE time instead, and the plan of
the slow ones (PostgreSQL). To measure one change after another on the same world (PostgreSQL
only): --keep leaves the scratch database in place, --reuse takes it up again (with new
migrations applied).
"""

import argparse
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.scratch import analyze, demo_database, explain_pages, measure_pages  # noqa: E402

HISTORY_DAYS = 700
# Signals per case, by weight (3.25 on average).
SIGNALS_PER_CASE = ((1, 30), (2, 20), (3, 15), (4, 10), (5, 8), (6, 7), (8, 6), (10, 4))
# Cases opened in the last days are still in consultation; older ones were decided.
CONSULTATION_DAYS = 4
OVERLEG_DAYS = 14
CASES_PER_BATCH = 2000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signals", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--reuse", action="store_true", help="take up a kept scratch database")
    parser.add_argument(
        "--explain", action="store_true", help="print the query plans instead (PostgreSQL)"
    )
    args = parser.parse_args()

    with demo_database(keep=args.keep, reuse=args.reuse) as fresh:
        if fresh:
            load(args.signals)
        run(args)


class World:
    """What the loader needs to know about the demo's teams, read once."""

    def __init__(self) -> None:
        from wijkteam.areas.models import Neighbourhood
        from wijkteam.partners.models import Team, TeamMember, TeamPartner
        from wijkteam.signals.models import Category, Sensitivity

        self.teams = list(Team.objects.select_related("district").order_by("pk"))
        self.buurten = {
            team.pk: list(Neighbourhood.objects.filter(district=team.district))
            for team in self.teams
        }
        self.core = {
            team.pk: [
                partner.organisation
                for partner in TeamPartner.objects.filter(team=team, is_core=True)
                .select_related("organisation")
                .order_by("organisation__name")
            ]
            for team in self.teams
        }
        self.members = {
            (member.team_id, member.user.organisation_id): member.user
            for member in TeamMember.objects.select_related("user").order_by("-id")
        }
        self.chair = {
            member.team_id: member.user
            for member in TeamMember.objects.filter(function="wijkmanager").select_related("user")
        }
        leaves = list(Category.objects.filter(parent__isnull=False).select_related("parent"))
        self.by_sensitivity = {
            sensitivity: [c for c in leaves if c.sensitivity == sensitivity]
            for sensitivity in Sensitivity.values
        }

    def organisation(self, team, kind: str):
        return next((o for o in self.core[team.pk] if o.kind == kind), self.core[team.pk][0])


def load(signals: int) -> None:
    """A past of ``signals`` signals grouped into cases, in batches (memory stays flat)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from wijkteam.cases.models import Case
    from wijkteam.signals.models import Signal

    started = time.perf_counter()
    world = World()
    rng = random.Random(1)
    now = timezone.now()
    made = {"signals": 0, "cases": 0}
    while made["signals"] < signals:
        with transaction.atomic():
            _batch(world, rng, made, signals, now)
    analyze()
    print(f"database:            {connection.vendor}")
    print(
        f"loaded:              {Signal.objects.count():,} signals, {Case.objects.count():,} "
        f"cases in {time.perf_counter() - started:,.0f} s"
    )


def _batch(world: World, rng: random.Random, made: dict, limit: int, now) -> None:
    """The next cases in time, with their signals, proposals, responses and actions."""
    from wijkteam.cases.models import Case, CaseSignal, Proposal

    sizes, weights = zip(*SIGNALS_PER_CASE, strict=True)
    plans = []
    for _ in range(CASES_PER_BATCH):
        if made["signals"] >= limit:
            break
        number = made["cases"]
        # Time runs with the signals, so the last case is opened just now.
        opened = now - timedelta(days=HISTORY_DAYS * (1 - made["signals"] / limit))
        count = min(rng.choices(sizes, weights)[0], limit - made["signals"])
        plans.append(_plan_case(world, rng, number, opened, now))
        plans[-1]["signals"] = count
        made["cases"] += 1
        made["signals"] += count
    cases = Case.objects.bulk_create([plan["case"] for plan in plans])
    Case.involved.through.objects.bulk_create(
        Case.involved.through(case_id=case.pk, organisation_id=org.pk)
        for case, plan in zip(cases, plans, strict=True)
        for org in plan["involved"]
    )
    signals = _signals(world, rng, cases, plans, now)
    CaseSignal.objects.bulk_create(
        CaseSignal(case_id=signal.bench_case_id, signal_id=signal.pk, added_at=signal.created_at)
        for signal in signals
    )
    with_proposal = [(c, p) for c, p in zip(cases, plans, strict=True) if p["proposal"]]
    proposals = Proposal.objects.bulk_create(_proposal(case, plan) for case, plan in with_proposal)
    _responses(world, rng, proposals, [plan for _case, plan in with_proposal])
    _actions_and_feedback(world, rng, cases, plans, now)


def _plan_case(world: World, rng: random.Random, number: int, opened, now) -> dict:
    from wijkteam.cases.models import Case, CaseStatus, LeadBasis, Outcome, ProposalStatus
    from wijkteam.signals.models import Sensitivity

    team = rng.choice(world.teams)
    sensitivity = rng.choices(
        (Sensitivity.TEAM, Sensitivity.CASE_PARTNERS, Sensitivity.CONFIDENTIAL), (80, 15, 5)
    )[0]
    category = rng.choice(world.by_sensitivity[sensitivity] or world.by_sensitivity["team"])
    corporation = world.organisation(team, "corporatie")
    core = world.core[team.pk]
    age = now - opened
    source = corporation if sensitivity == Sensitivity.CONFIDENTIAL else rng.choice(core)
    urgent = sensitivity != Sensitivity.CONFIDENTIAL and rng.random() < 0.03
    if sensitivity == Sensitivity.CONFIDENTIAL:
        lead, basis = corporation, LeadBasis.CONFIDENTIAL
    elif urgent:
        lead, basis = world.organisation(team, "politie"), LeadBasis.URGENT
    else:
        lead = rng.choices(core, [40 if o.kind == "corporatie" else 20 for o in core])[0]
        basis = rng.choices((LeadBasis.AGREED, LeadBasis.SILENCE, LeadBasis.MEETING), (70, 20, 10))[
            0
        ]
    others = [o for o in core if o.pk != lead.pk]
    involved = [rng.choice(others)] if others and rng.random() < 0.2 else []

    status, proposal = _status(rng, age, basis, urgent)
    decided = status not in (CaseStatus.CONSULTATION, CaseStatus.ESCALATED)
    decided_at = min(opened + timedelta(hours=rng.uniform(1, 36)), now) if decided else None
    resolved_at = closed_at = None
    if status in (CaseStatus.RESOLVED, CaseStatus.CLOSED):
        resolved_at = min(opened + timedelta(days=rng.uniform(3, 40)), now)
        if status == CaseStatus.CLOSED:
            closed_at = min(resolved_at + timedelta(days=14), now)
    retention_at = (
        closed_at + timedelta(days=365)
        if closed_at and closed_at + timedelta(days=365) < now
        else None
    )
    case = Case(
        reference=f"Z-B-{number:07d}",
        team=team,
        district_id=team.district_id,
        neighbourhood=rng.choice(world.buurten[team.pk]),
        category=category,
        main_category_id=category.parent_id,
        sensitivity=sensitivity,
        is_urgent=urgent,
        is_tenant=rng.random() < 0.6,
        source_organisation=source,
        street="" if retention_at else "Benchmarkstraat",
        house_number=None if retention_at else rng.randint(1, 400),
        postcode="3905AB",
        address_key="" if retention_at else f"3905AB-{number}",
        status=status,
        lead=None if status in (CaseStatus.CONSULTATION, CaseStatus.ESCALATED) else lead,
        lead_basis=basis if decided else "",
        opened_at=opened,
        last_signal_at=opened,
        decided_at=decided_at,
        due_at=opened + timedelta(days=5),
        very_late_at=opened + timedelta(days=15),
        outcome=rng.choice(Outcome.values) if resolved_at else "",
        resolved_at=resolved_at,
        closed_at=closed_at,
        resolution_round=1 if resolved_at else 0,
        retention_applied_at=retention_at,
    )
    proposal_status = {
        CaseStatus.CONSULTATION: ProposalStatus.OPEN,
        CaseStatus.ESCALATED: ProposalStatus.ESCALATED,
        CaseStatus.MERGED: ProposalStatus.WITHDRAWN,
    }.get(status, ProposalStatus.DECIDED if basis == LeadBasis.MEETING else ProposalStatus.AGREED)
    return {
        "case": case,
        "team": team,
        "lead": lead,
        "involved": involved,
        "urgent": urgent,
        "proposal": proposal and sensitivity != Sensitivity.CONFIDENTIAL,
        "proposal_status": proposal_status,
        "decided_at": decided_at,
    }


def _status(rng: random.Random, age: timedelta, basis: str, urgent: bool) -> tuple[str, bool]:
    """The case's status at its age, and whether it had a proposal."""
    from wijkteam.cases.models import CaseStatus

    if age < timedelta(days=CONSULTATION_DAYS) and not urgent:
        return rng.choices((CaseStatus.CONSULTATION, CaseStatus.ESCALATED), (94, 6))[0], True
    if age < timedelta(days=OVERLEG_DAYS) and rng.random() < 0.02:
        return CaseStatus.ESCALATED, True
    if age < timedelta(days=60):
        return rng.choices(
            (
                CaseStatus.HANDLING,
                CaseStatus.IN_PROGRESS,
                CaseStatus.WAITING,
                CaseStatus.RESOLVED,
                CaseStatus.CLOSED,
            ),
            (10, 25, 5, 10, 50),
        )[0], True
    return rng.choices(
        (CaseStatus.IN_PROGRESS, CaseStatus.WAITING, CaseStatus.CLOSED, CaseStatus.MERGED),
        (2, 1, 96, 1),
    )[0], True


def _signals(world: World, rng: random.Random, cases, plans, now) -> list:
    from wijkteam.cases.models import CaseStatus
    from wijkteam.signals.models import Channel, LocationStatus, PublicStatus, Signal

    channels = [Channel.RESIDENT_WEB, Channel.FIELD, Channel.PHONE, Channel.PARTNER]
    batch = []
    for case, plan in zip(cases, plans, strict=True):
        span = max(0.0, min(60.0, (now - case.opened_at).total_seconds() / 86400))
        for index in range(plan["signals"]):
            created = case.opened_at + timedelta(days=rng.uniform(0, span) if index else 0)
            signal = Signal(
                reference=f"B-{case.pk:07d}-{index}",
                category_id=case.category_id,
                main_category_id=case.main_category_id,
                description=f"Benchmarkmelding {case.reference} {index}",
                channel=rng.choice(channels),
                receiving_organisation=case.source_organisation
                if index == 0 or case.sensitivity == "confidential"
                else rng.choice(world.core[plan["team"].pk]),
                created_at=created,
                status=PublicStatus.DONE
                if case.status in (CaseStatus.RESOLVED, CaseStatus.CLOSED)
                else PublicStatus.IN_PROGRESS,
                sensitivity=case.sensitivity,
                team_id=case.team_id,
                district_id=case.district_id,
                neighbourhood_id=case.neighbourhood_id,
                location_status=LocationStatus.RESOLVED,
            )
            signal.bench_case_id = case.pk
            batch.append(signal)
    return Signal.objects.bulk_create(batch)  # the same objects, now with their ids


def _proposal(case, plan):
    from wijkteam.cases.models import Proposal, ProposalMode, ProposalStatus

    open_ = plan["proposal_status"] == ProposalStatus.OPEN
    return Proposal(
        case_id=case.pk,
        team_id=case.team_id,
        mode=ProposalMode.INFORM if plan["urgent"] else ProposalMode.CONSULT,
        lead=plan["lead"],
        reasons=["Standaard bij deze categorie"],
        deadline=case.opened_at + timedelta(days=5 if open_ else 1),
        status=plan["proposal_status"],
        created_at=case.opened_at,
        resolved_at=None if open_ else (plan["decided_at"] or case.opened_at + timedelta(days=1)),
    )


def _responses(world: World, rng: random.Random, proposals, plans) -> None:
    from wijkteam.cases.models import Proposal, ProposalResponse, ProposalStatus, ResponseKind

    respondents, responses = [], []
    for proposal, plan in zip(proposals, plans, strict=True):
        team = plan["team"]
        asked = {o.pk: o for o in world.core[team.pk]}
        asked[plan["lead"].pk] = plan["lead"]
        asked.update({o.pk: o for o in plan["involved"]})
        objector = rng.choice(list(asked)) if proposal.status == ProposalStatus.ESCALATED else None
        for organisation_id in asked:
            respondents.append(
                Proposal.respondents.through(
                    proposal_id=proposal.pk, organisation_id=organisation_id
                )
            )
            if proposal.status == ProposalStatus.OPEN:
                if rng.random() < 0.5:
                    continue
                kind = rng.choices(
                    (ResponseKind.AGREE, ResponseKind.OBJECT, ResponseKind.COUNTER), (70, 15, 15)
                )[0]
            elif organisation_id == objector:
                kind = rng.choice((ResponseKind.OBJECT, ResponseKind.COUNTER))
            elif proposal.status == ProposalStatus.WITHDRAWN:
                continue
            else:
                kind = rng.choices((ResponseKind.AGREE, ResponseKind.SILENCE), (85, 15))[0]
            others = [o for o in asked.values() if o.pk != proposal.lead_id] or [plan["lead"]]
            counter = rng.choice(others) if kind == ResponseKind.COUNTER else None
            responses.append(
                ProposalResponse(
                    proposal_id=proposal.pk,
                    organisation_id=organisation_id,
                    kind=kind,
                    counter_lead=counter,
                    reason="Kennen dit adres" if kind in ("object", "counter") else "",
                    responded_by=world.members.get((team.pk, organisation_id)),
                    responded_at=proposal.created_at + timedelta(hours=rng.uniform(0.5, 20)),
                )
            )
    Proposal.respondents.through.objects.bulk_create(respondents)
    ProposalResponse.objects.bulk_create(responses)


def _actions_and_feedback(world: World, rng: random.Random, cases, plans, now) -> None:
    from wijkteam.cases.models import WORK_STATUSES, CaseAction, CaseStatus, Feedback

    actions, answers = [], []
    for case, plan in zip(cases, plans, strict=True):
        working = case.status in WORK_STATUSES
        finished = case.status in (CaseStatus.RESOLVED, CaseStatus.CLOSED)
        if not (working or (finished and rng.random() < 0.3)):
            continue
        for _ in range(rng.randint(1, 3) if working else 1):
            owner = case.lead or plan["lead"]
            due = (case.opened_at + timedelta(days=rng.randint(7, 40))).date()
            done = finished or rng.random() < 0.4
            actions.append(
                CaseAction(
                    case_id=case.pk,
                    description="Huisbezoek afleggen en terugkoppelen",
                    owner_organisation=owner,
                    owner_user=world.members.get((case.team_id, owner.pk))
                    if rng.random() < 0.4
                    else None,
                    due_date=due,
                    done_at=min(case.opened_at + timedelta(days=rng.randint(3, 40)), now)
                    if done
                    else None,
                    created_by=world.chair[case.team_id],
                    created_at=case.opened_at,
                )
            )
        if case.status == CaseStatus.CLOSED and rng.random() < 0.3:
            satisfied = rng.random() < 0.85
            answers.append(
                Feedback(
                    case_id=case.pk,
                    round=1,
                    outcome=case.outcome,
                    satisfied=satisfied,
                    created_at=case.resolved_at + timedelta(days=2),
                    follow_up=""
                    if satisfied or now - case.resolved_at < timedelta(days=60)
                    else "answered",
                )
            )
    CaseAction.objects.bulk_create(actions)
    Feedback.objects.bulk_create(answers)


def run(args) -> None:
    from django.db import connection
    from django.test import Client

    from wijkteam.cases.models import Case, CaseAction, Proposal, ProposalStatus
    from wijkteam.partners.models import Team, User
    from wijkteam.signals.models import Signal

    team = Team.objects.get(district__code="WK034502")
    print(f"database:            {connection.vendor}")
    print(f"signals:             {Signal.objects.count():,}")
    print(f"cases:               {Case.objects.count():,}")
    print(
        "in WK034502:         "
        f"{Proposal.objects.filter(case__team=team, status=ProposalStatus.OPEN).count():,} open "
        f"proposals, {Case.objects.filter(team=team, status='escalated').count():,} for the "
        "overleg, "
        f"{Case.objects.filter(team=team, decided_at__gte=_two_weeks_ago()).count():,} agreed "
        "in two weeks, "
        f"{CaseAction.objects.filter(case__team=team, done_at__isnull=True).count():,} open "
        "actions"
    )

    def client_of(email: str) -> Client:
        client = Client()
        client.force_login(User.objects.get(email=email))
        return client

    chair = client_of("wijkmanager.zuidoost@gemeente.example")
    police = client_of("wijkagent.zuidoost@politie.example")
    corporation = client_of("wijkconsulent.zuidoost@veenvesters.example")
    coordinator = client_of("coordinator@gemeente.example")
    anonymous = Client()
    triage = "/casussen/wijk/WK034502/triage/"
    pages = [
        ("floor: /health", anonymous, "/health", {}),
        ("team triage, wijkmanager", chair, triage, {}),
        ("team triage, wijkagent", police, triage, {}),
        ("team triage, coordinator", coordinator, triage, {}),
        ("triage, wijkagent", police, "/casussen/triage/", {}),
        ("triage, wijkconsulent", corporation, "/casussen/triage/", {}),
        ("mijn werk, wijkconsulent", corporation, "/casussen/mijn-werk/", {}),
        ("mijn werk, wijkagent", police, "/casussen/mijn-werk/", {}),
        ("team cases, wijkmanager", chair, "/casussen/wijk/WK034502/", {}),
        ("team inbox, wijkmanager", chair, "/meldingen/wijk/WK034502/", {}),
        ("organisation list, wijkconsulent", corporation, "/meldingen/", {}),
    ]
    if args.explain:
        explain_pages(pages[1:])
    else:
        measure_pages(pages, args.runs, floor="floor: /health")


def _two_weeks_ago():
    from django.utils import timezone

    return timezone.now() - timedelta(days=OVERLEG_DAYS)


if __name__ == "__main__":
    main()
