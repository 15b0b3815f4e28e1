"""Every service of the cases app refuses, by itself, an actor who may not make the change and a
record whose state does not allow it (STYLE, "Access and audit"): called directly, as a view
or a task that forgot a check would call it. A refusal is a DomainError and changes nothing:
no record, no timeline line, no audit row.

Each rule names who may, who may not, a record in a state that allows the change and one in a
state that does not. Who may is tried too, on the same kind of record, so that the refusals
cannot pass for a service that refuses everyone."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from tests.cases.states import (
    action_of,
    care_case,
    data_removed,
    document_of,
    feedback_of,
    led,
    merged,
    noise,
    pdf_upload,
    reported,
    resolved,
    two_signals,
)
from tests.cases.support import open_proposal
from tests.factories import add_member, make_organisation, make_user
from wijkteam.access.models import AuditEntry
from wijkteam.cases.access import may_chair, seat_in
from wijkteam.cases.closure.feedback import feedback_answer, feedback_give
from wijkteam.cases.closure.outcome import case_close, case_reopen, case_resolve
from wijkteam.cases.documents import case_document_add, case_document_remove
from wijkteam.cases.guards import FORBIDDEN, NO_ACTOR
from wijkteam.cases.handling import (
    case_action_complete,
    case_action_create,
    case_note_add,
    case_status_change,
)
from wijkteam.cases.models import (
    Case,
    CaseAction,
    CaseDocument,
    CaseEvent,
    CaseNote,
    CaseSignal,
    CaseStatus,
    Feedback,
    NoteVisibility,
    Outcome,
    Proposal,
    ProposalResponse,
    ResponseKind,
)
from wijkteam.cases.placement import case_place_signal
from wijkteam.cases.regrouping import case_merge, case_move_signal, case_split
from wijkteam.cases.summary import case_remark, case_summary_set
from wijkteam.cases.triage.deadlines import proposal_deadline_pass
from wijkteam.cases.triage.proposals import triage_urgent
from wijkteam.cases.triage.responses import case_decide, proposal_respond
from wijkteam.core.errors import DomainError
from wijkteam.notifications.models import Notification, OutgoingEmail
from wijkteam.partners.actors import SYSTEM
from wijkteam.partners.models import OrganisationKind, Role, TeamFunction
from wijkteam.signals.models import Reporter, Signal, SignalEvent

# A record ready for the change, as the call that makes it for a given actor.
Call = Callable[[object], object]

# Who acts. "reader" is a read-only member of team A, "other_team" the wijkmanager of team B,
# "outsider" works for an organisation that is no partner of team A.
PEOPLE = {
    "consulent": "consulent_a",
    "agent": "agent_a",
    "opbouwwerker": "opbouwwerker_a",
    "chair": "wijkmanager_a",
    "other_team": "wijkmanager_b",
    "reader": "reader",
}
NOBODY_ELSE = ("reader", "other_team", "outsider", "system", "none")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def actors(world):
    add_member(world.team_a, world.reader, TeamFunction.OVERIG)
    outsider = make_user("iemand@elders.test", make_organisation("Elders", OrganisationKind.ZORG))
    found = {key: getattr(world, name) for key, name in PEOPLE.items()}
    return found | {"outsider": outsider, "system": SYSTEM, "none": None}


# --- the changes, each on a record in a state that allows it, and on one that does not --------


def summary(w, case: Case) -> Call:
    return lambda actor: case_summary_set(actor=actor, case=case, summary="Herhaald geluid")


def remark(w, case: Case) -> Call:
    return lambda actor: case_remark(actor=actor, case=case, text="Wij kennen deze buren")


def move(w, pair: tuple[Case, Signal], target: Case) -> Call:
    case, signal = pair
    return lambda actor: case_move_signal(
        actor=actor, case=case, signal=signal, target=target, reason="Ander huishouden"
    )


def merge(w, case: Case, into: Case) -> Call:
    return lambda actor: case_merge(actor=actor, case=case, into=into, reason="Zelfde gezin")


def split(w, pair: tuple[Case, Signal], *, handled: bool = False) -> Call:
    case, signal = pair
    if handled:
        resolved(w, case)
    return lambda actor: case_split(actor=actor, case=case, signals=[signal], reason="Twee zaken")


def status(w, case: Case) -> Call:
    return lambda actor: case_status_change(actor=actor, case=case, status=CaseStatus.IN_PROGRESS)


def add_action(w, case: Case) -> Call:
    return lambda actor: case_action_create(
        actor=actor,
        case=case,
        description="Container laten legen",
        owner_organisation=w.corporatie,
        due_date=timezone.localdate() + timedelta(days=7),
    )


def complete(w, *, done: bool = False) -> Call:
    action = action_of(w, led(noise(w)))
    if done:
        case_action_complete(actor=w.opbouwwerker_a, action=action, result="Eerder gedaan")
    return lambda actor: case_action_complete(actor=actor, action=action, result="Gedaan")


def note(w, case: Case) -> Call:
    return lambda actor: case_note_add(
        actor=actor, case=case, text="Gesprek gepland", visibility=NoteVisibility.PARTNERS
    )


def add_document(w, case: Case) -> Call:
    return lambda actor: case_document_add(actor=actor, case=case, document=pdf_upload())


def remove_document(w, *, removed: bool = False) -> Call:
    document = document_of(w, noise(w))
    if removed:
        case_document_remove(actor=w.consulent_a, document=document)
    return lambda actor: case_document_remove(actor=actor, document=document)


def resolve(w, case: Case) -> Call:
    return lambda actor: case_resolve(
        actor=actor, case=case, outcome=Outcome.SOLVED, message="Klaar."
    )


def close(w, case: Case) -> Call:
    return lambda actor: case_close(actor=actor, case=case)


def reopen(w, case: Case) -> Call:
    return lambda actor: case_reopen(actor=actor, case=case, reason="Nieuwe klacht")


def answer(w, feedback: Feedback) -> Call:
    return lambda actor: feedback_answer(actor=actor, feedback=feedback, message="Wij kijken.")


def give(w, case: Case) -> Call:
    reporter = Reporter.objects.get(signal__case_link__case=case)
    return lambda actor: feedback_give(actor=actor, reporter=reporter, satisfied=True)


def urgent(w, case: Case) -> Call:
    return lambda actor: triage_urgent(actor=actor, case=case)


def respond(w, proposal: Proposal) -> Call:
    return lambda actor: proposal_respond(actor=actor, proposal=proposal, kind=ResponseKind.AGREE)


def decide(w, case: Case) -> Call:
    return lambda actor: case_decide(
        actor=actor, case=case, lead=w.welzijn, reasoning="Welzijn kent het gezin."
    )


def pass_deadline(w, proposal: Proposal, *, now=None) -> Call:
    now = now or proposal.deadline + timedelta(minutes=1)
    return lambda actor: proposal_deadline_pass(actor=actor, proposal_id=proposal.pk, now=now)


def place(w, *, placed: bool = True) -> Call:
    """Placing a signal again; not placed: as if it had just come in (its link undone)."""
    signal = noise(w).links.get().signal
    if not placed:
        CaseSignal.objects.filter(signal=signal).delete()
    return lambda actor: case_place_signal(actor=actor, signal=signal)


@dataclass(frozen=True)
class Rule:
    allowed: str  # who may, tried on a record ready for the change
    refused: tuple[str, ...]
    ready: Callable[[object], Call]  # world → the change, on a record that allows it
    not_now: Callable[[object], Call] | None  # world → the change, on a record that does not


RULES = {
    "case_summary_set": Rule(
        "consulent",
        ("agent", *NOBODY_ELSE),
        lambda w: summary(w, noise(w)),
        lambda w: summary(w, data_removed(resolved(w, noise(w)))),
    ),
    "case_remark": Rule(
        "opbouwwerker",
        NOBODY_ELSE,
        lambda w: remark(w, noise(w)),
        lambda w: remark(w, resolved(w, noise(w))),
    ),
    "case_move_signal": Rule(
        "chair",  # before a lead is agreed; then the lead too (test below)
        ("consulent", "agent", *NOBODY_ELSE),
        lambda w: move(w, two_signals(w), noise(w, 3)),
        lambda w: move(w, two_signals(w), merged(w, noise(w, 3))),
    ),
    "case_merge": Rule(
        "chair",  # before a lead is agreed; then the lead too (test below)
        ("consulent", "agent", *NOBODY_ELSE),
        lambda w: merge(w, noise(w), noise(w, 3)),
        lambda w: merge(w, merged(w, noise(w)), noise(w, 3)),
    ),
    "case_split": Rule(
        "chair",  # before a lead is agreed; then the lead too (test below)
        ("consulent", "agent", *NOBODY_ELSE),
        lambda w: split(w, two_signals(w)),
        lambda w: split(w, two_signals(w), handled=True),
    ),
    "case_status_change": Rule(
        "consulent",
        ("agent", *NOBODY_ELSE),
        lambda w: status(w, led(noise(w))),
        lambda w: status(w, noise(w)),
    ),
    "case_action_create": Rule(
        "agent",
        NOBODY_ELSE,
        lambda w: add_action(w, led(noise(w))),
        lambda w: add_action(w, resolved(w, noise(w))),
    ),
    "case_action_complete": Rule(
        "opbouwwerker",
        ("agent", *NOBODY_ELSE),
        lambda w: complete(w),
        lambda w: complete(w, done=True),
    ),
    "case_note_add": Rule(
        "agent",
        NOBODY_ELSE,
        lambda w: note(w, led(noise(w))),
        lambda w: note(w, resolved(w, noise(w))),
    ),
    "case_document_add": Rule(
        "consulent",
        NOBODY_ELSE,
        lambda w: add_document(w, led(noise(w))),
        lambda w: add_document(w, data_removed(resolved(w, noise(w)))),
    ),
    "case_document_remove": Rule(
        "consulent",
        ("agent", *NOBODY_ELSE),
        lambda w: remove_document(w),
        lambda w: remove_document(w, removed=True),
    ),
    "case_resolve": Rule(
        "consulent",
        ("agent", *NOBODY_ELSE),
        lambda w: resolve(w, led(noise(w))),
        lambda w: resolve(w, noise(w)),
    ),
    "case_close": Rule(
        "consulent",
        ("agent", "reader", "other_team", "outsider", "none"),
        lambda w: close(w, resolved(w, noise(w))),
        lambda w: close(w, led(noise(w))),
    ),
    "case_close by the system": Rule(
        "system",
        (),
        lambda w: close(w, resolved(w, noise(w))),
        lambda w: close(w, noise(w)),
    ),
    "case_reopen": Rule(
        "consulent",
        ("agent", *NOBODY_ELSE),
        lambda w: reopen(w, resolved(w, noise(w))),
        lambda w: reopen(w, data_removed(resolved(w, noise(w)))),
    ),
    "feedback_answer": Rule(
        "consulent",
        ("agent", *NOBODY_ELSE),
        lambda w: answer(w, feedback_of(w, satisfied=False)),
        lambda w: answer(w, feedback_of(w, satisfied=True)),
    ),
    "feedback_give": Rule(
        "system",
        ("consulent", "chair", "none"),
        lambda w: give(w, resolved(w, reported(w))),
        lambda w: give(w, led(reported(w))),
    ),
    "triage_urgent": Rule(
        "consulent",
        NOBODY_ELSE,
        lambda w: urgent(w, noise(w)),
        lambda w: urgent(w, noise(w, is_urgent=True)),
    ),
    "proposal_respond": Rule(
        "agent",
        NOBODY_ELSE,
        lambda w: respond(w, open_proposal(noise(w))),
        lambda w: respond(w, led(noise(w)).proposals.get()),
    ),
    "case_decide": Rule(
        "chair",
        ("consulent", *NOBODY_ELSE),
        lambda w: decide(w, noise(w)),
        lambda w: decide(w, led(noise(w))),
    ),
    # Before its deadline a deadline task does nothing, by design (see the last test).
    "proposal_deadline_pass": Rule(
        "system",
        ("consulent", "chair", "none"),
        lambda w: pass_deadline(w, open_proposal(noise(w))),
        None,
    ),
    "case_place_signal": Rule(
        "system",
        ("none",),
        lambda w: place(w, placed=False),
        lambda w: place(w),
    ),
}


def snapshot() -> dict:
    """Everything a change to a case could touch, stored files included."""
    rows = {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (
            Case,
            CaseSignal,
            Proposal,
            ProposalResponse,
            CaseAction,
            CaseNote,
            CaseDocument,
            Feedback,
        )
    }
    counts = {
        model.__name__: model.objects.count()
        for model in (CaseEvent, SignalEvent, AuditEntry, Notification, OutgoingEmail)
    }
    signals = list(Signal.objects.order_by("pk").values_list("status", flat=True))
    files = sorted(str(path) for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file())
    return rows | counts | {"signals": signals, "files": files}


def refused_without_change(call: Call, actor, *, code: str | None = None) -> DomainError:
    before = snapshot()
    with pytest.raises(DomainError) as refusal:
        call(actor)
    if code is not None:
        assert refusal.value.code == code, refusal.value.message
    assert snapshot() == before
    return refusal.value


ASKED = [(name, who) for name, rule in RULES.items() for who in rule.refused]


@pytest.mark.parametrize(("name", "who"), ASKED)
def test_an_actor_who_may_not_is_refused_and_nothing_changes(world, actors, name, who):
    call = RULES[name].ready(world)
    refused_without_change(call, actors[who], code=NO_ACTOR if who == "none" else FORBIDDEN)


@pytest.mark.parametrize("name", [name for name, rule in RULES.items() if rule.not_now])
def test_a_record_whose_state_does_not_allow_it_is_refused_and_nothing_changes(world, actors, name):
    rule = RULES[name]
    call = rule.not_now(world)
    error = refused_without_change(call, actors[rule.allowed])
    assert error.code not in (FORBIDDEN, NO_ACTOR), error.message


@pytest.mark.parametrize("name", list(RULES))
def test_who_may_makes_the_change_with_its_audit_row(world, actors, name):
    rule = RULES[name]
    call = rule.ready(world)
    audit_rows = AuditEntry.objects.count()
    call(actors[rule.allowed])
    assert AuditEntry.objects.count() > audit_rows


NEEDS_DETAILS = {
    "case_action_create": add_action,
    "case_note_add": note,
    "case_document_add": add_document,
    "case_split": lambda w, case: split(w, (led(case), case.links.last().signal)),
    "case_merge": lambda w, case: merge(w, led(case), noise(w, 5)),
}


@pytest.mark.parametrize("name", list(NEEDS_DETAILS))
def test_a_team_member_who_does_not_see_the_details_is_refused(world, name):
    call = NEEDS_DETAILS[name](world, care_case(world))
    error = refused_without_change(call, world.consulent_a, code=FORBIDDEN)
    assert "inhoud" in error.message
    call(world.opbouwwerker_a)  # Welzijn takes part in the care case: it may


def test_a_deadline_before_its_time_changes_nothing(world):
    proposal = open_proposal(noise(world))
    before = snapshot()
    early = proposal.deadline - timedelta(minutes=1)
    assert pass_deadline(world, proposal, now=early)(SYSTEM) is None
    assert snapshot() == before


def test_a_seat_answers_only_for_its_own_team(world, django_assert_num_queries):
    """A page reads the user's place in the case's team once (``seat_in``); a rule given the
    seat of another team reads the database as it would without one."""
    own = seat_in(world.wijkmanager_a, world.team_a.pk)
    other = seat_in(world.wijkmanager_a, world.team_b.pk)
    coordinator = make_user("coordinator@gemeente.test", world.gemeente, Role.COORDINATOR)
    overseeing = seat_in(coordinator, world.team_b.pk)

    assert (own.member, own.chair) == (True, True)
    assert (other.member, other.chair) == (False, False)
    assert (overseeing.member, overseeing.chair) == (False, True)
    with django_assert_num_queries(0):
        assert may_chair(world.wijkmanager_a, world.team_a, seat=own)
        assert not may_chair(world.wijkmanager_a, world.team_b, seat=other)
    with django_assert_num_queries(1):
        assert not may_chair(world.wijkmanager_a, world.team_b, seat=own)
