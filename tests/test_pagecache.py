"""The anonymous page cache: who gets a cached page, what it carries, when it is stored."""

import datetime

import pytest
import time_machine
from django.http import HttpResponse
from django.template import engines
from django.urls import path
from django.utils import timezone

from articles.models import Article
from newsroom import pagecache
from tests.factories import ArticleFactory, ReplyFactory, UserFactory


@pytest.fixture(autouse=True)
def _no_clock_skew(settings):
    # One process, one clock: a page may be stored right after a bump.
    settings.PAGECACHE_ENABLED = True


def warm(client, url, **headers):
    """Request twice: tags first seen are known from the second request on."""
    client.get(url, **headers)
    response = client.get(url, **headers)
    assert response["X-Page-Cache"] in {"hit", "miss"}
    if response["X-Page-Cache"] == "miss":
        response = client.get(url, **headers)
    assert response["X-Page-Cache"] == "hit", url
    return response


@pytest.mark.django_db
def test_a_cached_page_costs_no_sql_query(client, django_assert_num_queries):
    article = ArticleFactory(title="Breaking story")
    for url in ["/", article.get_absolute_url(), article.primary_category.get_absolute_url()]:
        warm(client, url)
        with django_assert_num_queries(0):
            response = client.get(url)
        assert response["X-Page-Cache"] == "hit"
        assert "Breaking story" in response.content.decode()


@pytest.mark.django_db
def test_browsers_revalidate_and_shared_caches_keep_the_page(client):
    ArticleFactory()
    for response in [client.get("/"), warm(client, "/")]:
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        # A taken-down story must not linger in a reader's browser: it asks each time.
        assert cache_control == {"public", "max-age=0", "must-revalidate", "s-maxage=60"}
        vary = {part.strip().lower() for part in response["Vary"].split(",")}
        assert {"accept-language", "cookie"} <= vary


@pytest.mark.django_db
def test_logged_in_staff_never_get_the_cached_page(client, settings):
    # The page, not its shared parts: those follow events like pages do and are
    # shared with staff (tests/test_shared_parts.py); a change made here has none.
    settings.PAGECACHE_FRAGMENTS = False
    article = ArticleFactory(title="Public title")
    warm(client, "/")
    Article.objects.filter(pk=article.pk).update(title="Changed behind the cache's back")
    client.force_login(UserFactory(is_staff=True))
    response = client.get("/")
    assert response["X-Page-Cache"] == "bypass"
    assert "Changed behind the cache" in response.content.decode()
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize("cookie", ["sessionid", "messages"])
def test_a_reader_with_session_or_messages_gets_a_fresh_page(client, cookie):
    ArticleFactory()
    warm(client, "/")
    client.cookies[cookie] = "anything"
    response = client.get("/")
    assert response["X-Page-Cache"] == "bypass"
    assert "public" not in response["Cache-Control"]


@pytest.mark.django_db
def test_bypass_cookies_from_settings(client, settings):
    settings.PAGECACHE_BYPASS_COOKIES = ["comment_author"]
    ArticleFactory()
    warm(client, "/")
    client.cookies["comment_author"] = "Zahra"
    assert client.get("/")["X-Page-Cache"] == "bypass"


@pytest.mark.django_db
def test_pages_are_kept_per_language(client):
    ArticleFactory()
    english = warm(client, "/", HTTP_ACCEPT_LANGUAGE="en")
    persian = warm(client, "/", HTTP_ACCEPT_LANGUAGE="fa")
    assert '<html lang="en" dir="ltr">' in english.content.decode()
    assert '<html lang="fa" dir="rtl">' in persian.content.decode()
    # The language cookie wins over the header, and has its own entry too.
    client.cookies["django_language"] = "fa"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response["X-Page-Cache"] == "hit"
    assert '<html lang="fa" dir="rtl">' in response.content.decode()


@pytest.mark.django_db
def test_only_get_and_head_and_only_successful_pages_are_cached(client):
    article = ArticleFactory()
    warm(client, "/")
    assert client.head("/")["X-Page-Cache"] == "hit"
    assert client.get("/no/such/page/").status_code == 404
    assert client.get("/category/no-such-category/").status_code == 404
    response = client.get("/category/no-such-category/")
    assert response.status_code == 404 and "X-Page-Cache" not in response
    assert client.get(article.get_absolute_url() + "?page=2").status_code == 200


@pytest.mark.django_db
def test_the_cache_can_be_switched_off(client, settings):
    settings.PAGECACHE_ENABLED = False
    ArticleFactory()
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "bypass"


@pytest.mark.django_db
def test_a_page_whose_tags_were_bumped_while_it_rendered_is_not_stored(client, monkeypatch):
    ArticleFactory()
    warm(client, "/")
    original = pagecache.shows

    def bump_during_render(request, *objects):
        original(request, *objects)
        pagecache.bump("published")  # another process publishes meanwhile

    pagecache.bump("published")
    monkeypatch.setattr(pagecache, "shows", bump_during_render)
    assert client.get("/")["X-Page-Cache"] == "miss"
    monkeypatch.setattr(pagecache, "shows", original)
    # Not stored with the bumped version: the next request renders again.
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"


@pytest.mark.django_db
def test_no_page_outlives_the_next_scheduled_publish_time(client):
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        ArticleFactory(title="Already out")
        ArticleFactory(title="Scheduled", publish_at=now + datetime.timedelta(seconds=40))
        response = warm(client, "/")
        # The CDN may keep it only until then, too.
        assert "s-maxage=40" in response["Cache-Control"]
    with time_machine.travel(now + datetime.timedelta(seconds=39), tick=False):
        assert client.get("/")["X-Page-Cache"] == "hit"
    with time_machine.travel(now + datetime.timedelta(seconds=41), tick=False):
        response = client.get("/")
        assert response["X-Page-Cache"] == "miss"
        assert "Scheduled" in response.content.decode()


@pytest.mark.django_db
def test_a_page_may_name_the_moment_it_changes_by_itself(rf, settings):
    now = timezone.now()
    calls = []

    def render(request):
        def view():
            calls.append(1)
            pagecache.expire_at(request, now + datetime.timedelta(seconds=30))
            return HttpResponse("replies close soon")

        return pagecache.serve(request, view)

    with time_machine.travel(now, tick=False):
        response = render(rf.get("/closing/"))
        assert "s-maxage=30" in response["Cache-Control"]
        assert render(rf.get("/closing/"))["X-Page-Cache"] == "hit"
    with time_machine.travel(now + datetime.timedelta(seconds=31), tick=False):
        assert render(rf.get("/closing/"))["X-Page-Cache"] == "miss"
    assert len(calls) == 2


# --- a form's CSRF token is this reader's own ---------------------------------------

FORM = engines["django"].from_string('<form method="post">{% csrf_token %}<button>Send</button></form>')


def form_view(request):
    return pagecache.serve(request, lambda: HttpResponse(FORM.render(request=request)))


def post_view(request):
    return HttpResponse("accepted")


urlpatterns = [path("form/", form_view), path("post/", post_view)]


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_cached_form_gets_a_token_that_matches_the_readers_own_cookie(settings):
    from django.test import Client

    settings.PAGECACHE_ENABLED = True
    first = Client(enforce_csrf_checks=True)
    warm(first, "/form/")

    reader = Client(enforce_csrf_checks=True)
    response = reader.get("/form/")
    assert response["X-Page-Cache"] == "hit"
    # A page with this reader's token must stay out of shared caches.
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    token = response.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert reader.post("/post/", {"csrfmiddlewaretoken": token}).status_code == 200
    # Someone else's token (from the first render) does not work for this reader.
    assert reader.post("/post/", {"csrfmiddlewaretoken": "x" * 64}).status_code == 403


STAMPED = engines["django"].from_string('<input type="hidden" name="shown" value="{{ shown }}">')


def stamped_view(request):
    return pagecache.serve(request, lambda: HttpResponse(STAMPED.render({"shown": "first&reader"})))


@pytest.mark.django_db
def test_a_registered_field_gets_a_value_made_for_each_reader(rf, monkeypatch):
    monkeypatch.setattr(pagecache, "_fresh_fields", {})
    pagecache.refresh_field("shown", lambda request, old: f"{old}+{request.GET['n']}")
    first = stamped_view(rf.get("/stamped/?n=1"))
    assert first["X-Page-Cache"] == "miss" and b'value="first&amp;reader"' in first.content
    hit = stamped_view(rf.get("/stamped/?n=1"))
    assert hit["X-Page-Cache"] == "hit"
    assert b'value="first&amp;reader+1"' in hit.content


@pytest.mark.django_db
def test_a_remembered_value_lasts_until_its_tags_are_bumped_or_it_goes_stale():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    def remembered(stale=lambda value: False):
        return pagecache.remember("answer", ["published", "menu"], compute, stale=stale)

    assert remembered() == 1  # tags never bumped are started before computing: the first value is kept
    assert remembered() == 1 and len(calls) == 1
    pagecache.bump("menu")
    assert remembered() == 2
    assert remembered() == 2 and len(calls) == 2
    assert remembered(stale=lambda value: value == 2) == 3


@pytest.mark.django_db
def test_a_page_cache_miss_on_an_article_costs_no_more_queries_than_without_the_cache(
    client, django_assert_max_num_queries
):
    article = ArticleFactory()
    ArticleFactory(publish_at=timezone.now() + datetime.timedelta(hours=1))  # something scheduled
    ReplyFactory(article=article, status="approved")
    warm(client, article.get_absolute_url())
    pagecache.bump(pagecache.tag(article))
    with django_assert_max_num_queries(8):
        assert client.get(article.get_absolute_url())["X-Page-Cache"] == "miss"


@pytest.mark.django_db
def test_a_stored_page_is_answered_before_urls_and_views(client, monkeypatch):
    article = ArticleFactory(title="Early answer")
    url = article.get_absolute_url()
    from_view = warm(client, url)
    views_reached = []
    real_serve = pagecache.serve
    monkeypatch.setattr(pagecache, "serve", lambda *a, **k: views_reached.append(1) or real_serve(*a, **k))

    early = client.get(url)
    assert early["X-Page-Cache"] == "hit" and not views_reached
    assert early.content == from_view.content
    # What the middleware between here and the view added is stored with the page.
    assert dict(early.items()) == dict(from_view.items())
    assert {"Content-Language", "X-Frame-Options", "Vary", "ETag"} <= set(early.headers)
    assert int(early["Content-Length"]) == len(early.content)
    assert client.get(url, HTTP_IF_NONE_MATCH=early["ETag"]).status_code == 304 and not views_reached

    # Never stale: a change sends the next reader to the view, which renders it.
    Article.objects.filter(pk=article.pk).update(title="Changed and bumped")
    pagecache.bump(*Article.objects.get(pk=article.pk).cache_tags())
    response = client.get(url)
    assert views_reached and "Changed and bumped" in response.content.decode()


@pytest.mark.django_db
def test_pages_that_are_not_cached_cost_no_cache_lookup_before_the_view(client, monkeypatch):
    ArticleFactory()
    warm(client, "/")
    lookups = []
    real = pagecache._current_entry
    # Pages only: the search page's menu is a shared part, looked up the same way.
    monkeypatch.setattr(
        pagecache,
        "_current_entry",
        lambda key: (key.startswith(pagecache.PAGE_PREFIX) and lookups.append(key)) or real(key),
    )
    assert client.get("/admin/login/").status_code == 200
    assert lookups == []


@pytest.mark.django_db
def test_a_cached_reply_form_says_when_this_reader_was_shown_it(client):
    from comments.forms import read_start

    article = ArticleFactory()
    now = (timezone.now() + datetime.timedelta(seconds=2)).replace(microsecond=0)  # after the save's bumps
    with time_machine.travel(now, tick=False):
        warm(client, article.get_absolute_url())
    with time_machine.travel(now + datetime.timedelta(seconds=90), tick=False):
        response = client.get(article.get_absolute_url())
    assert response["X-Page-Cache"] == "hit"
    token = response.content.decode().split('name="started" value="')[1].split('"')[0]
    assert read_start(token, article) == now + datetime.timedelta(seconds=90)


@pytest.mark.django_db
def test_the_first_hit_after_a_page_is_stored_is_already_answered_early(client, monkeypatch):
    article = ArticleFactory()
    url = article.get_absolute_url()
    views_reached = []
    real_serve = pagecache.serve
    monkeypatch.setattr(pagecache, "serve", lambda *a, **k: views_reached.append(1) or real_serve(*a, **k))
    for _ in range(4):
        views_reached.clear()
        response = client.get(url)
        if response["X-Page-Cache"] == "hit":
            break
    assert response["X-Page-Cache"] == "hit" and views_reached == []


@pytest.mark.django_db
def test_search_pages_are_neither_stored_nor_looked_up(client, monkeypatch):
    ArticleFactory(title="Wheat harvest")
    lookups = []
    real = pagecache._current_entry
    # Pages only: the search page's menu is a shared part, looked up the same way.
    monkeypatch.setattr(
        pagecache,
        "_current_entry",
        lambda key: (key.startswith(pagecache.PAGE_PREFIX) and lookups.append(key)) or real(key),
    )
    for _ in range(3):
        response = client.get("/search/?q=wheat")
    assert response.status_code == 200 and lookups == []
    assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]


@pytest.mark.django_db
def test_a_hit_is_gzipped_for_a_client_that_takes_it(client):
    import gzip

    article = ArticleFactory(title="Compressed once")
    url = article.get_absolute_url()
    # One second: the form's "shown at" token is the same in both.
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=1), tick=False):
        plain = warm(client, url)
        packed = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert not plain.has_header("Content-Encoding")
    assert "accept-encoding" in plain["Vary"].lower()
    assert packed["X-Page-Cache"] == "hit" and packed["Content-Encoding"] == "gzip"
    assert packed["ETag"] == "W/" + plain["ETag"]
    assert gzip.decompress(packed.content) == plain.content
    assert int(packed["Content-Length"]) == len(packed.content) < len(plain.content)


# --- bounded keys ---------------------------------------------------------------------


def _stored_entries() -> int:
    from django.core.cache import caches

    return len(caches["default"]._list_cache_files())


@pytest.mark.django_db
def test_unknown_query_parameters_add_no_cache_entries(client):
    ArticleFactory(title="Front-page story")
    warm(client, "/")
    before = _stored_entries()
    for n in range(1000):
        response = client.get("/", {"utm_source": f"x{n}", "fbclid": str(n)})
        assert response["X-Page-Cache"] == "hit"
        assert "Front-page story" in response.content.decode()
    assert _stored_entries() == before


@pytest.mark.django_db
def test_query_parameters_a_page_reads_make_their_own_entry(client, monkeypatch):
    from articles.views import CategoryArticleList

    monkeypatch.setattr(CategoryArticleList, "paginate_by", 1)
    article = ArticleFactory(title="Older story")
    ArticleFactory(title="Newer story", primary_category=article.primary_category)
    url = article.primary_category.get_absolute_url()
    warm(client, url)
    second = warm(client, url + "?page=2&utm_campaign=spring")
    assert "Older story" in second.content.decode()
    assert "Older story" not in client.get(url).content.decode()
    assert client.get(url + "?utm_campaign=spring&page=2")["X-Page-Cache"] == "hit"


@pytest.mark.django_db
def test_a_parameter_left_out_of_the_key_never_shows_in_the_stored_page(client, monkeypatch):
    """Else the first visitor's ?utm_source=… (or worse) is what every later reader's links carry."""
    from articles.views import CategoryArticleList

    monkeypatch.setattr(CategoryArticleList, "paginate_by", 1)
    article = ArticleFactory()
    ArticleFactory(primary_category=article.primary_category)
    ArticleFactory(primary_category=article.primary_category)
    url = article.primary_category.get_absolute_url()
    first = client.get(url + "?page=2&utm_source=planted&fbclid=planted")
    assert first["X-Page-Cache"] == "miss"
    html = first.content.decode()
    assert "planted" not in html
    assert f"{url}?page=2" in html.replace("&amp;", "&")  # the language switcher's way back
    assert "?page=1" in html and "?page=3" in html  # the pagination


# --- the embedded default is exact across processes --------------------------------------


@pytest.mark.django_db
def test_a_bump_made_by_another_process_reaches_this_one_without_redis(client, settings):
    import os
    import subprocess
    import sys

    from django.core.cache import caches

    article = ArticleFactory(title="Before the import")
    url = article.get_absolute_url()
    warm(client, url)
    # Another process of this machine (the importer, the shell) bumps the article's tag
    # in the shared file cache, as its save would.
    code = "import django; django.setup(); from newsroom import pagecache; pagecache.bump(%r)"
    code %= pagecache.tag(article)
    env = {
        **os.environ,
        "CACHE_DIR": str(caches["default"]._dir),
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DEBUG": "1",
    }
    env.pop("REDIS_URL", None)
    subprocess.run([sys.executable, "-c", code], env=env, check=True)
    assert client.get(url)["X-Page-Cache"] == "miss"


def test_the_process_copies_are_bounded_by_size_as_well_as_count(settings):
    """A worker serving many large pages keeps at most PAGECACHE_LOCAL_BYTES of copies."""
    settings.PAGECACHE_LOCAL_ENTRIES = 64
    settings.PAGECACHE_LOCAL_BYTES = 1000
    page = {"until": 0, "parts": [b"x" * 200]}  # counts 450 bytes: text, page as sent, gzip
    for n in range(5):
        pagecache._copy(f"page-{n}", dict(page))
    assert list(pagecache._local) == ["page-3", "page-4"]
    pagecache._copy("part", {"until": 0, "value": {"main": "y" * 300}})
    assert list(pagecache._local) == ["page-4", "part"]
    pagecache._copy("huge", {"until": 0, "parts": [b"z" * 1000]})
    assert list(pagecache._local) == ["page-4", "part"]
    pagecache._copy("page-4", {"until": 0, "parts": [b"z" * 990]})  # a copy replaced by a larger one
    assert list(pagecache._local) == ["part"]


@pytest.mark.django_db
def test_a_hit_carries_every_header_the_page_first_went_out_with(client):
    """Hits are answered before the other middleware runs: their headers come with the stored page."""
    url = ArticleFactory().get_absolute_url()
    first = client.get(url)
    hit = warm(client, url)
    assert {k.lower() for k in hit.headers} == {k.lower() for k in first.headers}
    for name in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy",
                 "Content-Language", "Vary", "ETag", "Content-Type"):  # fmt: skip
        assert hit[name] == first[name], name
    assert int(hit["Content-Length"]) == len(hit.content)
    dari = warm(client, url, HTTP_ACCEPT_LANGUAGE="fa")
    assert dari["Content-Language"] == "fa" and 'lang="fa"' in dari.content.decode()
    assert client.get(url, HTTP_IF_NONE_MATCH=hit["ETag"]).status_code == 304


@pytest.mark.django_db
def test_plain_http_is_still_sent_to_https_when_the_page_is_cached(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    ArticleFactory()
    warm(client, "/", secure=True)
    response = client.get("/")
    assert response.status_code == 301 and response["Location"].startswith("https://")
