import pytest

from tests.partners.oidc_provider import CLIENT_ID, CLIENT_SECRET, OidcProvider
from wijkteam.partners.models import OidcProvider as SignOnSettings


@pytest.fixture
def oidc():
    """A real OpenID Connect provider on 127.0.0.1 (tests/partners/oidc_provider.py)."""
    provider = OidcProvider()
    yield provider
    provider.stop()


@pytest.fixture
def sign_on(world, oidc) -> SignOnSettings:
    """The gemeente of the world fixture logs in through the provider (our second step still
    asked: the gemeente does not trust the provider's)."""
    return SignOnSettings.objects.create(
        organisation=world.gemeente,
        slug="gemeente",
        is_enabled=True,
        issuer=oidc.issuer,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
    )
