"""Deliveries are signed the Standard Webhooks way, so partners can verify them with that
specification's libraries: the specification's published example gives its signature."""

import base64

from wijkteam.webhooks.signing import secret_new, secret_problem, signature


def test_the_standard_webhooks_example_signs_to_its_published_signature():
    assert (
        signature(
            secret="whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            message_id="msg_p5jXN8AQM9LWM0D4loKWxJek",
            timestamp=1614265330,
            body=b'{"test": 2432232314}',
        )
        == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    )


def test_a_new_secret_is_256_random_bits_in_the_standard_s_form():
    first, second = secret_new(), secret_new()
    assert first != second
    assert first.startswith("whsec_") and len(base64.b64decode(first[6:])) == 32
    assert secret_problem(first) is None


def test_an_entered_secret_must_be_one_a_partner_system_can_use():
    assert secret_problem("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") is None  # 24 bytes
    assert "whsec_" in secret_problem("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    assert "base64" in secret_problem("whsec_niet base64!")
    assert "24 tot 64 bytes" in secret_problem("whsec_" + base64.b64encode(b"kort").decode())
    assert "24 tot 64 bytes" in secret_problem("whsec_" + base64.b64encode(bytes(65)).decode())
