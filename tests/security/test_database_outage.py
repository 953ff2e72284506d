"""While the database is unreachable readers get a clean 503; when it returns, pages do too."""

import contextlib
import html
import re

import pytest
from django.db import OperationalError, connection
from django.test import Client

from comments.models import Reply
from newsroom import resilience
from tests.factories import ArticleFactory


def refuse(execute, sql, params, many, context):
    raise OperationalError("server closed the connection unexpectedly")


@contextlib.contextmanager
def database_down():
    """Every query fails as it does when PostgreSQL has gone away."""
    with connection.execute_wrapper(refuse):
        yield


@pytest.fixture
def reader(db):
    return Client(raise_request_exception=False)


@pytest.fixture
def article(db):
    return ArticleFactory(title="Wheat prices")


@pytest.mark.parametrize("path", ["/", "/category/nowhere/", "/tag/wheat/"])
def test_reader_gets_a_503_page_with_retry_after_not_a_stack_trace(reader, article, path):
    with database_down():
        response = reader.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == str(resilience.RETRY_AFTER_SECONDS)
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "We are briefly unavailable" in page
    assert "Traceback" not in page and "OperationalError" not in page
    assert '<html lang="en" dir="ltr">' in page


def test_article_page_is_a_503_too_and_keeps_security_headers(reader, article):
    with database_down():
        response = reader.get(article.get_absolute_url())
    assert response.status_code == 503
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_staff_in_the_admin_get_the_503_page_too(reader, admin_user):
    reader.force_login(admin_user)
    with database_down():
        response = reader.get("/admin/")
    assert response.status_code == 503


def test_site_recovers_by_itself_when_the_database_returns(reader, article):
    with database_down():
        assert reader.get("/").status_code == 503
    response = reader.get("/")
    assert response.status_code == 200
    assert "Wheat prices" in response.content.decode()


def test_a_post_that_cannot_be_saved_says_so_and_offers_the_text_back(reader, article):
    # A login attempt stands in for any form whose handling needs the database.
    form = {"username": "Zahra", "password": "x", "body": 'Prices <script>alert("x")</script> rose'}
    with database_down():
        response = reader.post("/admin/login/", form)
    assert response.status_code == 503
    page = response.content.decode()
    assert "Nothing was saved: please try again in a minute." in page
    assert "Send again" in page
    # Each field comes back, escaped, ready to be sent again.
    assert '<input type="hidden" name="username" value="Zahra">' in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<script>" not in page
    assert 'name="csrfmiddlewaretoken" value="' in page


def test_passwords_are_never_echoed_back(reader, db):
    with database_down():
        response = reader.post("/admin/login/", {"username": "admin", "password": "s3cret-pass"})
    assert response.status_code == 503
    assert "s3cret-pass" not in response.content.decode()


@pytest.mark.parametrize(
    "fields",
    [
        {"old_password": "old-s3cret", "new_password1": "new-s3cret", "new_password2": "new-s3cret"},
        {"password1": "s3cret-a", "Password2": "s3cret-b"},
        {"otp_token": "s3cret-123456", "auth_token": "s3cret-tok", "client_secret": "s3cret-cs"},
    ],
)
def test_no_password_token_or_secret_field_is_echoed_back(reader, admin_user, fields):
    reader.force_login(admin_user)
    with database_down():
        response = reader.post("/admin/password_change/", {**fields, "note": "kept"})
    page = response.content.decode()
    assert response.status_code == 503
    assert "s3cret" not in page
    for name in fields:
        assert f'name="{name}"' not in page
    assert 'name="note" value="kept"' in page  # other fields still come back


def test_other_errors_are_still_a_plain_500(rf):
    request = rf.get("/")
    try:
        raise ValueError("a bug")
    except ValueError:
        response = resilience.server_error(request)
    assert response.status_code == 500


def test_an_outage_outside_a_view_is_a_503_too(rf):
    """handler500 catches what the middleware cannot see (e.g. a session save)."""
    request = rf.get("/")
    try:
        raise OperationalError("could not connect to server")
    except OperationalError:
        response = resilience.server_error(request)
    assert response.status_code == 503
    assert response["Retry-After"]


def test_a_reply_posted_during_an_outage_is_refused_clearly_and_can_be_sent_again(reader, article, settings):
    settings.NEWSROOM_REPLY_MIN_SECONDS = 0
    page = reader.get(article.get_absolute_url()).content.decode()
    started = re.search(r'name="started" value="([^"]*)"', page).group(1)
    reply = {"name": "Zahra", "email": "zahra@example.org", "body": "Bread <costs> more.", "started": started}
    url = f"/replies/post/{article.pk}/"
    with database_down():
        refused = reader.post(url, reply)
    assert refused.status_code == 503
    text = refused.content.decode()
    assert "Nothing was saved: please try again in a minute." in text
    assert "Bread &lt;costs&gt; more." in text
    assert f'action="{url}"' in text
    assert not Reply.objects.exists()

    # The database is back: the "Send again" form posts the same fields.
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', text))
    fields = {name: html.unescape(value) for name, value in fields.items()}
    assert reader.post(url, fields).status_code == 302
    assert Reply.objects.get().body == "Bread <costs> more."
