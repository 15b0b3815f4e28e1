"""The scopes a view asks for, per method (``ApiView.scopes``): a client without the scope is
refused (403) before anything is read; a call without a valid key is 401."""

from django.utils.translation import gettext as _
from rest_framework.permissions import BasePermission

from wijkteam.api.models import ApiClient


class HasScope(BasePermission):
    def has_permission(self, request, view) -> bool:
        client = request.auth
        if not isinstance(client, ApiClient):
            return False  # DRF answers 401: no valid key was given
        needed = view.scope_for(request.method)
        if needed and not client.has_scope(needed):
            self.message = _("Deze API-sleutel heeft de scope %(scope)s niet.") % {"scope": needed}
            return False
        return True
