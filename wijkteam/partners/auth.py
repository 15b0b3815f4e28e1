from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class StaffBackend(ModelBackend):
    """Django's model backend, plus: demo accounts work only while demo mode is on, so that a
    production database that once held demo data cannot be entered with the published password."""

    def user_can_authenticate(self, user) -> bool:
        if getattr(user, "is_demo", False) and not settings.DEMO_MODE:
            return False
        return super().user_can_authenticate(user)
