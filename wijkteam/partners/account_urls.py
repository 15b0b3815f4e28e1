from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from wijkteam.partners import account_views, sso_views

urlpatterns = [
    path("inloggen/", account_views.LoginView.as_view(), name="login"),
    path("tweestapsverificatie/", account_views.two_factor_verify, name="two_factor_verify"),
    path(
        "tweestapsverificatie/instellen/",
        account_views.two_factor_setup,
        name="two_factor_setup",
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    # Logging in through the organisation's own provider: the return first (its name is kept
    # out of the providers' names, sso_models.SSO_RESERVED_SLUG).
    path("sso/callback/", sso_views.sso_callback, name="sso_callback"),
    path("sso/<slug:slug>/", sso_views.sso_start, name="sso_start"),
    path(
        "wachtwoord-vergeten/",
        account_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "wachtwoord-vergeten/verstuurd/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "wachtwoord-herstellen/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-herstellen/klaar/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
