"""The reader's language: the switcher in the header and text direction."""

import datetime
import functools

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import format_html

from newsroom import calendars, languages, pagecache

register = template.Library()

# Each language is offered in its own name, so a reader finds theirs whatever the
# page is in. Django calls fa "فارسی"; the site's readers know it as Dari.
NATIVE_NAMES = {"en": "English", "fa": "دری", "ps": "پښتو"}


def native_name(code: str) -> str:
    if code in NATIVE_NAMES:
        return NATIVE_NAMES[code]
    try:
        return translation.get_language_info(code)["name_local"]
    except KeyError:
        return code


@register.filter
def text_direction(language_code: str) -> str:
    """ "rtl" or "ltr" for a language code, from settings.LANGUAGES_BIDI."""
    base = (language_code or "").split("-")[0]
    return "rtl" if base in settings.LANGUAGES_BIDI else "ltr"


def _described(code: str) -> dict[str, str]:
    """A language as a link or button offers it: named in itself, with its direction."""
    return {"code": code, "name": native_name(code), "direction": text_direction(code)}


def _here(request) -> str:
    """This page's address, with only the query parameters a stored page may repeat."""
    if request is None:
        return "/"
    query = pagecache.kept_query(request).urlencode()
    return f"{request.path}?{query}" if query else request.path


@register.inclusion_tag("includes/_language_switcher.html", takes_context=True)
def language_switcher(context):
    request = context.get("request")
    current = translation.get_language()
    return {
        "next_url": _here(request),
        # On an article: its versions in other languages, where choosing one of those leads.
        "translations": {
            code: url for code, url in (context.get("translations") or {}).items() if code != current
        },
        "choices": _language_choices(current, tuple(settings.LANGUAGES)),
    }


@register.inclusion_tag("includes/_other_versions.html")
def other_versions(translations: dict[str, str], language: str) -> dict:
    """Links to the versions of an article or page in other languages than its ``language``, each
    named in its own: a reader whose interface is already Dari finds the Dari version of an English story."""
    order = [code for code, _name in settings.LANGUAGES]
    others = sorted(
        (code for code in translations if code != language),
        key=lambda code: order.index(code) if code in order else len(order),  # as the switcher lists them
    )
    return {"versions": [{**_described(code), "url": translations[code]} for code in others]}


@functools.cache
def _language_choices(current: str, languages) -> str:
    """The switcher's list, the same on every page in ``current``: rendered once per process.

    Only languages the interface is translated into: set_language ignores the
    others (articles may still be written in them).
    """
    shown = [_described(code) for code, _name in languages if translation.check_for_language(code)]
    return render_to_string(
        "includes/_language_choices.html", {"languages": shown, "current_language": current}
    )


@register.simple_tag
def content_language(language_code: str) -> str:
    """lang and dir attributes for text written in another language than the page's.

    Only the article's own words get them (title, dek, body, caption), not the
    interface words around them, so a screen reader switches voice at the right place.
    """
    if not language_code or language_code == translation.get_language():
        return ""
    return format_html(' lang="{}" dir="{}"', language_code, text_direction(language_code))


@register.simple_tag
def link_in_language(language_code: str, own_title: str, interface_title: str) -> dict:
    """Text and attributes of a link to a page in ``language_code``: its own title in the
    reader's language; else the interface's name for it and that language, named in itself
    ("سیاست حریم خصوصی (English)"), with ``hreflang``: never an English title alone under
    a Dari form."""
    if not language_code or language_code == translation.get_language():
        return {"text": own_title, "attrs": ""}
    text = format_html(
        '{} (<span lang="{}" dir="{}">{}</span>)',
        interface_title,
        language_code,
        text_direction(language_code),
        native_name(language_code),
    )
    return {"text": text, "attrs": format_html(' hreflang="{}"', language_code)}


@register.filter(is_safe=True)
def local_digits(value) -> str:
    """A number as this interface writes it (Eastern Arabic-Indic digits on Dari and Pashto pages)."""
    return languages.local_digits(value)


@register.filter
def isolate(value) -> str:
    """What a reader typed, shown inside a translated sentence in its own direction (newsroom.languages)."""
    return languages.isolate(value)


@register.filter
def local_date(value, kind: str = "DATE") -> str:
    """A date as this interface shows it (Solar Hijri on Dari and Pashto pages); see newsroom.calendars."""
    return calendars.local_date(value, kind)


@register.filter
def machine_time(value) -> str:
    """A ``<time datetime>`` value: ISO 8601 in local time, to the second, with the offset.

    Django's ``date:"c"`` keeps microseconds, which HTML does not allow (at
    most three decimals): the Nu Html Checker rejects them.
    """
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""
