"""Beheer (the Django admin): what a functional admin may do with each model, the records the
matrix asks about there, and the forms it sends (the admin's own forms, read from its pages and
sent back changed, as a person would)."""

from dataclasses import replace
from datetime import timedelta
from html.parser import HTMLParser

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult

from tests.factories import (
    PASSWORD,
    make_district,
    make_neighbourhood,
    make_organisation,
    make_user,
)
from tests.matrix.mor_beheer import (
    MOR_ADMIN_MODELS,
    MOR_CHANGES,
    MOR_MODELS,
    mor_admin_objects,
    mor_admin_routes,
)
from tests.matrix.routes import ADMIN, Ask, Route, heading
from tests.matrix.visitors import K
from tests.matrix.webhook_spares import webhook_spares
from wijkteam.access.models import AuditEntry
from wijkteam.api.models import ApiClient
from wijkteam.api.services import api_client_create
from wijkteam.areas.models import District, Neighbourhood
from wijkteam.cases.models import ClosureTemplate, Outcome, TriageRule
from wijkteam.initiatives.models import DistrictInitiativeSettings, Initiative, InitiatorKind
from wijkteam.notifications.models import EmailStatus, OutgoingEmail
from wijkteam.open311.models import Open311App
from wijkteam.open311.services import open311_app_create
from wijkteam.partners.actors import SYSTEM
from wijkteam.partners.models import Organisation, Team, User
from wijkteam.signals.models import Category
from wijkteam.voordeur.models import CategoryWords, Door, SearchEvent
from wijkteam.webhooks.models import Delivery, DeliveryState, Subscription

# What a functional admin may do with each model in Beheer (DESIGN §2: they manage wijken and
# buurten, partner organisations, users, categories, routing defaults; the audit trail and the
# outbox they may only read; Django's groups and the task queue are not theirs).
ALL = frozenset({"view", "add", "change", "delete"})
ADMIN_MODELS: dict[str, frozenset[str]] = {
    "auth.group": frozenset(),
    "django_tasks_database.dbtaskresult": frozenset(),
    "access.auditentry": frozenset({"view"}),
    "areas.district": ALL,
    "areas.neighbourhood": ALL,
    "partners.organisation": ALL,
    "partners.user": ALL,
    "partners.team": ALL,
    "notifications.outgoingemail": frozenset({"view"}),
    "signals.category": ALL,
    "cases.triagerule": ALL,
    "cases.closuretemplate": frozenset({"view", "add", "change"}),
    "voordeur.door": ALL,
    "voordeur.categorywords": ALL,
    "voordeur.searchevent": frozenset({"view"}),
    # A wijk's support threshold is set, never removed (empty: only by hand); initiatives are
    # only listed, without their people.
    "initiatives.districtinitiativesettings": frozenset({"view", "add", "change"}),
    "initiatives.initiative": frozenset({"view"}),
    **MOR_ADMIN_MODELS,
    # Webhooks: subscriptions are managed; deliveries only read, and sent again.
    "webhooks.subscription": ALL,
    "webhooks.delivery": frozenset({"view"}),
    # An app's key is revoked, never deleted (the signals it posted keep their source).
    "open311.open311app": frozenset({"view", "add", "change"}),
    # API clients are made, changed and revoked (an action), never deleted.
    "api.apiclient": frozenset({"view", "add", "change"}),
}
MODELS = {
    "auth.group": Group,
    "django_tasks_database.dbtaskresult": DBTaskResult,
    "access.auditentry": AuditEntry,
    "areas.district": District,
    "areas.neighbourhood": Neighbourhood,
    "partners.organisation": Organisation,
    "partners.user": User,
    "partners.team": Team,
    "notifications.outgoingemail": OutgoingEmail,
    "signals.category": Category,
    "cases.triagerule": TriageRule,
    "cases.closuretemplate": ClosureTemplate,
    "voordeur.door": Door,
    "voordeur.categorywords": CategoryWords,
    "voordeur.searchevent": SearchEvent,
    "initiatives.districtinitiativesettings": DistrictInitiativeSettings,
    "initiatives.initiative": Initiative,
    **MOR_MODELS,
    "webhooks.subscription": Subscription,
    "webhooks.delivery": Delivery,
    "open311.open311app": Open311App,
    "api.apiclient": ApiClient,
}


def admin_objects(world) -> dict[str, str]:
    """Per model the record Beheer's pages are asked about: a spare one that nothing depends
    on, so that changing and deleting it can succeed (each request is undone)."""
    spare_district = make_district("WK099908", "Reservewijk", 6.20, 52.20)
    team_district = make_district("WK099907", "Teamloze wijk", 6.30, 52.20)
    user = make_user("reserve@matrix.test", world.gemeente, full_name="Rik Reserve")
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    # One outcome without its closure template, so that a functional admin can add it.
    ClosureTemplate.objects.filter(outcome=Outcome.NOT_OURS).delete()
    email = OutgoingEmail.objects.create(
        to="iemand@example.org", subject="Reservebericht", body_text="-", status=EmailStatus.FAILED
    )
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="wijkteam.notifications.tasks.deliver_email",
        backend_name="default",
        run_after=timezone.now() + timedelta(days=1),
        exception_class_path="",
        traceback="",
    )
    spare = {
        "auth.group": Group.objects.create(name="Reservegroep"),
        "django_tasks_database.dbtaskresult": task,
        "access.auditentry": AuditEntry.objects.order_by("pk").first(),
        "areas.district": spare_district,
        "areas.neighbourhood": make_neighbourhood(
            world.district_b, "BU09990299", "Reservebuurt", 6.40, 52.20
        ),
        "partners.organisation": make_organisation("Reservestichting", K.WELZIJN),
        "partners.user": user,
        "partners.team": Team.objects.create(district=team_district, phone="0318 000 699"),
        "notifications.outgoingemail": email,
        "signals.category": Category.objects.get(slug="overlast-stank-rook"),
        "cases.triagerule": TriageRule.objects.create(
            team=world.team_a, lead_kind=K.WELZIJN, note="Reserveafspraak"
        ),
        "cases.closuretemplate": ClosureTemplate.objects.get(outcome=Outcome.SOLVED),
        "voordeur.door": Door.objects.create(slug="reservedeur", name="Reservedeur", advice="-"),
        "voordeur.categorywords": CategoryWords.objects.get(category__slug="overlast-stank-rook"),
        "voordeur.searchevent": SearchEvent.objects.create(words="reserve zoekvraag"),
        "initiatives.districtinitiativesettings": DistrictInitiativeSettings.objects.create(
            district=make_district("WK099905", "Drempelwijk", 6.10, 52.20), support_threshold=20
        ),
        "initiatives.initiative": Initiative.objects.create(
            reference="I-2024-09999",
            title="Reserve-initiatief",
            description="-",
            initiator_kind=InitiatorKind.RESIDENT,
            initiator_email="reserve@bewoner.test",
            district=world.district_b,
        ),
        "open311.open311app": open311_app_create(
            actor=SYSTEM, name="Reserve-app", contact_email="reserve@app.test"
        ).app,
        "api.apiclient": api_client_create(
            actor=SYSTEM,
            name="Reservekoppeling",
            organisation=world.gemeente,
            scopes=["signals:read"],
            rate_limit_per_minute=60,
        )[0],
    }
    spare |= mor_admin_objects(world)
    spare |= webhook_spares(world)
    assert not spare["signals.category"].signals.exists()
    return {label: str(record.pk) for label, record in spare.items()}


# --- the admin's forms, as a browser sends them ------------------------------------------------


class _FormReader(HTMLParser):
    """The fields of each form on a page that posts, with the values a browser would send as
    the page stands."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self._fields: list[tuple[str, str]] | None = None
        self._select = self._textarea = None
        self._options: list[tuple[str, bool]] = []
        self._multiple = False
        self._text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._fields = []
            self.forms.append(self._fields)
        if self._fields is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._fields.append((name, attrs.get("value") or "on"))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self._fields.append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self._select, self._options = name, []
            self._multiple = "multiple" in attrs
        elif tag == "option" and self._select:
            self._options.append((attrs.get("value") or "", "selected" in attrs))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_data(self, data):
        if self._textarea:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._fields = None
        elif tag == "select" and self._select:
            chosen = [value for value, selected in self._options if selected]
            if not chosen and not self._multiple and self._options:
                chosen = [self._options[0][0]]
            self._fields += [(self._select, value) for value in chosen]
            self._select = None
        elif tag == "textarea" and self._textarea:
            self._fields.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None


def form_on(page: str) -> dict:
    """The values of the page's main form (the one with the most fields: not the header's
    logout button), as a browser would send them."""
    reader = _FormReader()
    reader.feed(page)
    data: dict = {}
    for name, value in max(reader.forms, key=len, default=[]):
        if name in data:
            before = data[name] if isinstance(data[name], list) else [data[name]]
            data[name] = [*before, value]
        else:
            data[name] = value
    return data


# Per model: what a functional admin changes on the spare record, and what a new record gets
# (a copy of the spare one with these values).
CHANGES = {
    "areas.district": {"name": "Reservewijk (gewijzigd)"},
    "areas.neighbourhood": {"name": "Reservebuurt (gewijzigd)"},
    "partners.organisation": {"name": "Reservestichting (gewijzigd)"},
    "partners.user": {"full_name": "Rik Reserve (gewijzigd)"},
    "partners.team": {"phone": "0318 000 698"},
    "signals.category": {"public_name": "Stank (gewijzigd)"},
    "cases.triagerule": {"note": "Reserveafspraak (gewijzigd)"},
    "cases.closuretemplate": {"text": "Opgelost (gewijzigd) {melding}"},
    "voordeur.door": {"name": "Reservedeur (gewijzigd)"},
    "voordeur.categorywords": {"keywords": "stank gewijzigd"},
    "initiatives.districtinitiativesettings": {"support_threshold": 30},
    **MOR_CHANGES,
    "webhooks.subscription": {"name": "Reservekoppeling (gewijzigd)"},
    "open311.open311app": {"name": "Reserve-app (gewijzigd)"},
    "api.apiclient": {"name": "Reservekoppeling (gewijzigd)"},
}
NEW = {
    "areas.district": {"code": "WK099906", "name": "Nieuwe wijk"},
    "areas.neighbourhood": {"code": "BU09990298", "name": "Nieuwe buurt"},
    "partners.organisation": {"name": "Nieuwe stichting"},
    "partners.user": {"full_name": "Nina Nieuw", "email": "nieuw@matrix.test"},
    "partners.team": {"phone": "0318 000 697"},  # for the wijk without a team, see below
    "signals.category": {"name": "Nieuwe categorie", "slug": "nieuwe-categorie"},
    "cases.triagerule": {"note": "Nieuwe afspraak"},
    "cases.closuretemplate": {"outcome": Outcome.NOT_OURS, "text": "Niet van ons. {melding}"},
    "voordeur.door": {"slug": "nieuwe-deur", "name": "Nieuwe deur"},
    "voordeur.categorywords": {"category": "NIEUW"},  # a category without words: see _added
    "initiatives.districtinitiativesettings": {"support_threshold": 25},  # a wijk: see _added
    "webhooks.subscription": {"name": "Nieuwe koppeling"},  # an organisation: see _added
    "open311.open311app": {"name": "Nieuwe app"},
    "api.apiclient": {"name": "Nieuwe koppeling"},  # its account's role: see _added
}


def _page_form(client, url: str) -> dict:
    page = client.get(url)
    return form_on(page.content.decode()) if page.status_code == 200 else {}


def _changed(label: str):
    def send(client, url: str, ask: Ask):
        return client.post(url, {**_page_form(client, url), **CHANGES[label]})

    return send


def _added(label: str):
    def send(client, url: str, ask: Ask):
        spare = ask.matrix.admin_objects[label]
        app, model = label.split(".")
        change = reverse(f"admin:{app}_{model}_change", args=[spare])
        data = {**_page_form(client, change), **NEW[label]}
        if label == "partners.team":
            data["district"] = str(District.objects.get(code="WK099908").pk)
        if label == "voordeur.categorywords":
            data["category"] = str(Category.objects.get(slug="acuut-dreiging").pk)
        if label == "initiatives.districtinitiativesettings":
            data["district"] = str(District.objects.get(code="WK099907").pk)
        if label == "webhooks.subscription":
            data["organisation"] = str(ask.matrix.organisations["gemeente"].pk)
        if label == "api.apiclient":  # made with its organisation and its account's role
            spare_client = ApiClient.objects.get(pk=spare)
            data |= {"organisation": str(spare_client.organisation_id), "role": "medewerker"}
        return client.post(url, data)

    return send


def shown_again(ask: Ask) -> bool:
    """A POST that changes nothing here: the page is shown again."""
    return ask.response.status_code == 200


def not_found(ask: Ask) -> bool:
    return ask.response.status_code == 404


def _new_exists(label: str) -> bool:
    if label == "voordeur.categorywords":
        return CategoryWords.objects.filter(category__slug="acuut-dreiging").exists()
    return MODELS[label].objects.filter(**NEW[label]).exists()


def _spare(ask: Ask, label: str):
    return MODELS[label].objects.filter(pk=ask.matrix.admin_objects[label])


def _may(permission: str, perms: frozenset[str]):
    return lambda visitor, subject: permission in perms


# The read-only records that can be sent again: the admin action, and the record once it was.
SENT_AGAIN = {
    "notifications.outgoingemail": ("retry", {"status": EmailStatus.QUEUED}),
    "webhooks.delivery": ("replay", {"state": DeliveryState.PENDING}),
}


def _model_routes(label: str, perms: frozenset[str]) -> dict[str, Route]:
    app, model = label.split(".")
    name = str(MODELS[label]._meta.verbose_name)
    change_url = lambda ask: reverse(  # noqa: E731
        f"admin:{app}_{model}_change", args=[ask.matrix.admin_objects[label]]
    )
    gone = lambda ask: not _spare(ask, label).exists()  # noqa: E731
    if "delete" in perms:
        action = {
            "form": lambda ask: {
                "action": "delete_selected",
                "_selected_action": [ask.matrix.admin_objects[label]],
                "post": "yes",
            },
            "done": gone,
        }
    elif label in SENT_AGAIN:
        # The outbox and the webhooks' deliveries are read-only; sending one again is all
        # functional admins may do.
        name_of_action, again = SENT_AGAIN[label]
        action = {
            "form": lambda ask: {
                "action": name_of_action,
                "_selected_action": [ask.matrix.admin_objects[label]],
            },
            "done": lambda ask: _spare(ask, label).filter(**again).exists(),
        }
    elif label == "api.apiclient":
        # Clients are revoked, after a confirmation, never deleted.
        action = {
            "form": lambda ask: {
                "action": "revoke",
                "_selected_action": [ask.matrix.admin_objects[label]],
                "post": "yes",
            },
            "done": lambda ask: _spare(ask, label).filter(revoked_at__isnull=False).exists(),
        }
    else:
        action = {"done": shown_again, "done_status": 200}  # nothing to do: the list again
    return {
        f"admin:{app}_{model}_changelist": Route(
            ADMIN,
            post=True,
            may=_may("view", perms),
            proof=heading(f"Selecteer {name} om te"),
            **action,
        ),
        f"admin:{app}_{model}_add": Route(
            ADMIN,
            post=True,
            may=_may("add", perms),
            proof=heading(f"{name} toevoegen"),
            send=_added(label) if label in NEW else None,
            done=(lambda ask: _new_exists(label)) if label in NEW else None,
        ),
        f"admin:{app}_{model}_history": Route(
            ADMIN,
            post=True,
            may=_may("view", perms),
            proof=heading("Wijzigingsgeschiedenis"),
            done=shown_again,
            done_status=200,
        ),
        f"admin:{app}_{model}_delete": Route(
            ADMIN,
            post=True,
            may=_may("delete", perms),
            proof=heading("Verwijderen"),
            form=lambda ask: {"post": "yes"},
            done=gone,
        ),
        f"admin:{app}_{model}_change": Route(
            ADMIN,
            post=True,
            may=_may("view", perms),
            may_post=_may("change", perms),
            proof=heading(f"{name} {'wijzigen' if 'change' in perms else 'weergeven'}"),
            send=_changed(label) if label in CHANGES else None,
            done=(lambda ask: _spare(ask, label).filter(**CHANGES[label]).exists())
            if label in CHANGES
            else None,
        ),
        # The admin's own short address of a record: on to its page.
        f"beheer/{app}/{model}/<path:object_id>/": Route(
            ADMIN,
            post=True,
            shows=302,
            lands=change_url,
            done=lambda ask: ask.response.get("Location") == change_url(ask),
        ),
    }


def _admin_routes() -> dict[str, Route]:
    spare_user = "partners.user"
    routes = {
        # Logging out of Beheer is logging out of Wijkteam; who is not in Beheer is sent there.
        "admin:logout": Route(
            ADMIN,
            get=False,
            post=True,
            form=lambda ask: {},
            done=lambda ask: (
                ask.user is not None and not ask.response.wsgi_request.user.is_authenticated
            ),
        ),
        "admin:index": Route(
            ADMIN, post=True, proof=heading("Configuratie"), done=shown_again, done_status=200
        ),
        "admin:app_list": Route(
            ADMIN, post=True, proof=heading("Meldingen-beheer"), done=shown_again, done_status=200
        ),
        "admin:password_change": Route(
            ADMIN,
            post=True,
            proof=heading("Wachtwoordwijziging"),
            form=lambda ask: {
                "old_password": PASSWORD,
                "new_password1": "Zonnebloem-Kaasschaaf-93",
                "new_password2": "Zonnebloem-Kaasschaaf-93",
            },
            done=lambda ask: (
                ask.user is not None
                and User.objects.get(pk=ask.user.pk).check_password("Zonnebloem-Kaasschaaf-93")
            ),
        ),
        "admin:password_change_done": Route(
            ADMIN, proof=heading("Wachtwoordwijziging is geslaagd")
        ),
        "admin:autocomplete": Route(
            ADMIN,
            query="app_label=partners&model_name=teammember&field_name=user&term=Reserve",
            proof=heading('"text": "Rik Reserve'),
        ),
        "admin:jsi18n": Route(ADMIN, proof=heading("django.pluralidx")),
        # No model in Beheer has a page on the site: "view on site" has nothing to show.
        "admin:view_on_site": Route(
            ADMIN,
            post=True,
            shows=404,
            proof=heading("bestaat niet"),
            done=not_found,
            done_status=404,
        ),
        # Beheer's catch-all: an address that is not one of its pages.
        "beheer/(?P<url>.*)$": Route(
            ADMIN,
            post=True,
            shows=404,
            proof=heading("bestaat niet"),
            done=not_found,
            done_status=404,
        ),
        "admin:partners_user_two_factor_reset": Route(
            ADMIN,
            post=True,
            proof=heading("Tweestapsverificatie opnieuw instellen"),
            form=lambda ask: {},
            done=lambda ask: (
                not TOTPDevice.objects.filter(user_id=ask.matrix.admin_objects[spare_user]).exists()
            ),
        ),
    }
    for label, perms in ADMIN_MODELS.items():
        routes |= _model_routes(label, perms)
    routes = mor_admin_routes(routes)
    # A new webhook subscription's page shows its secret, once, instead of sending on.
    routes["admin:webhooks_subscription_add"] = replace(
        routes["admin:webhooks_subscription_add"], done_status=200
    )
    # The residents' searches are shown counted per words, not as a list of rows to select.
    routes["admin:voordeur_searchevent_changelist"] = replace(
        routes["admin:voordeur_searchevent_changelist"], proof=heading("Zoekvragen van bewoners")
    )
    return routes


ADMIN_ROUTES = _admin_routes()
