"""The session store: Django's database sessions, read on every request with a session cookie
by SQL compiled once per process (core/compiled.py) instead of a query built anew each time
(building it cost about as much as a staff page's other header queries together). What a
session holds, when it expires and how it is written stay Django's."""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.db.models import QuerySet
from django.utils import timezone

from wijkteam.core.compiled import compiled


@compiled(session_key=str)
def _stored_session(session_key: str) -> QuerySet[Session]:
    # Expiry is compared in Python: a compiled query keeps no moment (it would stay the one of
    # its first call).
    return Session.objects.filter(session_key=session_key)


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self) -> Session | None:
        key = self.session_key
        found = _stored_session.one(session_key=key) if isinstance(key, str) else None
        if found is not None and found.expire_date > timezone.now():
            return found
        # As Django's store: an unknown or expired key is forgotten, so a save makes a new one.
        self._session_key = None
        return None
