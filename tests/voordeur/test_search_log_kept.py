"""The counted searches are forgotten once the statistics no longer show them."""

from datetime import date, timedelta

from tests.cases.support import local
from wijkteam.voordeur.models import SearchEvent
from wijkteam.voordeur.tasks import next_forgetting_at, searches_forget


def test_searches_older_than_the_kept_days_are_forgotten(db, settings):
    settings.WIJKTEAM_SEARCH_LOG_DAYS = 400
    today = date(2026, 12, 5)
    for days, words in ((401, "oud"), (400, "net nog"), (3, "nieuw")):
        SearchEvent.objects.create(words=words, suggested="", day=today - timedelta(days=days))
    assert searches_forget(today=today) == 1
    assert sorted(SearchEvent.objects.values_list("words", flat=True)) == ["net nog", "nieuw"]
    assert searches_forget(today=today) == 0


def test_the_searches_are_forgotten_at_night():
    assert next_forgetting_at(local(2026, 12, 5, 3, 0)) == local(2026, 12, 5, 4, 0)
    assert next_forgetting_at(local(2026, 12, 5, 4, 0)) == local(2026, 12, 6, 4, 0)
