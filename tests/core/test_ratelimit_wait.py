"""How long a client waits past a limit (Retry-After): until enough of its counted requests
have left the sliding window for one more to fit."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from wijkteam.core.ratelimit import rate_limit_allows, rate_limit_record, rate_limit_wait

HOUR = 3600


def test_the_wait_is_until_the_request_in_the_way_leaves_the_window(db):
    start = timezone.now()
    for minutes in (0, 10, 20):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            rate_limit_record(client="c", scope="s", window_seconds=HOUR)

    with time_machine.travel(start + timedelta(minutes=30), tick=False):
        # Three in the window and a limit of two: one more fits once only one is left, when
        # the second oldest leaves, at minute 70.
        assert rate_limit_wait(scope="s", client="c", limit=2, window_seconds=HOUR) == 40 * 60 + 1
        # A limit of one: once none is left, at minute 80.
        assert rate_limit_wait(scope="s", client="c", limit=1, window_seconds=HOUR) == 50 * 60 + 1
        assert rate_limit_wait(scope="s", client="c", limit=4, window_seconds=HOUR) == 0
        assert rate_limit_wait(scope="s", client="other", limit=1, window_seconds=HOUR) == 0
    with time_machine.travel(start + timedelta(minutes=70, seconds=2), tick=False):
        assert rate_limit_wait(scope="s", client="c", limit=2, window_seconds=HOUR) == 0
        assert rate_limit_allows(scope="s", client="c", limit=2, window_seconds=HOUR)
