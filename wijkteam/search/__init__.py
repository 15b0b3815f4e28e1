"""The staff search: one box in the header finds cases and signals by reference number,
address (street and number, postcode; with typing mistakes), the name or email address of who
reported it, and words in descriptions and case summaries.

A hit counts only on what the user may see (DESIGN §6): each kind of match is tied to the
rule that shows that field (signals/visibility.py, cases/visibility.py), so a reporter's name
finds a signal only for its receiving organisation, and a word in a description only for
whoever may read that description. Searching a name never tells that a case exists.

The text matching is the database's: on PostgreSQL full-text search with the ``dutch``
configuration and trigram similarity (``pg_trgm``), on SQLite FTS5; ``matching.py`` is the one
interface over both, and the indexes are in this app's migration."""
