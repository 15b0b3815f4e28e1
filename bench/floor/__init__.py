"""The floor of bench/intake_load.py: the least a Django site can do for a report.

One view that validates a five-field Django form and does one INSERT into a table of its own
(``floor_report``, created by the bench), behind the same CSRF check and the same post →
redirect → receipt steps as the resident's form, served by the same gunicorn settings from the
same database. What Wijkteam's intake costs on top of this is what the bench reports as the
ratio. It shares no code with Wijkteam.
"""
