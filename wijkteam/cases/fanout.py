"""Telling the partners about a case event after it committed: the event's transaction queues
one background task (a row, committed with the event or not at all), and the worker turns it
into a notification, and an email for who wants one at once, for every member to tell. The
intake's transaction writes one row for that instead of two per member.

The task may run twice (a worker killed halfway runs it again): its key makes the second run
do nothing (``notify_users``)."""

from uuid import uuid4

from django_tasks import task

from wijkteam.cases.access import chairs_to_notify, members_to_notify
from wijkteam.core.followups import follow_up
from wijkteam.notifications.services import notifications_are_muted, notify_users


def notify_later(
    *,
    team_id: int,
    organisation_ids: set[int] | None = None,
    chairs: bool = False,
    subject: str,
    body: str = "",
    link: str = "",
    except_user_id: int | None = None,
) -> None:
    """Queue the notification of the team members of these organisations (or the team's chairs)
    in the caller's transaction. Build the texts inside ``in_default_language()``."""
    if notifications_are_muted():
        return
    follow_up(
        case_fanout,
        key=uuid4().hex,
        team_id=team_id,
        organisation_ids=sorted(organisation_ids or ()),
        chairs=chairs,
        subject=subject,
        body=body,
        link=link,
        except_user_id=except_user_id,
    )


@task()
def case_fanout(
    *,
    key: str,
    team_id: int,
    organisation_ids: list[int],
    chairs: bool,
    subject: str,
    body: str,
    link: str,
    except_user_id: int | None,
) -> int:
    if chairs:
        users = chairs_to_notify(team_id)
    else:
        users = members_to_notify(team_id, set(organisation_ids))
    if except_user_id is not None:
        users = users.exclude(pk=except_user_id)
    return notify_users(users=users, subject=subject, body=body, link=link, fanout_key=key)
