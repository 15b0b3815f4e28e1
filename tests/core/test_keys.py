"""Keys for systems: shown once, kept as a hash, found by their prefix."""

from wijkteam.core.keys import key_matches, key_new, key_parts


def test_a_new_key_is_found_by_its_prefix_and_checked_by_its_hash():
    new = key_new()
    prefix, secret = key_parts(new.key)
    assert prefix == new.prefix
    assert secret not in new.hashed and new.key not in new.hashed
    assert key_matches(secret, new.hashed)
    assert not key_matches(secret + "x", new.hashed)
    assert key_new().key != new.key


def test_anything_else_is_no_key():
    for given in ("", "wt_", "Bearer x", "wt_short_secret", None, 42, "wt_" + "a" * 12 + "_é" * 30):
        assert key_parts(given) is None
