"""Small helpers shared by the WTForms forms."""

import os
from collections.abc import Iterable
from functools import cache
from typing import Any

from babel import support
from flask_babel import get_locale
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice
from wtforms.i18n import messages_path

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
