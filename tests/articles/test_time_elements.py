"""Every <time datetime> is a valid HTML date or global date and time (issue 18, finding 9)."""

import datetime
import re

import html5lib
import pytest
from django.utils import timezone

from articles.models import Correction
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

# HTML's valid date string and valid global date and time string: seconds may
# carry one to three decimals, the offset is Z or ±hh:mm / ±hhmm.
VALID_DATETIME = re.compile(
    r"\d{4,}-\d{2}-\d{2}"
    r"([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2}))?"
)


def time_values(html: str) -> list[str]:
    document = html5lib.parse(html, namespaceHTMLElements=False)
    return [
        element.get("datetime") for element in document.iter("time") if element.get("datetime") is not None
    ]


def test_the_updated_line_has_no_microseconds(client):
    published = timezone.now().replace(microsecond=123456) - datetime.timedelta(hours=5)
    article = ArticleFactory(publish_at=published)
    updated = timezone.now().replace(microsecond=911929)
    type(article).objects.filter(pk=article.pk).update(updated_at=updated)
    Correction.objects.create(article=article, note="A name was misspelled.")
    ArticleFactory(publish_at=published + datetime.timedelta(minutes=1))  # related and latest boxes

    html = client.get(article.get_absolute_url()).content.decode()
    assert "Updated" in html
    values = time_values(html)
    assert len(values) >= 2
    for value in values:
        assert VALID_DATETIME.fullmatch(value), value
    local = timezone.localtime(updated).replace(microsecond=0)
    assert local.isoformat() in values


def test_listing_times_are_valid(client):
    article = ArticleFactory(
        publish_at=timezone.now().replace(microsecond=500000) - datetime.timedelta(hours=1)
    )
    for path in ("/", article.primary_category.get_absolute_url()):
        values = time_values(client.get(path).content.decode())
        assert values, path
        for value in values:
            assert VALID_DATETIME.fullmatch(value), (path, value)
