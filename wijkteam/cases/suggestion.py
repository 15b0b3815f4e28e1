"""The proposed first responder for a case, with its reasons in words.

Three layers, each refining the one before:
1. the category's default (for a tenant of the corporation or not);
2. the team's own agreements (TriageRule): the most specific active rule that matches the
   case's wijk/buurt, category, tenancy and time of day;
3. what this team decided before in comparable cases (same subcategory, same tenancy when
   known, and within the matching agreement's buurt and hours): when at least MIN_COMPARABLE
   such decisions exist and one organisation was chosen in at least MIN_SHARE of them, that
   organisation is proposed ("in 8 van de 10 vergelijkbare casussen koos dit team voor Veens").
   Only decisions the team took count (agreement, silence or the meeting), not the automatic
   ones (urgent, confidential).
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_noop

from wijkteam.cases.models import Case, LeadBasis, TenantCondition, TriageRule
from wijkteam.core.kept import data_changed, kept
from wijkteam.core.translation import InLanguages, Message
from wijkteam.partners.models import Organisation, OrganisationKind
from wijkteam.partners.team_partners import team_partners

TRIAGE_RULES = "triage_rules"
MIN_COMPARABLE = 5
MIN_SHARE = 0.6
RECENT_DECISIONS = 20
LOOKBACK_DAYS = 730
TEAM_DECISIONS = (LeadBasis.AGREED, LeadBasis.SILENCE, LeadBasis.MEETING)


@dataclass
class Suggestion:
    lead: Organisation | None
    involved: list[Organisation] = field(default_factory=list)
    # The reasons as messages, read in each reader's language (core/translation.py).
    messages: list[Message] = field(default_factory=list)
    rule_lead: Organisation | None = None  # what the rules alone would propose

    @property
    def reasons(self) -> list[str]:
        """The reasons in Dutch, as stored with the proposal."""
        return [message.dutch() for message in self.messages]


def _partners_by_kind(case: Case) -> dict[str, Organisation]:
    """The team's partner organisation of each kind (a core partner first)."""
    found: dict[str, Organisation] = {}
    for partner in team_partners(case.team_id):
        found.setdefault(partner.organisation.kind, partner.organisation)
    return found


def _rule_matches(rule: TriageRule, case: Case, hour: int) -> bool:
    if rule.neighbourhood_id and rule.neighbourhood_id != case.neighbourhood_id:
        return False
    if rule.category_id and rule.category_id not in (case.category_id, case.main_category_id):
        return False
    if rule.tenant == TenantCondition.TENANT and case.is_tenant is not True:
        return False
    if rule.tenant == TenantCondition.NOT_TENANT and case.is_tenant is not False:
        return False
    return _rule_matches_hour(rule, hour)


def _rule_matches_hour(rule: TriageRule, hour: int) -> bool:
    if rule.hour_from is None or rule.hour_to is None:
        return True
    if rule.hour_from <= rule.hour_to:
        return rule.hour_from <= hour < rule.hour_to
    return hour >= rule.hour_from or hour < rule.hour_to  # over midnight


def _specificity(rule: TriageRule, case: Case) -> tuple:
    return (
        rule.neighbourhood_id is not None,
        rule.category_id == case.category_id,
        rule.category_id is not None,
        rule.team_id is not None,
        bool(rule.tenant),
        rule.hour_from is not None,
        rule.pk,
    )


def active_triage_rules() -> list[TriageRule]:
    """Every active agreement, kept per process (core/kept.py): a case's proposal reads none of
    them. Read-only."""
    return kept(
        TRIAGE_RULES, lambda: list(TriageRule.objects.filter(is_active=True).order_by("pk"))
    )


def matching_rule(case: Case, *, at: datetime) -> TriageRule | None:
    hour = timezone.localtime(at).hour
    rules = [
        rule
        for rule in active_triage_rules()
        if rule.team_id in (case.team_id, None) and _rule_matches(rule, case, hour)
    ]
    return max(rules, key=lambda rule: _specificity(rule, case), default=None)


def comparable_decisions(
    case: Case, *, before: datetime, rule: TriageRule | None = None
) -> list[int]:
    """The leads (organisation ids) this team chose in the most recent comparable cases: the
    same subcategory, the same tenancy when it is known, and, when a team agreement applies,
    only past cases that agreement also covers (its buurt, its hours), so that cases outside
    an agreement never overrule it."""
    decided = (
        Case.objects.filter(
            team_id=case.team_id,
            category_id=case.category_id,
            decided_at__lt=before,
            decided_at__gte=before - timedelta(days=LOOKBACK_DAYS),
            lead_basis__in=TEAM_DECISIONS,
        )
        .exclude(pk=case.pk)
        .order_by("-decided_at")
    )
    if case.is_tenant is not None:
        decided = decided.filter(is_tenant=case.is_tenant)
    if rule is not None and rule.neighbourhood_id:
        decided = decided.filter(neighbourhood_id=rule.neighbourhood_id)
    if rule is None or rule.hour_from is None:
        return list(decided.values_list("lead_id", flat=True)[:RECENT_DECISIONS])
    within_hours = [
        lead_id
        for lead_id, opened_at in decided.values_list("lead_id", "opened_at")[
            : RECENT_DECISIONS * 10
        ]
        if _rule_matches_hour(rule, timezone.localtime(opened_at).hour)
    ]
    return within_hours[:RECENT_DECISIONS]


def suggest_lead(case: Case, *, at: datetime | None = None, learn: bool = True) -> Suggestion:
    """The proposal for ``case`` as it stands at ``at`` (decisions after it do not count)."""
    at = at or timezone.now()
    partners = _partners_by_kind(case)
    category = case.category
    kind = category.default_lead_kind
    if case.is_tenant is False and category.lead_kind_if_not_tenant:
        kind = category.lead_kind_if_not_tenant
    reasons: list[Message] = []
    lead = partners.get(kind) if kind else None
    if lead:
        reason = Message(
            gettext_noop("Standaard bij '%(category)s': %(kind)s."),
            category=InLanguages.of(category, "name"),
            kind=OrganisationKind(kind).label,
        )
        if category.lead_note:
            reason = Message(
                gettext_noop("%(line)s %(note)s"),
                line=reason,
                note=InLanguages.of(category, "lead_note"),
            )
        reasons.append(reason)
    involved: list[Organisation] = []
    rule = matching_rule(case, at=at)
    if rule and partners.get(rule.lead_kind):
        lead = partners[rule.lead_kind]
        involved = [
            partners[k] for k in rule.involved_kinds if k in partners and k != rule.lead_kind
        ]
        reasons.append(Message(gettext_noop("Afspraak van het wijkteam: %(note)s"), note=rule.note))
    if lead is None:
        lead = partners.get(OrganisationKind.GEMEENTE)
        if lead:
            reasons.append(
                Message(gettext_noop("Geen vaste eerste reactie voor deze categorie: de gemeente."))
            )
    suggestion = Suggestion(lead=lead, involved=involved, messages=reasons, rule_lead=lead)
    if not learn:
        return suggestion
    leads = comparable_decisions(case, before=at, rule=rule)
    if len(leads) < MIN_COMPARABLE:
        return suggestion
    top_id, top_count = Counter(leads).most_common(1)[0]
    if top_count / len(leads) < MIN_SHARE:
        return suggestion
    chosen = next((o for o in partners.values() if o.pk == top_id), None)
    if chosen is None:
        # A second partner of the same kind (two corporations), but never an organisation
        # that is no longer a partner of this team.
        chosen = Organisation.objects.filter(
            pk=top_id, is_active=True, team_partners__team_id=case.team_id
        ).first()
    if chosen is None:
        return suggestion
    suggestion.messages.append(
        Message(
            gettext_noop(
                "In %(top)s van de %(total)s vergelijkbare casussen koos dit team voor %(name)s."
            ),
            top=top_count,
            total=len(leads),
            name=chosen.name,
        )
    )
    if chosen.pk != (lead.pk if lead else None):
        suggestion.lead = chosen
        suggestion.involved = [o for o in involved if o.pk != chosen.pk]
    return suggestion


@receiver(post_save, sender=TriageRule)
@receiver(post_delete, sender=TriageRule)
def _rule_saved_or_deleted(**kwargs) -> None:
    if kwargs.get("raw"):
        return
    data_changed(TRIAGE_RULES)
