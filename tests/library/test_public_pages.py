"""Public pages show renditions of library images, never the original upload (issue 15, point 2)."""

import json
import re

import pytest
from django.core.files.storage import default_storage

from tests.factories import ArticleFactory, CategoryFactory, library_image

from .photos import camera_jpeg

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(settings):
    from library.models import Image

    section = CategoryFactory(name="Security", slug="security", show_on_home=True)
    featured = Image.objects.create_from_file(
        camera_jpeg(size=(2400, 1600)), alt_text="A checkpoint", credit="Staff photographer"
    )
    in_body = library_image(size=(1600, 1000), alt_text="A dam", caption="The dam", credit="Zahra Ahmadi")
    # A journalist pasting the master's own address into the body: rewritten to renditions on save.
    pasted = f'<p><img src="{default_storage.url(in_body.file.name)}" alt="Pasted"></p>'
    article = ArticleFactory(
        title="On the road to Kandahar",
        primary_category=section,
        categories=[section],
        tags=["roads"],
        featured_image=featured,
        body="<p>Text.</p>" + in_body.figure_html() + pasted,
        is_pinned=True,
    )
    return article, featured, in_body


def test_no_public_page_contains_the_address_of_an_original_upload(client, published):
    article, featured, in_body = published
    pages = {
        "article": article.get_absolute_url(),
        "home": "/",
        "category": "/category/security/",
        "tag": "/tag/roads/",
        "rss": "/feed/",
        "atom": "/feed/atom/",
        "category feed": "/category/security/feed/",
        "sitemap": "/sitemap.xml",
        "news sitemap": "/news-sitemap.xml",
    }
    originals = [featured.file.name, in_body.file.name, "library/original/"]
    seen = {}
    for name, url in pages.items():
        response = client.get(url, follow=True)
        assert response.status_code == 200, name
        content = response.content.decode()
        seen[name] = content
        for original in originals:
            assert original not in content, (name, original)
    # The pages do show the pictures, through their renditions.
    article_page = seen["article"]
    assert featured.srcset_webp in article_page and featured.srcset_avif in article_page
    assert in_body.srcset() in article_page and 'alt="Pasted"' in article_page
    assert "Staff photographer" in article_page and "Zahra Ahmadi" in article_page
    assert featured.src in seen["rss"] and featured.src in seen["atom"]
    assert featured.srcset() in seen["home"] and "Staff photographer" in seen["home"]  # the lead card

    data = json.loads(
        re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', article_page, re.S)[1]
    )
    images = data["image"] if isinstance(data, dict) else next(d["image"] for d in data if "image" in d)
    assert [url.removeprefix("http://testserver") for url in images] == [
        featured.crop("16x9")["url"],
        featured.crop("4x3")["url"],
        featured.crop("1x1")["url"],
    ]
    og_image = re.search(r'<meta property="og:image" content="([^"]+)"', article_page)[1]
    assert og_image.endswith(featured.crop("16x9")["url"])
