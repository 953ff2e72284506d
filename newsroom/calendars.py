"""Dates as the page's readers read them.

Afghan readers and Afghan media date things in the Solar Hijri calendar with
the Afghan month names (Hamal … Hut in Dari; Wray … Kab in Pashto) and
Eastern Arabic-Indic digits. ``NEWSROOM_CALENDARS`` chooses the calendar per
interface language; languages it does not name keep Django's Gregorian
formats. jdatetime does the day arithmetic; the month names are ours (its own
are the Iranian ones, Farvardin … Esfand).

Only the words shown change: ``<time datetime="…">`` keeps the Gregorian moment.
"""

from __future__ import annotations

import datetime

import jdatetime
from django.conf import settings
from django.utils import formats, timezone

from newsroom.languages import interface_language, local_digits

SOLAR_HIJRI = "solar_hijri"
GREGORIAN = "gregorian"

# Month 1 is Hamal, which begins at the March equinox.
MONTH_NAMES = {
    "fa": ("حمل", "ثور", "جوزا", "سرطان", "اسد", "سنبله", "میزان", "عقرب", "قوس", "جدی", "دلو", "حوت"),
    "ps": ("وری", "غویی", "غبرګولی", "چنګاښ", "زمری", "وږی", "تله", "لړم", "لیندۍ", "مرغومی", "سلواغه", "کب"),
    "en": (
        "Hamal",
        "Sawr",
        "Jawza",
        "Saratan",
        "Asad",
        "Sonbola",
        "Mizan",
        "Aqrab",
        "Qaws",
        "Jadi",
        "Dalw",
        "Hut",
    ),
}
# The words between date and time; "{date}" and "{time}" are filled in.
DATETIME_PATTERNS = {"fa": "{date}، ساعت {time}", "ps": "{date}، {time}", "en": "{date}, {time}"}
KINDS = ("DATE", "DATETIME", "SHORT_DATE", "MONTH", "ARCHIVE_MONTH", "ARCHIVE_YEAR")


def calendar_for(language: str | None = None) -> str:
    language = interface_language(language)
    return settings.NEWSROOM_CALENDARS.get(language, GREGORIAN)


def solar_hijri(day: datetime.date) -> tuple[int, int, int]:
    """(year, month, day) of a Gregorian date in the Solar Hijri calendar."""
    converted = jdatetime.date.fromgregorian(date=day)
    return converted.year, converted.month, converted.day


def format_solar_hijri(value: datetime.date | datetime.datetime, kind: str, language: str) -> str:
    """``value`` in the Solar Hijri calendar: "DATE" (6 Qaws 1405), "DATETIME", "SHORT_DATE", "MONTH"."""
    moment = None
    if isinstance(value, datetime.datetime):
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        value = moment.date()
    year, month, day = solar_hijri(value)
    months = MONTH_NAMES.get(language, MONTH_NAMES["en"])
    if kind == "SHORT_DATE":
        text = f"{year}/{month:02d}/{day:02d}"
    elif kind == "MONTH":
        text = f"{months[month - 1]} {year}"
    else:
        text = f"{day} {months[month - 1]} {year}"
        if kind == "DATETIME" and moment is not None:
            pattern = DATETIME_PATTERNS.get(language, DATETIME_PATTERNS["en"])
            text = pattern.format(date=text, time=f"{moment.hour}:{moment.minute:02d}")
    return local_digits(text, language)


def format_solar_hijri_span(first: datetime.date, last: datetime.date, language: str) -> str:
    """The Solar Hijri months (or years) a Gregorian month (or year) covers: "Aqrab–Qaws 1405"."""
    (year1, month1, _), (year2, month2, _) = solar_hijri(first), solar_hijri(last)
    months = MONTH_NAMES.get(language, MONTH_NAMES["en"])
    if (year1, month1) == (year2, month2):
        text = f"{months[month1 - 1]} {year1}"
    elif year1 == year2:
        text = f"{months[month1 - 1]}–{months[month2 - 1]} {year1}"
    else:
        text = f"{months[month1 - 1]} {year1}–{months[month2 - 1]} {year2}"
    return local_digits(text, language)


def _archive_span(value: datetime.date, kind: str) -> tuple[datetime.date, datetime.date]:
    """First and last day of the Gregorian month or year an archive address names."""
    if kind == "ARCHIVE_YEAR":
        return value.replace(month=1, day=1), value.replace(month=12, day=31)
    following = (value.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return value.replace(day=1), following - datetime.timedelta(days=1)


def local_date(value, kind: str = "DATE", language: str | None = None) -> str:
    """A date or moment as the current interface shows it: Solar Hijri or Django's Gregorian format."""
    if value in (None, ""):
        return ""
    if kind not in KINDS:
        raise ValueError(f"Unknown date kind {kind!r}; one of {', '.join(KINDS)}")
    language = interface_language(language)
    archive = kind.startswith("ARCHIVE_")
    if calendar_for(language) == SOLAR_HIJRI:
        if archive:
            # The archives' addresses are Gregorian (/2026/11/): name the Afghan months they cover.
            return format_solar_hijri_span(*_archive_span(value, kind), language)
        return format_solar_hijri(value, kind, language)
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if archive:
        return formats.date_format(value, "YEAR_MONTH_FORMAT" if kind == "ARCHIVE_MONTH" else "Y")
    django_format = {"MONTH": "YEAR_MONTH_FORMAT"}.get(kind, f"{kind}_FORMAT")
    return formats.date_format(value, django_format)


class Timestamps:
    """``local_date(value, "DATETIME")`` for many moments, each day converted once (long reply threads)."""

    def __init__(self, gregorian):
        self.language = interface_language()
        self.solar = calendar_for(self.language) == SOLAR_HIJRI
        self.gregorian = gregorian
        self.days: dict[datetime.date, str] = {}

    def __call__(self, moment: datetime.datetime) -> str:
        if not self.solar:
            return self.gregorian(moment)
        day = self.days.get(moment.date())
        if day is None:
            day = self.days[moment.date()] = format_solar_hijri(moment.date(), "DATE", self.language)
        pattern = DATETIME_PATTERNS.get(self.language, DATETIME_PATTERNS["en"])
        return pattern.format(
            date=day, time=local_digits(f"{moment.hour}:{moment.minute:02d}", self.language)
        )
