"""Secrets handed out in links (a reporter's tracking link, a calendar feed): only their hash
is stored, so the database never holds a working link."""

import hashlib


def hash_token(token: str) -> str:
    """The stored form of a secret token."""
    return hashlib.sha256(token.encode()).hexdigest()
