"""Every search counted anonymously: the words, the best answer and what the resident chose.
Never who: no client address, session, account or time of day is stored, and numbers and
email addresses are left out of the words (a house number or a phone number says where or who).
These are statistics, not records of a person, so they have no audit rows."""

from dataclasses import dataclass

from django.core import signing
from django.db.models import Count, F, Q

from wijkteam.voordeur.models import SearchEvent
from wijkteam.voordeur.text import normalise

MAX_WORDS = 12
_SIGN_SALT = "wijkteam.voordeur.search"


def counted_words(query: str) -> str:
    """The words of a query as they are counted: normalised, without numbers or email
    addresses, at most MAX_WORDS."""
    kept = [word for word in query.split() if "@" not in word]
    words = [
        word for word in normalise(" ".join(kept)).split() if not any(c.isdigit() for c in word)
    ]
    return " ".join(words[:MAX_WORDS])[:200]


def search_event_record(*, query: str, suggested: str) -> str:
    """Count a search whose results were shown; returns a signed reference for the links on
    the results, so that the choice is counted with this search ("" when nothing is counted)."""
    words = counted_words(query)
    if not words:
        return ""
    event = SearchEvent.objects.create(words=words, suggested=suggested)
    return signing.dumps(event.pk, salt=_SIGN_SALT)


def search_event_choose(*, query: str, suggested: str, chosen: str, reference: str) -> None:
    """Count the resident's choice: with the search it came from (when that was counted and
    has no choice yet), else as a search of its own (the results came as they typed)."""
    try:
        event_id = (
            signing.loads(reference, salt=_SIGN_SALT, max_age=24 * 3600) if reference else None
        )
    except signing.BadSignature:
        event_id = None
    if event_id is not None and SearchEvent.objects.filter(pk=event_id, chosen="").update(
        chosen=chosen
    ):
        return
    words = counted_words(query)
    if words:
        SearchEvent.objects.create(words=words, suggested=suggested, chosen=chosen)


@dataclass(frozen=True)
class SearchSummary:
    words: str
    searches: int
    without_answer: int
    other_choice: int
    choices: str  # what was chosen instead, most often first


def searches_to_improve(*, since=None, limit: int = 100) -> list[SearchSummary]:
    """The searches that found nothing or were followed by another choice than the best
    answer, per words, most frequent first: where functional admins may add words."""
    events = SearchEvent.objects.all()
    if since is not None:
        events = events.filter(day__gte=since)
    without = Q(suggested="")
    other = ~Q(chosen="") & ~Q(chosen=F("suggested"))
    rows = (
        events.values("words")
        .annotate(
            searches=Count("id"),
            without_answer=Count("id", filter=without),
            other_choice=Count("id", filter=other),
        )
        .filter(Q(without_answer__gt=0) | Q(other_choice__gt=0))
        .order_by("-without_answer", "-other_choice", "-searches", "words")[:limit]
    )
    rows = list(rows)
    chosen: dict[str, dict[str, int]] = {}
    for row in (
        events.filter(other, words__in=[row["words"] for row in rows])
        .values("words", "chosen")
        .annotate(n=Count("id"))
    ):
        chosen.setdefault(row["words"], {})[row["chosen"]] = row["n"]
    return [
        SearchSummary(
            words=row["words"],
            searches=row["searches"],
            without_answer=row["without_answer"],
            other_choice=row["other_choice"],
            choices=", ".join(
                f"{key} ({n})"
                for key, n in sorted(chosen.get(row["words"], {}).items(), key=lambda i: -i[1])
            ),
        )
        for row in rows
    ]
