"""What the audit trail keeps of a text a person wrote: its length and a short digest, never
the text. The append-only trail is out of reach of retention and erasure, so a name typed into
a plan or a remark must not end up there; the digest still shows whether two versions differ."""

import hashlib


def text_facts(text: str) -> dict[str, int | str]:
    return {"length": len(text), "sha256": hashlib.sha256(text.encode()).hexdigest()[:16]}
