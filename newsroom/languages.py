"""The interface language as the site's own code ("fa" for a reader's "fa-af")."""

from django.conf import settings
from django.utils import translation


def interface_language(language: str | None = None) -> str:
    """The primary subtag of ``language``, else of the active language, else of the default."""
    return (language or translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
