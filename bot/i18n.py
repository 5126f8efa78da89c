"""Texts in the user's language, from gettext catalogues kept as `.po` files in `bot/locales/`.

aiogram's `I18n` reads compiled `.mo` files; compiling them here at start-up keeps binaries out
of the repository and a translator's edit visible the moment the bot restarts.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from aiogram.utils.i18n import I18n
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
DEFAULT_LOCALE = "ru"
SUPPORTED_LOCALES = ("ru", "en")


class PoCatalogI18n(I18n):
    @contextmanager
    def context(self) -> Iterator[I18n]:
        # aiogram's `gettext` looks up the current `I18n`, and a subclass would otherwise keep its
        # own context variable where that look-up never finds it.
        token = I18n.set_current(self)
        try:
            yield self
        finally:
            I18n.reset_current(token)

    def find_locales(self) -> dict[str, gettext.GNUTranslations]:
        """Every `.po` file of a locale joins its one catalogue: a section's texts live in a file
        of their own (`start.po`, `readings.po`, ...), so no two sections edit the same file."""
        translations: dict[str, gettext.GNUTranslations] = {}
        for locale_dir in sorted(path for path in self.path.iterdir() if path.is_dir()):
            merged = Catalog(locale=locale_dir.name, domain=self.domain)
            for po_path in sorted(locale_dir.glob("LC_MESSAGES/*.po")):
                with po_path.open("rb") as po_file:
                    for message in read_po(po_file):
                        if message.id:
                            merged[message.id] = message
            compiled = io.BytesIO()
            write_mo(compiled, merged)
            compiled.seek(0)
            translations[locale_dir.name] = gettext.GNUTranslations(compiled)
        return translations


def build_i18n() -> PoCatalogI18n:
    return PoCatalogI18n(path=LOCALES_DIR, default_locale=DEFAULT_LOCALE, domain="messages")


def locale_for(language_code: str | None) -> str:
    """Russian unless the user's Telegram speaks a language we have another catalogue for."""
    if not language_code:
        return DEFAULT_LOCALE
    language = language_code.replace("_", "-").split("-", 1)[0].lower()
    return language if language in SUPPORTED_LOCALES else DEFAULT_LOCALE
