"""Every security header, on a public page and on the admin."""

import subprocess
import sys

import pytest

from tests.factories import ArticleFactory
from tests.security.test_deploy_settings import ROOT


@pytest.fixture
def pages(db, admin_user):
    article = ArticleFactory()
    return {
        "home": ("/", None),
        "article": (article.get_absolute_url(), None),
        "admin login": ("/admin/login/", None),
        "admin index": ("/admin/", admin_user),
        "admin change form": (f"/admin/articles/article/{article.pk}/change/", admin_user),
    }


PAGES = ["home", "article", "admin login", "admin index", "admin change form"]


@pytest.fixture
def fetch(client, pages, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True

    def get(name):
        path, user = pages[name]
        if user:
            client.force_login(user)
        response = client.get(path, secure=True)
        assert response.status_code == 200, (name, response.status_code)
        return response

    return get


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.mark.parametrize("name", PAGES)
def test_content_security_policy_allows_only_own_origin_and_nothing_inline(fetch, name):
    policy = directives(fetch(name))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    flat = " ".join(v for values in policy.values() for v in values)
    assert "unsafe-inline" not in flat and "unsafe-eval" not in flat


@pytest.mark.parametrize("name", PAGES)
def test_referrer_policy_keeps_paths_to_ourselves(fetch, name):
    assert fetch(name)["Referrer-Policy"] == "strict-origin-when-cross-origin"


@pytest.mark.parametrize("name", PAGES)
def test_content_type_sniffing_is_off(fetch, name):
    assert fetch(name)["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("name", PAGES)
def test_pages_cannot_be_framed(fetch, name):
    response = fetch(name)
    assert response["X-Frame-Options"] == "DENY"
    assert directives(response)["frame-ancestors"] == ["'none'"]


@pytest.mark.parametrize("name", PAGES)
def test_hsts_is_sent_on_https(fetch, name):
    assert fetch(name)["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


@pytest.mark.parametrize("name", PAGES)
def test_cross_origin_opener_policy_isolates_the_window(fetch, name):
    assert fetch(name)["Cross-Origin-Opener-Policy"] == "same-origin"


def test_session_and_csrf_cookies_are_secure_and_session_is_http_only(client, admin_user, settings):
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    login = client.get("/admin/login/", secure=True)
    csrf = login.cookies["csrftoken"]
    assert csrf["secure"]
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "admin", "password": "password", "csrfmiddlewaretoken": csrf.value},
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"]
    assert session["samesite"] == "Lax"


@pytest.mark.parametrize(
    ("environment", "allowed"),
    [
        ({}, ["'self'"]),
        ({"MEDIA_URL": "https://media.example.org/newsroom/"}, ["'self'", "https://media.example.org"]),
        (
            {"AWS_STORAGE_BUCKET_NAME": "news", "AWS_S3_CUSTOM_DOMAIN": "cdn.example.org"},
            ["'self'", "https://cdn.example.org"],
        ),
        (
            {"AWS_STORAGE_BUCKET_NAME": "news", "AWS_S3_ENDPOINT_URL": "https://s3.example.net:9000"},
            ["'self'", "https://s3.example.net:9000"],
        ),
    ],
)
def test_media_on_another_origin_is_allowed_as_images_only(environment, allowed):
    code = "from django.conf import settings as s; print(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "1", **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip().splitlines()[-1] == repr(allowed)
