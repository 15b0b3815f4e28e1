"""Webhooks in Beheer: subscriptions (made, changed, switched on and off through the audited
services; the secret shown once), and the deliveries with their attempts, read-only, with
"Opnieuw versturen"."""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from wijkteam.access.admin import AuditedModelAdmin
from wijkteam.core.admin import ReadOnlyAdmin
from wijkteam.notifications.events import EventType
from wijkteam.webhooks.models import Delivery, DeliveryAttempt, Subscription
from wijkteam.webhooks.outbound import url_problem
from wijkteam.webhooks.services import (
    delivery_replay,
    subscription_create,
    subscription_delete,
    subscription_secret_renew,
    subscription_switch_off,
    subscription_switch_on,
    subscription_update,
)
from wijkteam.webhooks.signing import secret_problem

# The secret made or entered on this request, for the page that shows it once.
SHOWN_ONCE = "_wijkteam_webhook_shown_once"


class SubscriptionForm(forms.ModelForm):
    url = forms.URLField(
        label=_("adres (URL)"),
        max_length=500,
        assume_scheme="https",
        help_text=_("Waar het systeem van de partner de berichten ontvangt (https://...)."),
    )
    event_types = forms.MultipleChoiceField(
        label=_("gebeurtenissen"),
        choices=EventType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    given_secret = forms.CharField(
        label=_("geheim"),
        required=False,
        max_length=200,
        strip=True,
        help_text=_(
            "Leeg: Wijkteam maakt een geheim en toont het één keer. Of vul het geheim in dat "
            "het systeem van de partner al heeft (whsec_ gevolgd door base64)."
        ),
    )
    renew_secret = forms.BooleanField(
        label=_("nieuw geheim maken"),
        required=False,
        help_text=_(
            "Het oude geheim werkt dan meteen niet meer; het nieuwe wordt één keer getoond."
        ),
    )

    class Meta:
        model = Subscription
        fields = ["organisation", "name", "url", "event_types", "active"]

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        if (problem := url_problem(url)) is not None:
            raise forms.ValidationError(problem)
        return url

    def clean_given_secret(self) -> str:
        secret = self.cleaned_data["given_secret"]
        if secret and (problem := secret_problem(secret)) is not None:
            raise forms.ValidationError(problem)
        return secret


@admin.register(Subscription)
class SubscriptionAdmin(AuditedModelAdmin):
    """Every change goes through the webhooks' own audited services (services.py), which keep
    the secret out of the audit trail."""

    form = SubscriptionForm
    list_display = [
        "name",
        "organisation",
        "url",
        "active",
        "failure_streak",
        "disabled_at",
        "last_success_at",
    ]
    list_filter = ["active", "organisation"]
    list_select_related = ["organisation"]
    search_fields = ["name", "url", "organisation__name"]
    actions = ["switch_on", "switch_off"]
    readonly_fields = [
        "organisation",
        "failure_streak",
        "disabled_at",
        "disabled_reason",
        "last_success_at",
        "created_at",
        "created_by",
        "deliveries_link",
    ]

    @admin.display(description=_("berichten"))
    def deliveries_link(self, subscription: Subscription) -> str:
        if subscription.pk is None:
            return "–"
        url = reverse("admin:webhooks_delivery_changelist")
        return format_html(
            '<a href="{}?subscription__id__exact={}">{}</a>',
            url,
            subscription.pk,
            gettext("Berichten van dit abonnement"),
        )

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["organisation", "name", "url", "event_types", "given_secret"]
        return [
            "organisation",
            "name",
            "url",
            "event_types",
            "active",
            "renew_secret",
            "failure_streak",
            "disabled_at",
            "disabled_reason",
            "last_success_at",
            "created_at",
            "created_by",
            "deliveries_link",
        ]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            subscription, secret = subscription_create(
                actor=request.user,
                organisation=data["organisation"],
                name=data["name"],
                url=data["url"],
                event_types=data["event_types"],
                secret=data.get("given_secret", ""),
            )
            obj.pk = subscription.pk
            # An entered secret is the partner's own: it is not shown back.
            if not data.get("given_secret"):
                setattr(request, SHOWN_ONCE, secret)
            return
        subscription_update(
            actor=request.user,
            subscription=obj,
            name=data["name"],
            url=data["url"],
            event_types=data["event_types"],
        )
        if "active" in form.changed_data:
            if data["active"]:
                subscription_switch_on(actor=request.user, subscription=obj)
            else:
                subscription_switch_off(
                    actor=request.user,
                    subscription=obj,
                    reason=gettext("Uitgezet door %(name)s.") % {"name": request.user.full_name},
                )
        if data.get("renew_secret"):
            setattr(
                request,
                SHOWN_ONCE,
                subscription_secret_renew(actor=request.user, subscription=obj),
            )
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        pass  # no relations beyond what the services saved

    def _secret_page(self, request, obj):
        response = TemplateResponse(
            request,
            "admin/webhooks/subscription/secret.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("Geheim van het webhook-abonnement"),
                "opts": self.opts,
                "original": obj,
                "secret": getattr(request, SHOWN_ONCE),
            },
        )
        response["Cache-Control"] = "no-store"
        return response

    def response_add(self, request, obj, post_url_continue=None):
        if getattr(request, SHOWN_ONCE, None):
            return self._secret_page(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if getattr(request, SHOWN_ONCE, None):
            return self._secret_page(request, obj)
        return super().response_change(request, obj)

    def get_deleted_objects(self, objs, request):
        deleted, counts, needed, protected = super().get_deleted_objects(objs, request)
        # Its deliveries and their attempts belong to the subscription and go with it, though
        # nobody removes one by itself.
        own = {str(Delivery._meta.verbose_name), str(DeliveryAttempt._meta.verbose_name)}
        return deleted, counts, {name for name in needed if str(name) not in own}, protected

    def delete_model(self, request, obj):
        subscription_delete(actor=request.user, subscription=obj)

    def delete_queryset(self, request, queryset):
        for subscription in queryset:
            subscription_delete(actor=request.user, subscription=subscription)

    @admin.action(description=_("Aanzetten"), permissions=["change"])
    def switch_on(self, request, queryset):
        for subscription in queryset:
            subscription_switch_on(actor=request.user, subscription=subscription)
        self.message_user(request, gettext("De gekozen abonnementen staan aan."), messages.SUCCESS)

    @admin.action(description=_("Uitzetten"), permissions=["change"])
    def switch_off(self, request, queryset):
        reason = gettext("Uitgezet door %(name)s.") % {"name": request.user.full_name}
        for subscription in queryset:
            subscription_switch_off(actor=request.user, subscription=subscription, reason=reason)
        self.message_user(request, gettext("De gekozen abonnementen staan uit."), messages.SUCCESS)


class AttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    fields = ["at", "status_code", "error", "response_excerpt", "duration_ms", "replay"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "subscription",
        "event_type",
        "state",
        "attempts",
        "next_attempt_at",
        "delivered_at",
    ]
    list_filter = ["state", "event_type", "subscription"]
    list_select_related = ["subscription__organisation"]
    search_fields = ["message_id", "event_key"]
    date_hierarchy = "created_at"
    fields = [
        "subscription",
        "message_id",
        "event_type",
        "event_key",
        "state",
        "attempts",
        "next_attempt_at",
        "created_at",
        "delivered_at",
        "payload_shown",
    ]
    readonly_fields = fields
    inlines = [AttemptInline]
    actions = ["replay"]

    @admin.display(description=_("over"))
    def payload_shown(self, delivery: Delivery) -> str:
        """What the delivery is about, by reference only. The rest of the payload (category,
        buurt, status, lead) is for the organisation it went to, which may know the record; a
        functional admin may not (a confidential signal is known to its own organisation only),
        so Beheer does not show it, as the outbox shows no email's body."""
        data = delivery.payload.get("data", {}) if isinstance(delivery.payload, dict) else {}
        references = [
            f"{label} {data[key]['reference']}"
            for key, label in (("signal", gettext("melding")), ("case", gettext("casus")))
            if isinstance(data.get(key), dict) and "reference" in data[key]
        ]
        return ", ".join(references) or "–"

    # The deliveries are read-only; sending them again is the one thing admins can do.
    def has_replay_permission(self, request) -> bool:
        return self.has_view_permission(request)

    @admin.action(description=_("Opnieuw versturen"), permissions=["replay"])
    def replay(self, request, queryset):
        count = delivery_replay(
            actor=request.user, delivery_ids=queryset.values_list("pk", flat=True)
        )
        self.message_user(
            request,
            ngettext(
                "%(count)s bericht wordt opnieuw verstuurd",
                "%(count)s berichten worden opnieuw verstuurd",
                count,
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )
