"""Pages name their tags for the edge; a change purges exactly those tags there (Fastly and
Cloudflare against a local fake of their APIs; Varnish for real in tests/test_varnish.py)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction

from articles.models import Category
from newsroom import pagecache
from tests.factories import ArticleFactory


class FakeEdgeAPI:
    """Records every request; answers 503 to the first ``failures`` of them."""

    def __init__(self, failures: int = 0):
        self.requests: list[dict] = []
        self.failures = failures
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                api.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "json": json.loads(body)}
                )
                failing = len(api.requests) <= api.failures
                self.send_response(503 if failing else 200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"status": "ok"}')

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_api(settings):
    api = FakeEdgeAPI()
    settings.PAGECACHE_EDGE_URL = api.url
    settings.PAGECACHE_EDGE_SERVICE = "service-or-zone-1"
    settings.PAGECACHE_EDGE_TOKEN = "secret-token"
    yield api
    api.close()


def test_fastly_purges_the_bumped_keys_in_one_batch(settings, fake_api):
    settings.PAGECACHE_EDGE = "fastly"
    pagecache.bump("article:7", "published", "article:7")
    [request] = fake_api.requests
    assert request["path"] == "/service/service-or-zone-1/purge"
    assert request["headers"]["Fastly-Key"] == "secret-token"
    assert request["json"] == {"surrogate_keys": ["article:7", "published"]}


def test_cloudflare_purges_the_bumped_tags(settings, fake_api):
    settings.PAGECACHE_EDGE = "cloudflare"
    pagecache.bump("tag:3", "published:tag:3")
    [request] = fake_api.requests
    assert request["path"] == "/zones/service-or-zone-1/purge_cache"
    assert request["headers"]["Authorization"] == "Bearer secret-token"
    assert request["json"] == {"tags": ["published:tag:3", "tag:3"]}


@pytest.mark.parametrize(("edge", "batches"), [("fastly", [256, 44]), ("cloudflare", [100, 100, 100])])
def test_many_tags_go_in_batches_the_api_takes(settings, fake_api, edge, batches):
    settings.PAGECACHE_EDGE = edge
    pagecache.bump(*[f"article:{n}" for n in range(sum(batches))])
    sizes = [
        len(request["json"].get("surrogate_keys") or request["json"]["tags"]) for request in fake_api.requests
    ]
    assert sizes == batches


def test_a_failing_purge_is_retried(settings, fake_api):
    settings.PAGECACHE_EDGE = "fastly"
    fake_api.failures = 2
    pagecache.bump("article:9")
    assert len(fake_api.requests) == 3
    assert all(request["json"] == {"surrogate_keys": ["article:9"]} for request in fake_api.requests)


def test_a_purge_that_keeps_failing_is_logged_and_the_save_goes_on(settings, fake_api, caplog, monkeypatch):
    from newsroom import edge

    monkeypatch.setattr(edge, "RETRY_DELAYS", (0.01, 0.01))
    settings.PAGECACHE_EDGE = "cloudflare"
    fake_api.failures = 10
    pagecache.bump("article:9")
    assert len(fake_api.requests) == 3
    assert "Edge purge failed after 3 attempts" in caplog.text


@pytest.mark.django_db
def test_the_purge_waits_for_the_transaction_to_commit(
    settings, fake_api, django_capture_on_commit_callbacks
):
    settings.PAGECACHE_EDGE = "fastly"
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        article = ArticleFactory()
        # The edge would fetch the old rows again if purged now.
        assert fake_api.requests == []
    purged = {key for request in fake_api.requests for key in request["json"]["surrogate_keys"]}
    assert pagecache.tag(article) in purged


# --- the headers naming a page's tags ---------------------------------------------------


@pytest.fixture
def page_cache(settings):
    settings.PAGECACHE_ENABLED = True


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("edge", "header", "separator"),
    [("varnish", "xkey", " "), ("fastly", "Surrogate-Key", " "), ("cloudflare", "Cache-Tag", ",")],
)
def test_a_cached_page_names_its_tags_in_the_edges_header(
    client, settings, page_cache, edge, header, separator
):
    settings.PAGECACHE_EDGE = edge
    settings.PAGECACHE_EDGE_URL = "http://127.0.0.1:9"  # nothing is purged here
    article = ArticleFactory()
    for response in (client.get(article.get_absolute_url()), client.get(article.get_absolute_url())):
        tags = set(response[header].split(separator))
        assert {
            pagecache.tag(article),
            pagecache.tag(Category, article.primary_category_id),
        } <= tags
        assert "s-maxage=0" not in response["Cache-Control"]
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"


@pytest.mark.django_db
def test_every_edge_header_can_be_sent_at_once(client, settings, page_cache):
    settings.PAGECACHE_EDGE_HEADERS = ["xkey", "Surrogate-Key", "Cache-Tag"]
    response = client.get("/")
    assert response["xkey"] == response["Surrogate-Key"] == response["Cache-Tag"].replace(",", " ")


@pytest.mark.django_db
def test_a_page_with_more_tags_than_a_header_holds_is_not_kept_at_the_edge(client, settings, page_cache):
    settings.PAGECACHE_EDGE = "fastly"
    settings.PAGECACHE_EDGE_HEADER_LIMIT = 20
    article = ArticleFactory()
    for _ in range(3):
        response = client.get(article.get_absolute_url())
        assert "Surrogate-Key" not in response
        assert response["Cache-Control"] == "public, max-age=0, must-revalidate, s-maxage=0"
    assert response["X-Page-Cache"] == "hit"  # the app's own cache still has it


@pytest.mark.django_db
def test_without_an_edge_no_tags_are_sent(client, page_cache):
    response = client.get("/")
    assert not {"xkey", "Surrogate-Key", "Cache-Tag"} & set(response.headers)
    assert response["Cache-Control"] == "public, max-age=0, must-revalidate, s-maxage=60"
