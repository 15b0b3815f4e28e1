"""The actions on an initiative's staff page: the stage, the plan, the contributions, the
milestones and the team's internal remarks, and its photos. Each action: input → access
function → one service → back to the page (or the page again, with the form's errors and
everything typed)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wijkteam.core.errors import DomainError
from wijkteam.initiatives.access import initiative_for_user
from wijkteam.initiatives.milestones import milestone_add, milestone_publish
from wijkteam.initiatives.models import InitiativePhoto, Stage
from wijkteam.initiatives.plans import (
    contribution_add,
    contribution_deliver,
    contribution_parties,
    initiative_plan_set,
    team_partner_organisations,
)
from wijkteam.initiatives.remarks import initiative_remark_add
from wijkteam.initiatives.stages import initiative_stage_set
from wijkteam.initiatives.team_forms import (
    ContributionForm,
    DeliverForm,
    MilestoneForm,
    PlanForm,
    RemarkForm,
    StageForm,
)
from wijkteam.initiatives.updates import update_recipients
from wijkteam.initiatives.views.team_page import (
    back_to,
    decided_initiative,
    next_stages,
    render_project,
    worked_initiative,
)
from wijkteam.signals.forms import add_domain_error
from wijkteam.signals.views import photo_response


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
    initiative = decided_initiative(request, reference)
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
    initiative = decided_initiative(request, reference)
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
    initiative = worked_initiative(request, reference)
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
    initiative = worked_initiative(request, reference)
    contribution = initiative.contributions.filter(pk=contribution_id).first()
    if contribution is None:
        raise Http404
    prefix = f"deliver{contribution.pk}"
    form = DeliverForm(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            contribution_deliver(
                actor=request.user,
                contribution=contribution,
                delivered_on=form.cleaned_data["delivered_on"],
            )
        except DomainError as error:
            if error.field not in form.fields:
                # Not about the date (delivered already, or not theirs to mark): said on the
                # page, where the contribution's row shows how it stands.
                messages.error(request, error.message)
                url = reverse("projects:detail", args=[initiative.reference])
                return redirect(f"{url}#bijdragen")
            add_domain_error(form, error)
        else:
            return back_to(initiative, _("De bijdrage staat op geleverd."), request, "bijdragen")
    # A date that cannot be right comes back at its field, as it was typed.
    return render_project(request, initiative, forms={prefix: form}, status=400)


@login_required
@require_POST
def milestone_add_page(request: HttpRequest, reference: str) -> HttpResponse:
    initiative = worked_initiative(request, reference)
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
    initiative = worked_initiative(request, reference)
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
    initiative = worked_initiative(request, reference)
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
