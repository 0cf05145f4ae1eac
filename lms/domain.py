"""Domain errors: raised by services, shown to the user as a message (never a 500)."""


class DomainError(Exception):
    """A rule of the domain refused the change. ``field`` names the form field it belongs to, if any."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = str(message)
        self.field = field
