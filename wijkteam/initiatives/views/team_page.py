"""An initiative's staff page: what the viewer may see of it, with a fresh form for each thing
they may do now (or the form that came back with its errors), and the helpers its actions
share."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from wijkteam.core.paging import page_number, page_of
from wijkteam.initiatives.access import (
    initiative_for_user,
    may_decide,
    may_work_on,
    sees_initiator,
    team_of,
)
from wijkteam.initiatives.milestones import MILESTONE_STAGES
from wijkteam.initiatives.models import (
    STAGE_TRANSITIONS,
    ContributionStatus,
    Initiative,
    Stage,
)
from wijkteam.initiatives.plans import (
    CONTRIBUTION_STAGES,
    PLAN_STAGES,
    contribution_parties,
    record_right,
    team_partner_organisations,
)
from wijkteam.initiatives.team_forms import (
    ContributionForm,
    DeliverForm,
    MilestoneForm,
    PlanForm,
    ReasonForm,
    RemarkForm,
    StageForm,
    TextEditForm,
)
from wijkteam.initiatives.team_reads import (
    contributions_of,
    idea_photos,
    milestones_of,
    remarks_of,
    support_comments,
    support_figures,
)

COMMENTS_PER_PAGE = 20


def next_stages(initiative: Initiative) -> list[str]:
    """The stages the table allows from here, in the order of the stages."""
    allowed = STAGE_TRANSITIONS[initiative.stage]
    return [stage for stage in Stage.values if stage in allowed]


def render_project(
    request: HttpRequest, initiative: Initiative, *, forms: dict | None = None, status: int = 200
) -> HttpResponse:
    """The page, with a fresh form for each thing this user may do now, or the bound form
    that came back with errors."""
    user = request.user
    forms = forms or {}
    decides = may_decide(user, initiative)
    works = may_work_on(user, initiative)
    contributions = contributions_of(initiative)
    right = record_right(user, initiative)
    milestones = milestones_of(initiative)
    comments = page_of(
        support_comments(initiative),
        page_number(request.GET.get("reacties")),
        size=COMMENTS_PER_PAGE,
    )
    context = {
        "initiative": initiative,
        "team": team_of(initiative),
        "district": initiative.district,
        "sees_initiator": sees_initiator(user, initiative),
        "may_decide": decides,
        "may_work": works,
        "support": support_figures(initiative),
        "comments": comments,
        "photos": idea_photos(initiative),
        "milestones": milestones,
        "contributions": contributions,
        # The team's own remarks: for everyone on the team (read-only members too).
        "remarks": remarks_of(initiative),
        "updates": list(initiative.updates.order_by("at", "id")),
        # Each contribution with the form that marks it delivered, for who may (while it is
        # promised), or the form that came back with its error.
        "contribution_rows": [
            (
                contribution,
                forms.get(f"deliver{contribution.pk}")
                or DeliverForm(prefix=f"deliver{contribution.pk}")
                if contribution.status == ContributionStatus.PROMISED
                and right.allows(contribution.organisation_id)
                else None,
            )
            for contribution in contributions
        ],
        "milestones_open": works and initiative.stage in MILESTONE_STAGES,
        "may_publish": works and initiative.stage in MILESTONE_STAGES and initiative.is_public,
        "forms_with_errors": [form for form in forms.values() if form.errors],
    }
    context["deliverable"] = any(form is not None for _row, form in context["contribution_rows"])
    if decides and next_stages(initiative):
        context["stage_form"] = forms.get("stage") or StageForm(
            prefix="stage", next_stages=next_stages(initiative)
        )
    if decides and initiative.stage in PLAN_STAGES:
        context["plan_form"] = forms.get("plan") or PlanForm(
            prefix="plan", initial={"plan": initiative.plan}
        )
    if works and initiative.stage in CONTRIBUTION_STAGES:
        parties = contribution_parties(user, initiative)
        if parties.organisations or parties.residents:
            context["contribution_form"] = forms.get("contribution") or ContributionForm(
                prefix="contribution",
                parties=parties,
                partners=list(team_partner_organisations(initiative)),
                initial={
                    "organisation": str(user.organisation_id)
                    if any(o.pk == user.organisation_id for o in parties.organisations)
                    else None
                },
            )
    if context["milestones_open"]:
        context["milestone_form"] = forms.get("milestone") or MilestoneForm(prefix="milestone")
    if works:
        context["remark_form"] = forms.get("remark") or RemarkForm(prefix="remark")
    if decides:
        hidden = initiative.hidden_at is not None
        context["visibility_form"] = forms.get("visibility") or ReasonForm(
            prefix="visibility", required=not hidden
        )
        context["text_form"] = forms.get("text") or TextEditForm(
            prefix="text",
            initial={
                "title": initiative.title,
                "description": initiative.description,
                "own_contribution": initiative.own_contribution,
            },
        )
    # Each comment with the form that hides it, for who may (and while it shows).
    context["comment_rows"] = [
        (
            supporter,
            forms.get(f"hide{supporter.pk}")
            or ReasonForm(prefix=f"hide{supporter.pk}", for_supporter=True)
            if decides and supporter.comment_hidden_at is None
            else None,
        )
        for supporter in comments.rows
    ]
    return render(request, "initiatives/team/detail.html", context, status=status)


def back_to(
    initiative: Initiative, text: str, request: HttpRequest, anchor: str = ""
) -> HttpResponse:
    messages.success(request, text)
    url = reverse("projects:detail", args=[initiative.reference])
    return redirect(f"{url}#{anchor}" if anchor else url)


def decided_initiative(request: HttpRequest, reference: str) -> Initiative:
    initiative = initiative_for_user(request.user, reference)
    if not may_decide(request.user, initiative):
        raise PermissionDenied
    return initiative


def worked_initiative(request: HttpRequest, reference: str) -> Initiative:
    initiative = initiative_for_user(request.user, reference)
    if not may_work_on(request.user, initiative):
        raise PermissionDenied
    return initiative
