"""What every service shares: the actor it acts for, and the error that refuses a change (raised by services,
shown to the user as a message, never a 500)."""

from typing import Protocol


class Actor(Protocol):
    """Who does something: a signed-in account (:class:`lms.auth.models.User`). Services take the actor as an
    explicit argument; where the type says ``Actor | None``, ``None`` stands for the system itself (a
    command-line import, the demo city), which the audit log records as such."""

    id: int
    employee_id: int | None

    @property
    def display_name(self) -> str: ...

    @property
    def login_name(self) -> str: ...

    def has_role(self, *names: str) -> bool: ...


class DomainError(Exception):
    """A rule of the domain refused the change. ``field`` names the form field it belongs to, if any."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = str(message)
        self.field = field
