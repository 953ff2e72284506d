"""The hostile-strings corpus, approved, on the article page in Chromium at 390 px (issue 18, point 3).

The replies go in through the reply form (tests/corpus/replies.py); the page
must not scroll sideways (Thai under stacked tone marks, Dari, CJK, URLs with
no break point) and axe must find no link without a name.
"""

import pytest
from django.apps import apps

from newsroom import roles
from tests import factories
from tests.corpus.hostile_strings import LONG_WORDS
from tests.corpus.replies import post_corpus

WIDTH = 390


@pytest.fixture
def hostile_article(transactional_db, live_server, settings):
    settings.NEWSROOM_REPLY_FLOOD_SECONDS = 0
    settings.NEWSROOM_REPLY_MAX_LINKS = 100
    settings.NEWSROOM_REPLY_NOTIFY_MODERATORS = False
    roles.sync_roles(apps)  # a flushed database has no groups
    from django.contrib.auth.models import Group

    moderator = factories.UserFactory(username="mod", is_staff=True)
    moderator.groups.add(Group.objects.get(name=roles.MODERATOR))
    words = " ".join(LONG_WORDS.values())
    article = factories.ArticleFactory(
        title=LONG_WORDS["thai"][:60] + " " + LONG_WORDS["latin"],
        dek=LONG_WORDS["dari"],
        body=f"<p>{words}</p>",
        tags=[LONG_WORDS["digits"][:90]],
    )
    post_corpus(article, moderator)
    return live_server, article


@pytest.mark.parametrize("language", ["en", "fa"])
def test_no_sideways_scrolling_and_every_link_named(hostile_article, browser, axe, screenshot, language):
    server, article = hostile_article
    context = browser.new_context(viewport={"width": WIDTH, "height": 900})
    context.add_cookies([{"name": "django_language", "value": language, "url": server.url}])
    page = context.new_page()
    try:
        page.goto(server.url + article.get_absolute_url())
        assert page.locator(".reply").count() > 300
        widths = page.evaluate(
            "[document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]"
        )
        wide = page.evaluate(
            """(limit) => [...document.querySelectorAll('body *')]
                .filter(el => el.getBoundingClientRect().right > limit + 1
                              || el.getBoundingClientRect().left < -1)
                .slice(0, 5).map(el => el.tagName + '.' + el.className)""",
            WIDTH,
        )
        assert widths[0] <= WIDTH and widths[1] <= WIDTH, (widths, wide)
        assert [v for v in axe(page) if v["id"] == "link-name"] == []
        if language == "en":
            page.goto(server.url + article.get_absolute_url() + "#comments")
            screenshot(page, "hostile-replies-390px", full_page=False)
    finally:
        context.close()
