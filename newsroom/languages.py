"""The interface language as the site's own code ("fa" for a reader's "fa-af"), its digits, and text
isolated from the sentence around it."""

from django.conf import settings
from django.utils import translation


def interface_language(language: str | None = None) -> str:
    """The primary subtag of ``language``, else of the active language, else of the default."""
    return (language or translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


# Extended Arabic-Indic digits, as Dari and Pashto are printed in Afghanistan.
EASTERN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def local_digits(text, language: str | None = None) -> str:
    """``text`` with its digits as ``language`` (else the interface's) writes them: ۰–۹ in Dari and Pashto."""
    text = str(text)
    return text.translate(EASTERN_DIGITS) if interface_language(language) in ("fa", "ps") else text


# Unicode's isolates: FSI takes the direction of the text's first letter, LRI is left to right; PDI closes.
_ISOLATES = {"auto": "\u2068", "ltr": "\u2066"}


def isolate(text, direction: str = "auto") -> str:
    """``text`` kept whole inside a sentence in either direction: "Kabul!" does not become "!Kabul",
    nor "http://" "//:http", in a Dari sentence. For plain text (messages, ``title``), where ``<bdi>``
    cannot go."""
    return f"{_ISOLATES[direction]}{text}\u2069"
