"""Solar Hijri dates on Dari and Pashto pages, against known conversions."""

import datetime
import zoneinfo

import pytest
from django.utils import translation

from newsroom import calendars
from tests.factories import ArticleFactory

KABUL = zoneinfo.ZoneInfo("Asia/Kabul")


@pytest.mark.parametrize(
    "gregorian, expected",
    [
        (datetime.date(2026, 3, 20), (1404, 12, 29)),  # the last day of Hut 1404
        (datetime.date(2026, 3, 21), (1405, 1, 1)),  # Nawruz: 1 Hamal 1405
        (datetime.date(2026, 11, 27), (1405, 9, 6)),  # 6 Qaws 1405
        (datetime.date(2025, 3, 20), (1403, 12, 30)),  # 1403 is a leap year: Hut has 30 days
        (datetime.date(2025, 3, 21), (1404, 1, 1)),
        (datetime.date(2021, 8, 15), (1400, 5, 24)),  # 24 Asad 1400
        (datetime.date(2026, 12, 21), (1405, 9, 30)),  # the last day of Qaws
        (datetime.date(2026, 12, 22), (1405, 10, 1)),  # 1 Jadi
    ],
)
def test_solar_hijri_conversion(gregorian, expected):
    assert calendars.solar_hijri(gregorian) == expected


@pytest.mark.parametrize(
    "gregorian, dari, pashto, english",
    [
        (datetime.date(2026, 3, 20), "۲۹ حوت ۱۴۰۴", "۲۹ کب ۱۴۰۴", "29 Hut 1404"),
        (datetime.date(2026, 3, 21), "۱ حمل ۱۴۰۵", "۱ وری ۱۴۰۵", "1 Hamal 1405"),
        (datetime.date(2026, 11, 27), "۶ قوس ۱۴۰۵", "۶ لیندۍ ۱۴۰۵", "6 Qaws 1405"),
    ],
)
def test_afghan_month_names_and_eastern_digits(gregorian, dari, pashto, english):
    assert calendars.format_solar_hijri(gregorian, "DATE", "fa") == dari
    assert calendars.format_solar_hijri(gregorian, "DATE", "ps") == pashto
    assert calendars.format_solar_hijri(gregorian, "DATE", "en") == english


def test_a_moment_is_dated_in_kabul_time_not_utc():
    # 21:00 UTC on 20 March is 01:30 on 21 March in Kabul: already 1 Hamal.
    moment = datetime.datetime(2026, 3, 20, 21, 0, tzinfo=datetime.UTC)
    assert calendars.format_solar_hijri(moment, "DATETIME", "fa") == "۱ حمل ۱۴۰۵، ساعت ۱:۳۰"
    assert calendars.format_solar_hijri(moment, "DATETIME", "ps") == "۱ وری ۱۴۰۵، ۱:۳۰"
    assert calendars.format_solar_hijri(moment, "SHORT_DATE", "fa") == "۱۴۰۵/۰۱/۰۱"


def test_the_setting_chooses_the_calendar_per_language(settings):
    day = datetime.date(2026, 11, 27)
    with translation.override("fa"):
        assert calendars.local_date(day) == "۶ قوس ۱۴۰۵"
    with translation.override("en"):
        assert calendars.local_date(day) == "Nov. 27, 2026"
    settings.NEWSROOM_CALENDARS = {**settings.NEWSROOM_CALENDARS, "fa": calendars.GREGORIAN}
    with translation.override("fa"):
        assert "نوامبر" in calendars.local_date(day)
    with pytest.raises(ValueError):
        calendars.local_date(day, "WEEKDAY")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language, shown",
    [("fa", "۶ قوس ۱۴۰۵، ساعت ۱۰:۰۰"), ("ps", "۶ لیندۍ ۱۴۰۵، ۱۰:۰۰"), ("en", "Nov. 27, 2026, 10 a.m.")],
)
def test_article_pages_show_the_interface_calendar_and_keep_the_gregorian_moment(client, language, shown):
    moment = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=KABUL)
    article = ArticleFactory(publish_at=moment)
    client.cookies["django_language"] = language
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'<time datetime="{moment.isoformat()}">{shown}</time>' in html


@pytest.mark.parametrize(
    "day, kind, dari, english",
    [
        (datetime.date(2026, 11, 1), "ARCHIVE_MONTH", "عقرب–قوس ۱۴۰۵", "November 2026"),
        (datetime.date(2026, 3, 1), "ARCHIVE_MONTH", "حوت ۱۴۰۴–حمل ۱۴۰۵", "March 2026"),
        (datetime.date(2026, 1, 1), "ARCHIVE_YEAR", "جدی ۱۴۰۴–جدی ۱۴۰۵", "2026"),
    ],
)
def test_archive_headings_name_the_afghan_months_a_gregorian_month_covers(day, kind, dari, english):
    assert calendars.local_date(day, kind, "fa") == dari
    with translation.override("en"):
        assert calendars.local_date(day, kind, "en") == english


@pytest.mark.django_db
def test_the_month_archive_is_headed_in_the_interface_calendar(client):
    ArticleFactory(publish_at=datetime.datetime(2026, 11, 27, 10, 0, tzinfo=KABUL))
    client.cookies["django_language"] = "fa"
    html = client.get("/2026/11/").content.decode()
    assert "عقرب–قوس ۱۴۰۵" in html
    assert "نوامبر" not in html
