"""A partner's webhook receiver for the tests: a real HTTP server on 127.0.0.1 (a free port),
started by the test, that answers each POST with the next status of its list and checks each
delivery's signature the way a partner would, by the Standard Webhooks specification, written
here again without Wijkteam's code (so that a mistake in signing.py cannot agree with itself)."""

import base64
import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# How far a delivery's timestamp may be from the receiver's clock (the specification's advice).
TOLERANCE_SECONDS = 5 * 60


def verified(secret: str, headers, body: bytes) -> bool:
    """Whether a delivery is signed with ``secret`` and fresh: HMAC-SHA256 keyed with the
    secret's bytes over "id.timestamp.body", base64, as one of the "v1," signatures."""
    message_id = headers.get("Webhook-Id", "")
    timestamp = headers.get("Webhook-Timestamp", "")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > TOLERANCE_SECONDS:
        return False
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{message_id}.{timestamp}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    given = headers.get("Webhook-Signature", "").split()
    return any(
        version == "v1" and hmac.compare_digest(value, expected)
        for version, _sep, value in (item.partition(",") for item in given)
    )


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    signed: bool  # the signature held, under the receiver's secret

    @property
    def payload(self) -> dict:
        return json.loads(self.body)


class Receiver:
    """Answers the n-th POST with ``answers[n]`` (the last one from then on)."""

    def __init__(self, secret: str = "", answers: tuple[int, ...] = (200,), location: str = ""):
        self.secret = secret
        self.answers = list(answers)
        self.received: list[Received] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                headers = {name: value for name, value in self.headers.items()}
                signed = bool(receiver.secret) and verified(receiver.secret, self.headers, body)
                receiver.received.append(Received(headers, body, signed))
                status = receiver.answers[min(len(receiver.received), len(receiver.answers)) - 1]
                self.send_response(status)
                if location:
                    self.send_header("Location", location)
                answer = b"ontvangen" if status < 300 else b"er ging iets mis\x00" + b"x" * 5000
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/wijkteam/webhook"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
