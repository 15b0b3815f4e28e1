"""Settings of the background worker's leases on running tasks (wijkteam/core/lease.py) and of
what the nightly run removes (wijkteam/privacy/retention/housekeeping.py; README "What the
nightly run removes"). Imported by settings.py; values come from the environment like the
rest."""

import os

from wijkteam.settings_env import env_int_between

# Retention (DESIGN §6): months after a case is closed that its personal data is kept, for the
# categories that do not set their own period. The background worker removes it every night.
WIJKTEAM_RETENTION_MONTHS = env_int_between("WIJKTEAM_RETENTION_MONTHS", 12, 1, 120)
# Months after a residents' initiative ended (realised or not) that its initiator's name and
# email and its supporters' contact details are kept; None (not set): WIJKTEAM_RETENTION_MONTHS.
WIJKTEAM_INITIATIVE_RETENTION_MONTHS = (
    env_int_between("WIJKTEAM_INITIATIVE_RETENTION_MONTHS", 0, 1, 120)
    if os.environ.get("WIJKTEAM_INITIATIVE_RETENTION_MONTHS")
    else None
)
# Photos a resident uploaded with a report form that came back for a correction are kept this
# many hours for the resident to send it again; the nightly run removes what nobody sent.
WIJKTEAM_PENDING_UPLOAD_HOURS = env_int_between("WIJKTEAM_PENDING_UPLOAD_HOURS", 24, 1, 720)

# A task whose worker stopped beating this many seconds ago (the worker was killed) is run again
# by another worker (core/lease.py); a live worker beats every quarter of it, also during a long
# task. A task lost this many times is given up (failed, with WorkerLost as its error).
WIJKTEAM_TASK_LEASE_SECONDS = env_int_between("WIJKTEAM_TASK_LEASE_SECONDS", 300, 4, 86400)
WIJKTEAM_TASK_MAX_ATTEMPTS = env_int_between("WIJKTEAM_TASK_MAX_ATTEMPTS", 3, 1, 20)
# How often a worker looks for tasks lost with a dead worker (a worker duty, core/duties.py).
TASK_RECLAIM_INTERVAL_SECONDS = max(1.0, min(60.0, WIJKTEAM_TASK_LEASE_SECONDS / 2))
# The failure handling of the tasks that record their own failure, by task path: the function
# the task runs when it fails (called with the task's arguments and error=), which giving the
# task up runs too, so that what it was doing is not shown as running for ever.
TASK_FAILURE_HANDLERS = {
    "wijkteam.intake.arrears.tasks.run_arrears_import": (
        "wijkteam.intake.arrears.tasks.run_arrears_import_failed"
    ),
    # An email being sent becomes "mogelijk verzonden", one not reached yet is not left queued
    # without a task.
    "wijkteam.notifications.tasks.deliver_email": (
        "wijkteam.notifications.tasks.deliver_email_failed"
    ),
    "wijkteam.notifications.tasks.deliver_emails": (
        "wijkteam.notifications.tasks.deliver_emails_failed"
    ),
}

# What the nightly run removes (privacy/retention/housekeeping.py; README "What the nightly run
# removes"), in days: finished background task results (failed ones stay longer, for whoever
# looks into them), sent or failed emails of the outbox (who, subject, when), notifications read
# or not, the privacy officer's requests of persons counted from their last step, and the
# access log of views of protected records.
WIJKTEAM_TASK_RESULTS_DAYS = env_int_between("WIJKTEAM_TASK_RESULTS_DAYS", 14, 1, 3650)
WIJKTEAM_FAILED_TASK_RESULTS_DAYS = env_int_between(
    "WIJKTEAM_FAILED_TASK_RESULTS_DAYS", 90, 1, 3650
)
WIJKTEAM_OUTBOX_DAYS = env_int_between("WIJKTEAM_OUTBOX_DAYS", 365, 30, 3650)
WIJKTEAM_NOTIFICATION_DAYS = env_int_between("WIJKTEAM_NOTIFICATION_DAYS", 365, 30, 3650)
WIJKTEAM_PERSON_REQUEST_DAYS = env_int_between("WIJKTEAM_PERSON_REQUEST_DAYS", 730, 365, 3650)
WIJKTEAM_ACCESS_LOG_DAYS = env_int_between("WIJKTEAM_ACCESS_LOG_DAYS", 1825, 365, 3650)
