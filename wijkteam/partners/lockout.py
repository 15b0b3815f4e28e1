"""Login lockout with backoff, per account name and per client address.

After LOGIN_FAILURES_PER_ACCOUNT failed logins for one account name (or
LOGIN_FAILURES_PER_ADDRESS from one client address), logging in waits LOGIN_LOCKOUT_MINUTES;
every further failure doubles the wait, up to LOGIN_LOCKOUT_MAX_MINUTES. A successful login
starts both counts over. Names that belong to no account are counted exactly like real ones, so
the lockout never tells whether an account exists. The authentication backend calls these.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.crypto import salted_hmac

from wijkteam.access.audit import audit_record
from wijkteam.partners.actors import SYSTEM
from wijkteam.partners.models import LoginThrottle, ThrottleScope

# Failures this long ago no longer count: a few typos a month apart never add up to a lock.
FORGET_AFTER = timedelta(hours=24)


def _forget_after() -> timedelta:
    return max(FORGET_AFTER, timedelta(minutes=settings.LOGIN_LOCKOUT_MAX_MINUTES))


def throttles_forgotten(now: datetime) -> QuerySet:
    """The rows whose failures no longer count (the nightly run removes them, and every failed
    login the ones it passes)."""
    return LoginThrottle.objects.filter(last_failure_at__lt=now - _forget_after())


def _key(scope: str, value: str) -> str:
    return salted_hmac(f"wijkteam.partners.lockout.{scope}", value).hexdigest()


def _keys(*, email: str, address: str) -> list[tuple[str, str, int]]:
    """(scope, key, limit) for the account name and the client address that are known."""
    keys = []
    name = email.strip().lower()
    if name:
        keys.append(
            (ThrottleScope.ACCOUNT, _key("account", name), settings.LOGIN_FAILURES_PER_ACCOUNT)
        )
    if address:
        keys.append(
            (ThrottleScope.ADDRESS, _key("address", address), settings.LOGIN_FAILURES_PER_ADDRESS)
        )
    return keys


def _matching(keys: list[tuple[str, str, int]]) -> Q:
    condition = Q(pk__in=[])
    for scope, key, _limit in keys:
        condition |= Q(scope=scope, key=key)
    return condition


def login_locked_until(*, email: str, address: str) -> datetime | None:
    """When logging in with this account name from this address may be tried again; None when
    it may be tried now."""
    keys = _keys(email=email, address=address)
    if not keys:
        return None
    return LoginThrottle.objects.filter(_matching(keys), locked_until__gt=timezone.now()).aggregate(
        until=Max("locked_until")
    )["until"]


def lock_minutes(*, failures: int, limit: int) -> int:
    """The wait after the ``failures``-th failure: none below the limit, then the base wait,
    doubled for each failure past the limit, never more than the maximum."""
    if failures < limit:
        return 0
    doublings = min(failures - limit, 16)  # 2**16 minutes is far past any sensible maximum
    return min(settings.LOGIN_LOCKOUT_MINUTES * 2**doublings, settings.LOGIN_LOCKOUT_MAX_MINUTES)


@transaction.atomic
def login_failure_record(*, email: str, address: str) -> datetime | None:
    """Count a failed login for the account name and the client address; lock either once it
    reaches its limit (audited). Returns when logging in may be tried again, if locked."""
    now = timezone.now()
    # Keep the table small: what is forgotten anyway need not be stored.
    throttles_forgotten(now).delete()
    for scope, key, limit in _keys(email=email, address=address):
        try:
            with transaction.atomic():
                LoginThrottle.objects.get_or_create(
                    scope=scope, key=key, defaults={"last_failure_at": now}
                )
        except IntegrityError:
            pass  # created by a concurrent request
        throttle = LoginThrottle.objects.select_for_update().get(scope=scope, key=key)
        throttle.failures += 1
        throttle.last_failure_at = now
        minutes = lock_minutes(failures=throttle.failures, limit=limit)
        if minutes:
            throttle.locked_until = now + timedelta(minutes=minutes)
            audit_record(
                # Nobody is logged in yet: the system locks the name or the address.
                actor=SYSTEM,
                action="login_locked",
                instance=throttle,
                changes={
                    "failures": throttle.failures,
                    "locked_until": throttle.locked_until.isoformat(),
                },
            )
        throttle.save(update_fields=["failures", "last_failure_at", "locked_until"])
    return login_locked_until(email=email, address=address)


@transaction.atomic
def login_success_record(*, email: str, address: str) -> None:
    """A correct password: the account name and the address start with a clean slate."""
    keys = _keys(email=email, address=address)
    if keys:
        LoginThrottle.objects.filter(_matching(keys)).delete()
