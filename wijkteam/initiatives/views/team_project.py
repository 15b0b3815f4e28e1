"""One initiative's page for its wijkteam, and the forms on it: the stage, the plan, the
contributions, the milestones and the team's internal remarks. Each action: input → access
function → one service → back to the page (or the page again, with the form's errors and
everything typed)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wijkteam.core.errors import DomainError
from wijkteam.core.paging import page_number, page_of
from wijkteam.initiatives.access import (
    initiative_for_user,
    may_decide,
    may_work_on,
    sees_initiator,
    team_of,
)
from wijkteam.initiatives.milestones import MILESTONE_STAGES, milestone_add, milestone_publish
from wijkteam.initiatives.models import (
    STAGE_TRANSITIONS,
    ContributionStatus,
    Initiative,
    InitiativePhoto,
    Stage,
)
from wijkteam.initiatives.plans import (
    CONTRIBUTION_STAGES,
    PLAN_STAGES,
    contribution_add,
    contribution_deliver,
    contribution_parties,
    initiative_plan_set,
    record_right,
    team_partner_organisations,
)
from wijkteam.initiatives.remarks import initiative_remark_add
from wijkteam.initiatives.stages import initiative_stage_set
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
from wijkteam.initiatives.updates import update_recipients
from wijkteam.signals.forms import add_domain_error
from wijkteam.signals.views import photo_response

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
        "deliverable": {
            contribution.pk
            for contribution in contributions
            if contribution.status == ContributionStatus.PROMISED
            and right.allows(contribution.organisation_id)
        },
        "milestones_open": works and initiative.stage in MILESTONE_STAGES,
        "may_publish": works and initiative.stage in MILESTONE_STAGES and initiative.is_public,
        "forms_with_errors": [form for form in forms.values() if form.errors],
    }
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
            forms.get(f"hide{supporter.pk}") or ReasonForm(prefix=f"hide{supporter.pk}")
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


def _decided(request: HttpRequest, reference: str) -> Initiative:
    initiative = initiative_for_user(request.user, reference)
    if not may_decide(request.user, initiative):
        raise PermissionDenied
    return initiative


def _worked(request: HttpRequest, reference: str) -> Initiative:
    initiative = initiative_for_user(request.user, reference)
    if not may_work_on(request.user, initiative):
        raise PermissionDenied
    return initiative


@login_required
@require_GET
def project_detail(request: HttpRequest, reference: str) -> HttpResponse:
    initiative = initiative_for_user(request.user, reference)
    return render_project(request, initiative)


@login_required
@require_POST
def stage_page(request: HttpRequest, reference: str) -> HttpResponse:
    """The next stage. *Niet doorgegaan* is asked once more on a page of its own, with the
    public reason shown (and still editable) before anything changes."""
    initiative = _decided(request, reference)
    form = StageForm(request.POST, prefix="stage", next_stages=next_stages(initiative))
    if form.is_valid():
        stage, message = form.cleaned_data["stage"], form.cleaned_data["message"]
        if stage == Stage.STOPPED and message.strip() and not form.cleaned_data["bevestigd"]:
            confirm = StageForm(
                prefix="stage",
                next_stages=[Stage.STOPPED],
                initial={"stage": stage, "message": message, "bevestigd": True},
            )
            return render(
                request,
                "initiatives/team/stage_confirm.html",
                {"initiative": initiative, "form": confirm},
            )
        try:
            initiative_stage_set(
                actor=request.user, initiative=initiative, stage=stage, message=message
            )
        except DomainError as error:
            add_domain_error(form, error, fallback="stage")
        else:
            return back_to(
                initiative,
                _("Het initiatief staat nu op '%(stage)s'.") % {"stage": Stage(stage).label},
                request,
                "fase",
            )
    return render_project(request, initiative, forms={"stage": form}, status=400)


@login_required
@require_POST
def plan_page(request: HttpRequest, reference: str) -> HttpResponse:
    initiative = _decided(request, reference)
    form = PlanForm(request.POST, prefix="plan")
    if form.is_valid():
        try:
            initiative_plan_set(
                actor=request.user, initiative=initiative, plan=form.cleaned_data["plan"]
            )
        except DomainError as error:
            add_domain_error(form, error, fallback="plan")
        else:
            return back_to(initiative, _("Het plan is opgeslagen."), request, "plan")
    return render_project(request, initiative, forms={"plan": form}, status=400)


@login_required
@require_POST
def contribution_add_page(request: HttpRequest, reference: str) -> HttpResponse:
    initiative = _worked(request, reference)
    form = ContributionForm(
        request.POST,
        prefix="contribution",
        parties=contribution_parties(request.user, initiative),
        partners=list(team_partner_organisations(initiative)),
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            contribution_add(
                actor=request.user,
                initiative=initiative,
                organisation=data["organisation"],
                kind=data["kind"],
                amount=data["amount"],
                description=data["description"],
                promised_on=data["promised_on"],
            )
        except DomainError as error:
            add_domain_error(form, error, fallback="organisation")
        else:
            return back_to(initiative, _("De bijdrage is vastgelegd."), request, "bijdragen")
    return render_project(request, initiative, forms={"contribution": form}, status=400)


@login_required
@require_POST
def contribution_deliver_page(
    request: HttpRequest, reference: str, contribution_id: int
) -> HttpResponse:
    initiative = _worked(request, reference)
    contribution = initiative.contributions.filter(pk=contribution_id).first()
    if contribution is None:
        raise Http404
    form = DeliverForm(request.POST, prefix=f"deliver{contribution.pk}")
    if form.is_valid():
        try:
            contribution_deliver(
                actor=request.user,
                contribution=contribution,
                delivered_on=form.cleaned_data["delivered_on"],
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            return back_to(initiative, _("De bijdrage staat op geleverd."), request, "bijdragen")
    else:
        messages.error(request, _("Vul een geldige datum in, of laat de datum leeg voor vandaag."))
    url = reverse("projects:detail", args=[initiative.reference])
    return redirect(f"{url}#bijdragen")


@login_required
@require_POST
def milestone_add_page(request: HttpRequest, reference: str) -> HttpResponse:
    initiative = _worked(request, reference)
    form = MilestoneForm(request.POST, request.FILES, prefix="milestone")
    if form.is_valid():
        data = form.cleaned_data
        try:
            milestone_add(
                actor=request.user,
                initiative=initiative,
                title=data["title"],
                happened_on=data["happened_on"],
                description=data["description"],
                photos=data["photos"],
            )
        except DomainError as error:
            add_domain_error(form, error, fallback="title")
        else:
            return back_to(
                initiative,
                _("De mijlpaal is vastgelegd. Publiceer hem als bericht wanneer u wilt."),
                request,
                "mijlpalen",
            )
    return render_project(request, initiative, forms={"milestone": form}, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def milestone_publish_page(request: HttpRequest, reference: str, milestone_id: int) -> HttpResponse:
    """Asks first (it emails residents): nothing is published before the button here."""
    initiative = _worked(request, reference)
    milestone = initiative.milestones.filter(pk=milestone_id).first()
    if milestone is None:
        raise Http404
    error = None
    if request.method == "POST":
        try:
            milestone_publish(actor=request.user, milestone=milestone)
        except DomainError as refused:
            error = refused.message
        else:
            return back_to(
                initiative,
                _(
                    "De mijlpaal is gepubliceerd; de bewoners die om berichten vroegen krijgen "
                    "hem per e-mail."
                ),
                request,
                "mijlpalen",
            )
    return render(
        request,
        "initiatives/team/milestone_publish.html",
        {
            "initiative": initiative,
            "milestone": milestone,
            "recipients": len(update_recipients(initiative)) if initiative.is_public else 0,
            "error": error,
        },
        status=400 if error else 200,
    )


@login_required
@require_POST
def remark_add_page(request: HttpRequest, reference: str) -> HttpResponse:
    initiative = _worked(request, reference)
    form = RemarkForm(request.POST, prefix="remark")
    if form.is_valid():
        try:
            initiative_remark_add(
                actor=request.user, initiative=initiative, text=form.cleaned_data["text"]
            )
        except DomainError as error:
            add_domain_error(form, error, fallback="text")
        else:
            return back_to(initiative, _("De opmerking is geplaatst."), request, "opmerkingen")
    return render_project(request, initiative, forms={"remark": form}, status=400)


@login_required
@require_GET
def photo(request: HttpRequest, reference: str, photo_id: int) -> HttpResponse:
    """A photo of the idea or of a milestone, for who sees the initiative's staff page."""
    initiative = initiative_for_user(request.user, reference)
    found = InitiativePhoto.objects.filter(pk=photo_id, initiative=initiative).first()
    if found is None:
        raise Http404
    return photo_response(photo=found, reference=initiative.reference)
