"""A reader posts under "Leave a Reply": what they get back, what is stored, what others see."""

import datetime
import re

import html5lib
import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comments.forms import sign_start
from comments.models import ModerationLog, ModerationTerm, Reply
from tests.factories import ArticleFactory, ReplyFactory

Status = Reply.Status
AWAITING = "Your comment is awaiting moderation."


def form_data(article, **overrides):
    data = {
        "name": "Nadia Rahimi",
        "email": "nadia@readers.example",
        "url": "",
        "body": "Thank you for this careful piece.",
        "parent": "",
        "fax": "",
        "started": sign_start(article, timezone.now() - datetime.timedelta(seconds=60)),
    }
    data.update(overrides)
    return data


def post(client, article, ip="203.0.113.5", **overrides):
    return client.post(
        reverse("comments:post", args=[article.pk]),
        form_data(article, **overrides),
        REMOTE_ADDR=ip,
        HTTP_USER_AGENT="Mozilla/5.0 (test)",
    )


@pytest.fixture
def article(db):
    return ArticleFactory(title="Water and the northern canals")


# --- the form on the page ---------------------------------------------------------------


@pytest.mark.django_db
def test_article_page_shows_leave_a_reply_form_with_notice_and_fields(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Leave a Reply" in html
    text = re.sub(r"<[^>]+>", "", html)
    assert "Your email address will not be published. Required fields are marked *" in " ".join(text.split())
    for name in ("name", "email", "url", "body", "save_details", "started"):
        assert f'name="{name}"' in html
    assert f'action="/replies/post/{article.pk}/#respond"' in html
    assert "Save my name, email, and website in this browser for the next time I comment." in html


@pytest.mark.django_db
def test_signed_in_members_need_the_csrf_token(editor, article):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert post(client, article).status_code == 403
    assert not Reply.objects.exists()
    html = client.get(article.get_absolute_url()).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert post(client, article, csrfmiddlewaretoken=token).status_code == 302
    assert Reply.objects.get().user == editor


@pytest.mark.django_db
def test_anonymous_page_has_no_csrf_token_and_sets_no_cookie(article):
    response = Client(enforce_csrf_checks=True).get(article.get_absolute_url())
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert not response.cookies
    assert "public" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "origin, allowed",
    [(None, True), ("http://testserver", True), ("https://evil.example", False), ("null", False)],
)
def test_anonymous_posts_from_another_site_are_refused(article, origin, allowed):
    client = Client(enforce_csrf_checks=True)
    headers = {"HTTP_ORIGIN": origin} if origin else {}
    response = client.post(reverse("comments:post", args=[article.pk]), form_data(article), **headers)
    assert (response.status_code == 302) is allowed
    assert Reply.objects.exists() is allowed


# --- a reply that goes through ------------------------------------------------------------


@pytest.mark.django_db
def test_first_reply_is_held_redirects_to_its_anchor_and_only_its_author_sees_it(client, article):
    response = post(client, article)
    reply = Reply.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#reply-{reply.pk}"
    assert (reply.status, reply.hold_reason) == (Status.PENDING, Reply.Reason.FIRST_REPLY)
    assert (reply.ip_address, reply.user_agent) == ("203.0.113.5", "Mozilla/5.0 (test)")

    mine = client.get(article.get_absolute_url()).content.decode()
    assert AWAITING in mine and "Thank you for this careful piece." in mine
    assert f'id="reply-{reply.pk}"' in mine

    stranger = Client().get(article.get_absolute_url()).content.decode()
    assert AWAITING not in stranger and "Thank you for this careful piece." not in stranger


@pytest.mark.django_db
def test_a_forged_own_replies_cookie_reveals_nothing(client, article):
    post(client, article)
    reply = Reply.objects.get()
    other = Client()
    other.cookies["replies_mine"] = str(reply.pk)
    assert AWAITING not in other.get(article.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_once_approved_everyone_sees_it_without_the_notice(client, moderator, article):
    post(client, article)
    from comments import moderation

    moderation.approve(Reply.objects.get(), moderator)
    for reader in (client, Client()):
        html = reader.get(article.get_absolute_url()).content.decode()
        assert "Thank you for this careful piece." in html
        assert AWAITING not in html


@pytest.mark.django_db
def test_reply_from_a_previously_approved_email_appears_at_once(client, article):
    ReplyFactory(email="nadia@readers.example")
    post(client, article)
    assert Reply.objects.get(article=article).status == Status.APPROVED
    assert "Thank you for this careful piece." in Client().get(article.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_logged_in_staff_reply_is_approved_and_logged(client, editor, article):
    client.force_login(editor)
    post(client, article)
    reply = Reply.objects.get()
    assert (reply.status, reply.user) == (Status.APPROVED, editor)
    assert ModerationLog.objects.get(reply=reply).to_status == Status.APPROVED


@pytest.mark.django_db
def test_moderators_get_an_email_for_a_pending_reply(
    client, moderator, article, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(client, article)
    reply = Reply.objects.get()
    assert len(mail.outbox) == 1
    assert f"/admin/comments/reply/{reply.pk}/change/" in mail.outbox[0].body


@pytest.mark.django_db
def test_threaded_reply_sits_under_its_parent(client, article):
    parent = ReplyFactory(article=article, body="The first word.")
    ReplyFactory(article=article, body="A later top-level reply.")
    ReplyFactory(email="nadia@readers.example")  # known commenter: approved at once
    post(client, article, parent=str(parent.pk), body="An answer to the first word.")
    child = Reply.objects.get(body="An answer to the first word.")
    assert child.parent == parent
    html = Client().get(article.get_absolute_url()).content.decode()
    assert html.index("The first word.") < html.index("An answer to the first word.")
    assert html.index("An answer to the first word.") < html.index("A later top-level reply.")


@pytest.mark.django_db
def test_reply_link_names_the_reply_being_answered(client, article):
    parent = ReplyFactory(article=article, name="Karim")
    html = client.get(f"{article.get_absolute_url()}?replytocom={parent.pk}").content.decode()
    assert "Leave a Reply to Karim" in html
    assert f'name="parent" value="{parent.pk}"' in html
    assert "Cancel reply" in html


@pytest.mark.django_db
def test_no_reply_link_beyond_the_configured_depth(client, article, settings):
    settings.NEWSROOM_REPLY_DEPTH = 2
    top = ReplyFactory(article=article)
    second = ReplyFactory(article=article, parent=top)
    html = client.get(article.get_absolute_url()).content.decode()
    assert f"?replytocom={top.pk}#respond" in html
    assert f"?replytocom={second.pk}#respond" not in html


# --- step 1: invalid input, nothing stored ------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"name": ""}, "name", "This field is required."),
        ({"name": "   "}, "name", "This field is required."),
        ({"email": ""}, "email", "This field is required."),
        ({"email": "not-an-email"}, "email", "Enter a valid email address."),
        # Each address isolated left to right, so a Dari or Pashto sentence cannot turn it around.
        (
            {"url": "javascript:alert(1)"},
            "url",
            "Enter a web address starting with \u2066http://\u2069 or \u2066https://\u2069, like "
            "\u2066https://example.org/\u2069.",
        ),
        ({"body": ""}, "body", "This field is required."),
        ({"body": "x" * 5001}, "body", "Ensure this value has at most 5000 characters"),
        ({"name": "n" * 101}, "name", "Ensure this value has at most 100 characters"),
    ],
)
def test_invalid_input_shows_the_form_again_with_a_message_and_stores_nothing(
    client, article, overrides, field, message
):
    response = post(client, article, **overrides)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert f'id="id_{field}-error"' in html
    assert 'aria-invalid="true"' in html
    focused = re.findall(r"<(?:input|textarea)\b[^>]*\bautofocus\b[^>]*>", html)
    assert len(focused) == 1 and f'id="id_{field}"' in focused[0]  # the field to correct
    assert not Reply.objects.exists()


@pytest.mark.django_db
def test_invalid_post_keeps_what_the_reader_typed(client, article):
    response = post(client, article, email="broken", body="Words I do not want to lose.")
    assert "Words I do not want to lose." in response.content.decode()


@pytest.mark.django_db
def test_closed_article_refuses_posts_and_says_so(client):
    article = ArticleFactory(comments_open=False)
    ReplyFactory(article=article, body="An older approved reply.")
    response = post(client, article)
    assert response.status_code == 403
    assert "Comments are closed." in response.content.decode()
    assert Reply.objects.count() == 1
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Comments are closed." in page and "Leave a Reply" not in page
    assert "An older approved reply." in page


@pytest.mark.django_db
def test_replies_close_by_themselves_after_the_configured_days(client, settings):
    settings.NEWSROOM_REPLY_CLOSE_AFTER_DAYS = 7
    article = ArticleFactory(publish_at=timezone.now() - datetime.timedelta(days=8))
    assert post(client, article).status_code == 403
    assert not Reply.objects.exists()
    assert "Comments are closed." in client.get(article.get_absolute_url()).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "status, publish_in",
    [("draft", None), ("review", None), ("published", datetime.timedelta(days=1))],
)
def test_unpublished_articles_refuse_replies_with_a_message(client, status, publish_in):
    publish_at = timezone.now() + publish_in if publish_in else None
    article = ArticleFactory(status=status, publish_at=publish_at)
    response = post(client, article)
    assert response.status_code == 404
    assert "This article is not available for replies." in response.content.decode()
    assert article.title not in response.content.decode()
    assert not Reply.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "make_parent",
    [
        pytest.param(lambda article: ReplyFactory(article=article, status=Status.PENDING).pk, id="pending"),
        pytest.param(lambda article: ReplyFactory(article=article, status=Status.SPAM).pk, id="spam"),
        pytest.param(lambda article: ReplyFactory(article=article, status=Status.TRASH).pk, id="trash"),
        pytest.param(lambda article: ReplyFactory().pk, id="under-another-article"),
        pytest.param(lambda article: 999999, id="no-such-reply"),
    ],
)
def test_answering_a_reply_that_is_not_shown_here_is_refused(client, article, make_parent):
    parent_pk = make_parent(article)
    stored = Reply.objects.count()
    response = post(client, article, parent=str(parent_pk))
    assert response.status_code == 400
    assert "The reply you are answering is not available." in response.content.decode()
    assert Reply.objects.count() == stored


@pytest.mark.django_db
def test_answering_deeper_than_the_setting_is_refused(client, article, settings):
    settings.NEWSROOM_REPLY_DEPTH = 2
    top = ReplyFactory(article=article)
    second = ReplyFactory(article=article, parent=top)
    response = post(client, article, parent=str(second.pk))
    assert response.status_code == 400
    assert "cannot be nested any deeper" in response.content.decode()
    assert Reply.objects.count() == 2


# --- step 2: bots ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_filled_honeypot_is_dropped_quietly(client, article):
    response = post(client, article, fax="http://cheap.example")
    assert response.status_code == 302
    assert not Reply.objects.exists()


@pytest.mark.django_db
def test_too_fast_submission_is_stored_as_spam_and_never_shown(client, article):
    response = post(client, article, started=sign_start(article, timezone.now()))
    assert response.status_code == 302
    reply = Reply.objects.get()
    assert (reply.status, reply.hold_reason) == (Status.SPAM, Reply.Reason.TOO_FAST)
    assert "Thank you for this careful piece." not in client.get(article.get_absolute_url()).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["", "forged", "made-for:another-article"])
def test_missing_or_forged_form_token_is_spam(client, article, token):
    if token.startswith("made-for"):
        token = sign_start(ArticleFactory(), timezone.now() - datetime.timedelta(minutes=5))
    post(client, article, started=token)
    assert Reply.objects.get().hold_reason == Reply.Reason.BAD_TOKEN


# --- step 3: flood and duplicates -------------------------------------------------------------------


@pytest.mark.django_db
def test_posting_again_at_once_is_refused_with_429_and_the_text_is_kept(client, article):
    post(client, article)
    response = post(client, article, body="And another thought, straight away.")
    assert response.status_code == 429
    html = response.content.decode()
    assert "You are posting comments too quickly. Slow down." in html
    assert "And another thought, straight away." in html
    assert Reply.objects.count() == 1


@pytest.mark.django_db
def test_exact_duplicate_is_refused_with_409(client, article, settings):
    settings.NEWSROOM_REPLY_FLOOD_SECONDS = 0
    post(client, article)
    response = post(client, article)
    assert response.status_code == 409
    assert (
        "Duplicate comment detected; it looks as though you’ve already said that!"
        in response.content.decode()
    )
    assert Reply.objects.count() == 1


# --- steps 4 to 6 through the view ------------------------------------------------------------------


@pytest.mark.django_db
def test_disallowed_persian_word_makes_spam_whatever_the_keyboard(client, article):
    ModerationTerm.objects.create(kind="disallowed_word", value="کلاهبردار")
    post(client, article, body="نویسنده يك كلاهبردار است")
    assert Reply.objects.get().hold_reason == Reply.Reason.DISALLOWED_WORD
    assert Reply.objects.get().status == Status.SPAM


@pytest.mark.django_db
def test_too_many_links_are_held_with_the_reason(client, article):
    ReplyFactory(email="nadia@readers.example")
    post(client, article, body="https://a.example https://b.example https://c.example")
    reply = Reply.objects.get(article=article)
    assert (reply.status, reply.hold_reason) == (Status.PENDING, Reply.Reason.TOO_MANY_LINKS)


# --- what readers may never see ---------------------------------------------------------------------


@pytest.fixture
def mixed_thread(article):
    shown = ReplyFactory(article=article, name="Shown Reader", email="shown.reader@private.example")
    ReplyFactory(article=article, parent=shown, email="child.reader@private.example", body="Visible answer.")
    for status in (Status.PENDING, Status.SPAM, Status.TRASH):
        ReplyFactory(
            article=article, status=status, email=f"{status}@private.example", body=f"Hidden {status} body."
        )
    return article


@pytest.mark.django_db
def test_no_public_page_shows_an_email_or_a_hidden_reply(client, mixed_thread):
    article = mixed_thread
    category = article.primary_category
    author = article.ordered_authors()[0]
    urls = ["/", article.get_absolute_url(), category.get_absolute_url(), author.get_absolute_url()]
    day = article.publish_date
    urls += [f"/{day.year}/", f"/{day.year}/{day.month:02d}/"]
    for url in urls:
        html = client.get(url).content.decode()
        assert "@private.example" not in html, url
        assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", html), url
        for status in ("pending", "spam", "trash"):
            assert f"Hidden {status} body." not in html, url
    assert "Visible answer." in client.get(article.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_html_and_script_in_a_reply_show_as_text(client, article):
    ReplyFactory(
        article=article,
        name='<script>alert("name")</script>',
        body='<img src=x onerror=alert(1)> <b>bold</b>\n\n<script>alert("body")</script>',
        url='https://site.example/?q="><script>',
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


@pytest.mark.django_db
def test_links_in_replies_are_marked_nofollow(client, article):
    ReplyFactory(article=article, body="Source: https://data.example/report", url="https://me.example")
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'href="https://data.example/report" rel="nofollow ugc"' in html
    assert 'href="https://me.example" rel="ugc nofollow noopener"' in html


# --- the "save my details" cookie -----------------------------------------------------------------------


@pytest.mark.django_db
def test_details_are_remembered_only_with_consent(client, article, settings):
    settings.NEWSROOM_REPLY_FLOOD_SECONDS = 0
    fresh = client.get(article.get_absolute_url()).content.decode()
    assert re.search(r'<input type="checkbox" name="save_details" id="id_save_details">', fresh)
    response = post(client, article)
    assert "reply_author" not in response.cookies or not response.cookies["reply_author"].value
    assert 'value="Nadia Rahimi"' not in Client().get(article.get_absolute_url()).content.decode()

    response = post(client, article, body="Second thought.", save_details="on", url="https://nadia.example")
    assert response.cookies["reply_author"]["httponly"]
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'value="Nadia Rahimi"' in html and 'value="https://nadia.example"' in html
    assert re.search(r'name="save_details"[^>]*checked', html)

    response = post(client, article, body="Third thought, forget me.")
    assert response.cookies["reply_author"].value == ""
    assert 'value="Nadia Rahimi"' not in client.get(article.get_absolute_url()).content.decode()


# --- counts, order, queries, markup ------------------------------------------------------------------


@pytest.mark.django_db
def test_listing_cards_count_approved_replies_only(client, article):
    for _ in range(3):
        ReplyFactory(article=article)
    for status in (Status.PENDING, Status.SPAM, Status.TRASH):
        ReplyFactory(article=article, status=status)
    html = client.get(article.primary_category.get_absolute_url()).content.decode()
    assert "3 replies" in html
    assert "4 replies" not in html and "6 replies" not in html
    page = client.get(article.get_absolute_url()).content.decode()
    assert "3 Replies" in page


def threaded(article, count):
    """``count`` approved replies, three levels deep, posted one minute apart."""
    start = timezone.now() - datetime.timedelta(days=1)
    made = []
    for n in range(count):
        # Every third reply starts a thread; the next two answer the one before.
        parent = made[n - 1] if n % 3 else None
        made.append(
            ReplyFactory(
                article=article,
                parent=parent,
                created_at=start + datetime.timedelta(minutes=n),
                body=f"Reply {n:03d}.",
            )
        )
    return made


@pytest.mark.django_db
@pytest.mark.parametrize("page_cache", [False, True])
def test_200_threaded_replies_cost_at_most_two_more_queries_than_none(
    client, django_assert_max_num_queries, settings, page_cache
):
    # With the page cache on, both requests are misses (it adds its own query).
    settings.PAGECACHE_ENABLED = page_cache
    empty, full, warmup = ArticleFactory(), ArticleFactory(), ArticleFactory()
    threaded(full, 200)
    client.get(warmup.get_absolute_url())  # process-wide caches (content types)
    with CaptureQueriesContext(connection) as none_queries:
        assert client.get(empty.get_absolute_url()).status_code == 200
    budget = len(none_queries) + 2
    if not page_cache:
        assert len(none_queries) <= 7
        budget = min(budget, 8)  # the article page's own limit
    with django_assert_max_num_queries(budget):
        response = client.get(full.get_absolute_url())
    html = response.content.decode()
    positions = [html.index(f"Reply {n:03d}.") for n in range(200)]
    assert positions == sorted(positions)  # posting order is thread order here
    assert html.count('<li class="reply') == 200
    assert "200 Replies" in html


@pytest.mark.django_db
def test_article_page_with_replies_and_with_errors_is_valid_html(client, article):
    parent = ReplyFactory(article=article)
    ReplyFactory(article=article, parent=parent)
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    parser.parse(client.get(article.get_absolute_url()).content)
    parser.parse(client.get(f"{article.get_absolute_url()}?replytocom={parent.pk}").content)
    parser.parse(post(client, article, email="broken", name="").content)
    parser.parse(post(client, ArticleFactory(comments_open=False)).content)


# --- the page cache (newsroom/pagecache.py) -----------------------------------------------------------


@pytest.mark.django_db
def test_cached_article_page_and_cards_show_a_reply_once_approved(client, moderator, article, settings):
    from comments import moderation
    from tests.test_pagecache import warm

    settings.PAGECACHE_ENABLED = True
    listing = article.primary_category.get_absolute_url()
    reader = Client()
    warm(reader, article.get_absolute_url())
    warm(reader, listing)
    post(client, article)
    reply = Reply.objects.get()
    assert "Thank you for this careful piece." not in reader.get(article.get_absolute_url()).content.decode()
    moderation.approve(reply, moderator)
    assert "Thank you for this careful piece." in reader.get(article.get_absolute_url()).content.decode()
    assert "1 reply" in reader.get(listing).content.decode()
    moderation.moderate([reply], Reply.Status.TRASH, moderator)
    assert "Thank you for this careful piece." not in reader.get(article.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_the_author_of_a_pending_reply_is_never_served_the_shared_page(client, article):
    client.get(article.get_absolute_url())  # fills the cache
    post(client, article)
    response = client.get(article.get_absolute_url())
    assert response["X-Page-Cache"] == "bypass"
    assert AWAITING in response.content.decode()


@pytest.mark.parametrize(
    "proxies, forwarded, expected",
    [
        (0, "192.0.2.1", "10.0.0.9"),  # no proxy of ours: the header is the reader's to forge
        (1, "198.51.100.66, 192.0.2.1", "192.0.2.1"),
        (1, "not-an-ip", None),  # a misconfigured proxy must not break posting
    ],
)
def test_reader_ip_behind_trusted_proxies(rf, settings, proxies, forwarded, expected):
    from comments.views import reader_ip

    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.post("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR=forwarded)
    assert reader_ip(request) == expected


@pytest.mark.django_db
def test_a_cached_page_gives_each_reader_a_fresh_form_time(article, settings):
    import time_machine

    from comments.forms import read_start
    from tests.test_pagecache import warm

    warm(Client(), article.get_absolute_url())
    later = timezone.now() + datetime.timedelta(minutes=10)
    with time_machine.travel(later, tick=False):
        response = Client().get(article.get_absolute_url())
    assert response["X-Page-Cache"] == "hit"
    token = re.search(r'name="started" value="([^"]+)"', response.content.decode()).group(1)
    assert abs((read_start(token, article) - later).total_seconds()) < 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "required", "too_long", "email"),
    [
        (
            "en",
            "This field is required.",
            "at most 5000 characters (it has 6000)",
            "Enter a valid email address.",
        ),
        (
            "ps",
            "دا خانه باید ډکه شي.",
            "تر 5000 تورو زیات نه وي (دا 6000 توري لري)",
            "یو سم برېښنالیک پته ولیکئ.",
        ),
        (
            "fa",
            "این خانه باید پر شود.",
            "حداکثر 5000 حرف باشد (این 6000 حرف دارد)",
            "یک آدرس ایمیل درست بنویسید.",
        ),
    ],
)
def test_a_refused_reply_is_told_why_in_the_readers_language(
    client, article, settings, language, required, too_long, email
):
    """Django ships no Pashto: its own messages a reader can meet come from our catalogue."""
    settings.NEWSROOM_REPLY_MAX_LENGTH = 5000
    client.cookies["django_language"] = language
    html = post(client, article, name="", email="not-an-address", body="x" * 6000).content.decode()
    assert required in html and too_long in html and email in html
