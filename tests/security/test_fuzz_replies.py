"""The reply form under any input: a page or a clear error, never a 500; what comes back is escaped."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from comments.forms import sign_start
from comments.models import Reply
from tests.factories import ArticleFactory
from tests.security.fuzzing import any_text, assert_escaped, fuzz, numberish

CLEAR = {302, 400, 403, 404, 409, 429}


@pytest.fixture
def article(db, settings):
    # Every example should reach the later rules, not stop at the flood limit.
    settings.NEWSROOM_REPLY_FLOOD_SECONDS = 0
    settings.NEWSROOM_REPLY_MIN_SECONDS = 0
    settings.NEWSROOM_REPLY_NOTIFY_MODERATORS = False
    return ArticleFactory()


def submissions(article):
    return st.fixed_dictionaries(
        {},
        optional={
            "name": any_text,
            "email": st.one_of(any_text, st.emails()),
            "url": st.one_of(any_text, st.from_regex(r"\Ahttps?://[a-z]{1,10}\.[a-z]{2,5}/\S{0,20}\Z")),
            "body": st.one_of(any_text, st.text(min_size=4990, max_size=5010)),
            "parent": numberish,
            "started": st.one_of(any_text, st.just(sign_start(article, article.publish_at))),
            "fax": any_text,
            "save_details": any_text,
        },
    )


@fuzz
@given(data=st.data())
def test_any_submission_gets_a_page_or_a_clear_error(client, article, data):
    fields = data.draw(submissions(article))
    response = client.post(reverse("comments:post", args=[article.pk]), fields)
    assert response.status_code in CLEAR, (response.status_code, fields)
    if response.status_code != 302:
        page = response.content.decode()
        for value in fields.values():
            assert_escaped(page, value)


@fuzz
@given(article_id=st.integers(min_value=0, max_value=2**70))
def test_any_article_number_in_the_posting_address(client, article, article_id):
    response = client.post(
        f"/replies/post/{article_id}/", {"name": "A", "email": "a@example.org", "body": "Hi"}
    )
    assert response.status_code in CLEAR


def test_markup_in_a_refused_reply_comes_back_escaped(client, article):
    payload = '<script>alert("x")</script>'
    response = client.post(
        reverse("comments:post", args=[article.pk]),
        {"name": payload, "email": "not-an-email", "body": payload, "url": "javascript:alert(1)"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert payload not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert 'href="javascript:' not in page
    assert not Reply.objects.exists()
