"""Webhooks: a partner system hears of its organisation's events (notifications/events.py),
signed, after commit, retried and replayable in Beheer."""
