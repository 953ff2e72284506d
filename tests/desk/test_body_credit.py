"""The photo credit under a body image survives the sanitizer and shows like the featured image's."""

import pytest

from articles.sanitize import clean_html
from tests.factories import ArticleFactory


def test_the_sanitizer_keeps_the_credit_class_and_no_other():
    html = (
        '<figure><img src="/media/a.jpg" alt="A"><figcaption>Herat market '
        '<span class="credit">Photo: Omid Rahimi</span></figcaption></figure>'
        '<p><span class="evil" onclick="x()">text</span></p>'
    )
    cleaned = clean_html(html)
    assert '<span class="credit">Photo: Omid Rahimi</span>' in cleaned
    assert "evil" not in cleaned and "onclick" not in cleaned


@pytest.mark.django_db
def test_the_public_page_shows_the_body_image_credit(client):
    article = ArticleFactory(
        body='<figure><img src="/media/a.jpg" alt="A market"><figcaption>Herat market '
        '<span class="credit">Photo: Omid Rahimi</span></figcaption></figure><p>Text.</p>'
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<figcaption>Herat market <span class="credit">Photo: Omid Rahimi</span></figcaption>' in html
