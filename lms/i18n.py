"""Language selection and the date formats of the UI (Indonesian by default, English selectable)."""

from flask import current_app, has_request_context, session
from flask_babel import format_date, format_datetime


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("language") if has_request_context() else None
    if chosen in languages:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def long_date(value) -> str:
    """"28 November 2026" / "28 November 2026" (the same pattern in both languages)."""
    return format_date(value, "d MMMM y") if value else ""


def long_datetime(value) -> str:
    return format_datetime(value, "d MMMM y, HH:mm") if value else ""
