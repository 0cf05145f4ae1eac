"""Small helpers shared by the WTForms forms."""

import os
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from babel import support
from flask_babel import get_locale
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice
from wtforms.i18n import messages_path

from lms.domain import DomainError
from lms.extensions import db

TRANSLATIONS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "translations")


def options(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """(value, label) pairs as select options."""
    return [SelectChoice(value, label) for value, label in pairs]


class _FormTranslations:
    """WTForms' built-in messages: Indonesian from our catalog, other languages from WTForms' own."""

    def _catalog(self) -> support.Translations:
        locale = get_locale()
        directory = TRANSLATIONS_DIR if locale is not None and locale.language == "id" else messages_path()
        return _load_catalog(directory, str(locale))

    def gettext(self, string: str) -> str:
        return self._catalog().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._catalog().ungettext(singular, plural, n)


@cache
def _load_catalog(directory: str, locale: str) -> support.Translations:
    return support.Translations.load(directory, [locale], domain="wtforms")


_translations = _FormTranslations()


class Form(FlaskForm):
    """Base of every form: CSRF from Flask-WTF and validator messages in the user's language."""

    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            return _translations


def commit_or_attach(form: FlaskForm, default_field: str, change: Callable[[], Any]) -> Any:
    """Run a service call for a valid form: commit and return its result, or, when the service refuses
    (DomainError), roll back, show the message next to the field it names and return None."""
    try:
        result = change()
    except DomainError as error:
        db.session.rollback()
        field = getattr(form, error.field, None) if error.field else None
        (field or getattr(form, default_field)).errors.append(error.message)
        return None
    db.session.commit()
    return result
