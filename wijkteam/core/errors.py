"""The one domain error type. Services raise it; views map it to form errors, commands to
CommandError, and the API (later) to its error shape."""


class DomainError(Exception):
    """A rule of the domain was broken. ``message`` is shown to the user as it is (Dutch, or
    translated through gettext); ``field`` names the input it is about, when there is one."""

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code

    def __str__(self) -> str:
        return str(self.message)


# The code of a refusal because of who asks (not because of what they sent): forms and pages
# show it as a refusal, the API (later) as 403.
FORBIDDEN = "forbidden"


def forbidden(message: str) -> DomainError:
    """A refusal of this actor, with the message to show."""
    return DomainError(message, code=FORBIDDEN)
