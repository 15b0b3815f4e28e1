"""The documents section of a case's page. Apart from the document views, so that the case page
can build it without importing the views that re-render the case page."""

from wijkteam.cases.access import CaseAccess, Seat, documents_for_user, removable_document_ids
from wijkteam.cases.forms import DocumentForm
from wijkteam.cases.models import Case
from wijkteam.partners.models import User


def document_context(
    user: User,
    case: Case,
    access: CaseAccess,
    *,
    worker: bool,
    form: DocumentForm | None = None,
    seat: Seat | None = None,
) -> dict:
    """The case's documents, which of them the user may remove, and the upload form for team
    members who may work cases (a form sent back with errors keeps them)."""
    documents = list(documents_for_user(user, case, access))
    context: dict = {"documents": documents}
    if worker and access.details and case.retention_applied_at is None:
        context["removable_documents"] = removable_document_ids(user, case, documents, seat=seat)
        context["document_form"] = form or DocumentForm(prefix="doc")
    return context
