"""The hostile-strings corpus and random text through the reply form's three text fields (issue 18, point 3).

Everything accepted is approved, then the article page must be valid HTML for
the Nu Html Checker, carry no control character or noncharacter, and give
every link a name. The browser half (no horizontal overflow at 390 px, axe's
link-name rule) is tests/e2e/test_hostile_replies.py.
"""

import html5lib
import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from comments.forms import ReplyForm
from comments.models import Reply
from newsroom.text import has_visible_character
from tests import vnu
from tests.corpus.hostile_strings import corpus
from tests.corpus.replies import forbidden_characters, post_corpus, stored_text_is_clean
from tests.factories import ArticleFactory
from tests.security.fuzzing import fuzz

pytestmark = pytest.mark.django_db

INVISIBLE_NAME = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u061c\u3164"


def link_names(html: str) -> list[tuple[str, str]]:
    """(href, accessible text) of every link: its text, or aria-label, or an image's alt."""
    document = html5lib.parse(html, namespaceHTMLElements=False)
    links = []
    for link in document.iter("a"):
        text = "".join(link.itertext())
        text += link.get("aria-label", "") + "".join(image.get("alt", "") for image in link.iter("img"))
        links.append((link.get("href", ""), text))
    return links


@pytest.fixture
def article(settings):
    settings.NEWSROOM_REPLY_FLOOD_SECONDS = 0
    settings.NEWSROOM_REPLY_MAX_LINKS = 100
    settings.NEWSROOM_REPLY_NOTIFY_MODERATORS = False
    return ArticleFactory(title="Hostile strings")


def test_the_corpus_covers_every_class_the_issue_names():
    labels = [label for label, _text in corpus()]
    for group in (
        "control",
        "nonchar",
        "bidi",
        "invisible",
        "long thai",
        "long dari",
        "combining",
        "markup",
        "url",
    ):
        assert any(label.startswith(group) for label in labels), group
    assert sum(label.startswith("control U+") for label in labels) == 65
    assert sum(label.startswith("nonchar U+") for label in labels) == 66


def test_the_corpus_through_the_reply_form_leaves_a_clean_valid_page(article, moderator):
    counts = post_corpus(article, moderator)
    assert counts["stored"] > 300 and counts["refused"] > 30, counts
    assert stored_text_is_clean() == []
    assert not Reply.objects.exclude(status=Reply.Status.APPROVED).exists()

    html = Client().get(article.get_absolute_url()).content.decode()
    assert Reply.objects.filter(name="Reader 0").exists()
    assert forbidden_characters(html) == []
    empty = [href for href, text in link_names(html) if not has_visible_character(text)]
    assert empty == []
    assert vnu.check({"article with the corpus": html}) == []


@fuzz
@given(name=st.text(max_size=40), url=st.text(max_size=40), body=st.text(min_size=1, max_size=200))
def test_any_text_is_refused_with_a_message_or_stored_clean(article, name, url, body):
    form = ReplyForm(
        {"name": name, "email": "reader@readers.example", "url": url, "body": body},
        article=article,
    )
    if not form.is_valid():
        assert form.errors
        return
    cleaned = form.cleaned_data
    for field in ("name", "url", "body"):
        assert forbidden_characters(cleaned[field]) == [], field
    assert has_visible_character(cleaned["name"]) and has_visible_character(cleaned["body"])
    assert cleaned["url"] == "" or cleaned["url"].startswith(("http://", "https://"))
    assert cleaned["url"].isascii()


@fuzz
@given(name=st.text(alphabet=st.sampled_from(INVISIBLE_NAME), min_size=1, max_size=12))
def test_a_name_of_invisible_characters_is_always_refused(article, name):
    form = ReplyForm({"name": name, "email": "a@readers.example", "body": "Hello"}, article=article)
    assert not form.is_valid() and "name" in form.errors
