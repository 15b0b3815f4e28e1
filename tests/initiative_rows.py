"""Residents' initiatives written as rows, in the stage a test needs, for the apps that meet
them (the wijkteamoverleg's agenda, retention). Proposing, confirming and taking an initiative
through its stages are the initiatives app's own tests; here only the result matters."""

from datetime import datetime

from django.utils import timezone

from wijkteam.initiatives.models import (
    ENDED_STAGES,
    Initiative,
    InitiatorKind,
    Stage,
    Supporter,
    WijkCheck,
)
from wijkteam.initiatives.proposals import next_initiative_reference

INITIATOR_NAME = "Ilse Indiener"
INITIATOR_EMAIL = "ilse@bewoner.test"


def initiative_row(
    world,
    *,
    title: str = "Voetbalkooi bij het speelveld",
    stage: str = Stage.TEAM,
    district=None,
    neighbourhood=None,
    confirmed: bool = True,
    hidden: bool = False,
    created_at: datetime | None = None,
    ended_at: datetime | None = None,
    **extra,
) -> Initiative:
    """An initiative in wijk A (buurt Appelhof) unless told otherwise, confirmed, in ``stage``;
    an ended one ended at ``ended_at`` (now by default)."""
    now = timezone.now()
    created_at = created_at or now
    neighbourhood = neighbourhood or (world.buurt_a1 if district is None else None)
    district = district or world.district_a
    if stage in ENDED_STAGES:
        ended_at = ended_at or now
    extra.setdefault("initiator_name", INITIATOR_NAME)
    extra.setdefault("initiator_email", INITIATOR_EMAIL)
    return Initiative.objects.create(
        reference=next_initiative_reference(),
        title=title,
        description="Een plek waar de kinderen veilig kunnen voetballen.",
        initiator_kind=InitiatorKind.RESIDENT,
        show_name=True,
        district=district,
        neighbourhood=neighbourhood,
        street="Appelhof",
        stage=stage,
        created_at=created_at,
        confirmed_at=created_at if confirmed else None,
        stage_changed_at=created_at,
        ended_at=ended_at,
        hidden_at=now if hidden else None,
        hidden_reason="Scheldwoord in de titel" if hidden else "",
        **extra,
    )


def support(
    initiative: Initiative,
    *,
    in_wijk: int = 0,
    outside: int = 0,
    unconfirmed: int = 0,
    created_at: datetime | None = None,
) -> list[Supporter]:
    """Supporters of the initiative: confirmed ones from inside and outside its wijk (with a
    postcode, a house number and an addition), and ones who never confirmed."""
    created_at = created_at or timezone.now()
    rows = []
    kinds = (
        [(WijkCheck.IN_WIJK, True)] * in_wijk
        + [(WijkCheck.OUTSIDE, True)] * outside
        + [(WijkCheck.NOT_GIVEN, False)] * unconfirmed
    )
    start = initiative.supporters.count()
    for number, (check, confirmed) in enumerate(kinds, start=start + 1):
        rows.append(
            Supporter.objects.create(
                initiative=initiative,
                email=f"steun{number}.{initiative.pk}@bewoner.test",
                postcode="3901AB" if check else "",
                house_number=number if check else None,
                house_number_addition="bis" if check else "",
                wijk_check=check,
                comment=f"Goed plan, groet van nummer {number}" if confirmed else "",
                wants_updates=True,
                confirm_token_hash=f"{initiative.pk:x}{number:060x}"[:64],
                confirmed_at=created_at if confirmed else None,
                created_at=created_at,
            )
        )
    return rows
