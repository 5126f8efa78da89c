from babel.messages.pofile import read_po

from bot.i18n import LOCALES_DIR, SUPPORTED_LOCALES, build_i18n, locale_for


def catalogue(locale: str) -> dict[str, str]:
    texts: dict[str, str] = {}
    for path in sorted((LOCALES_DIR / locale / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as po:
            for message in read_po(po):
                if message.id:
                    assert str(message.id) not in texts, f"{message.id} is in two files"
                    texts[str(message.id)] = str(message.string)
    return texts


def test_each_section_has_its_texts_in_both_languages() -> None:
    files = {
        locale: sorted(p.name for p in (LOCALES_DIR / locale / "LC_MESSAGES").glob("*.po"))
        for locale in SUPPORTED_LOCALES
    }
    assert files["ru"] == files["en"]


def test_every_text_exists_in_every_language_and_none_is_empty() -> None:
    catalogues = {locale: catalogue(locale) for locale in SUPPORTED_LOCALES}
    keys = {locale: set(texts) for locale, texts in catalogues.items()}
    assert keys["ru"] == keys["en"]
    for texts in catalogues.values():
        assert all(text.strip() for text in texts.values())


def test_the_catalogues_compile_and_translate() -> None:
    i18n = build_i18n()
    assert set(i18n.available_locales) == set(SUPPORTED_LOCALES)
    assert i18n.gettext("fallback.stale_button", locale="en").startswith("This button")
    assert i18n.gettext("fallback.stale_button", locale="ru").startswith("Эта кнопка")


def test_language_choice() -> None:
    assert locale_for(None) == "ru"
    assert locale_for("en-US") == "en"
    assert locale_for("uk") == "ru"
