"""Keys given to systems outside Wijkteam (an API client's key, an Open311 app's key): shown
once when made, kept only as a hash, found again by a public prefix.

A key reads ``wt_<prefix>_<secret>``: the prefix (not secret) finds the row with an index,
the secret (256 random bits) is compared with the stored hash in constant time. A fast hash
is enough for a random secret of that length; a password hash would only make every call slow.
"""

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

PREFIX_LENGTH = 12
_KEY = re.compile(rf"wt_([A-Za-z0-9]{{{PREFIX_LENGTH}}})_([A-Za-z0-9_-]{{20,100}})")
_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


@dataclass(frozen=True)
class NewKey:
    key: str  # to show once, never kept
    prefix: str  # kept, to find the row
    hashed: str  # kept, to check the secret


def key_new() -> NewKey:
    prefix = "".join(secrets.choice(_ALPHABET) for _ in range(PREFIX_LENGTH))
    secret = secrets.token_urlsafe(32)
    return NewKey(key=f"wt_{prefix}_{secret}", prefix=prefix, hashed=key_hash(secret))


def key_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def key_parts(given: str) -> tuple[str, str] | None:
    """The prefix and secret of a key as given, or None when it cannot be one of ours."""
    match = _KEY.fullmatch(given.strip()) if isinstance(given, str) else None
    return (match.group(1), match.group(2)) if match else None


def key_matches(secret: str, hashed: str) -> bool:
    return hmac.compare_digest(key_hash(secret), hashed)
