"""Two-factor sign-in for staff (issue 18): required for editors and administrators when switched on."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from newsroom import twofactor

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
SETUP = reverse("two-factor:setup")
VERIFY = reverse("two-factor:verify")


@pytest.fixture
def required(settings):
    settings.NEWSROOM_REQUIRE_2FA = True


def sign_in(username, password="password", ip="203.0.113.7"):
    client = Client()
    response = client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)
    assert response.status_code == 302, response.content[:500]
    return client


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


def enrol(client) -> tuple[TOTPDevice, list[str]]:
    """Go through the setup page as a person would; return the device and the recovery codes."""
    page = client.get(SETUP)
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=page.wsgi_request.user, confirmed=False)
    key = page.context["key"].replace(" ", "")
    assert key and "<svg" in page.content.decode()
    response = client.post(SETUP, {"code": current_code(device), "next": "/admin/"})
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    device.refresh_from_db()
    assert device.confirmed
    return device, codes


# --- required for editors and administrators -----------------------------------------------------
@pytest.mark.parametrize(
    "url",
    ["/admin/", "/admin/articles/article/", "/admin/articles/article/add/", "/admin/comments/reply/"],
)
@pytest.mark.parametrize("role", ["editor", "admin_user"])
def test_without_a_second_factor_an_editor_or_administrator_cannot_reach_the_admin(
    request, required, role, url
):
    user = request.getfixturevalue(role)
    client = sign_in(user.username)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP + "?next=")
    # Nor by posting.
    assert client.post(url, {"title": "x"}).status_code == 302


def test_a_journalist_may_go_without_it(required, journalist):
    assert twofactor.is_required(journalist) is False
    assert sign_in("journalist").get("/admin/").status_code == 200


def test_setting_it_up_lets_the_editor_in(required, editor):
    client = sign_in("editor")
    enrol(client)
    assert client.get("/admin/").status_code == 200


def test_a_wrong_setup_code_confirms_nothing(required, editor):
    client = sign_in("editor")
    client.get(SETUP)
    response = client.post(SETUP, {"code": "000000"})
    assert response.status_code == 200 and response.context["form"].errors
    assert not TOTPDevice.objects.filter(user=editor, confirmed=True).exists()
    assert client.get("/admin/").status_code == 302


# --- signing in with a device ----------------------------------------------------------------------
def test_next_sign_in_asks_for_the_app_code(required, editor):
    device, _codes = enrol(sign_in("editor"))
    client = sign_in("editor")
    response = client.get("/admin/articles/article/")
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    wrong = client.post(VERIFY, {"code": "123456", "next": "/admin/articles/article/"})
    assert wrong.status_code == 200 and "not valid" in wrong.content.decode()
    # A wrong code slows the next try down (django-otp's throttling); the
    # setup's code is of this same 30-second step, and a replay is refused.
    device.refresh_from_db()
    device.throttle_reset(commit=False)
    device.last_t = -1
    device.save()
    response = client.post(VERIFY, {"code": current_code(device), "next": "/admin/articles/article/"})
    assert response.status_code == 302 and response["Location"] == "/admin/articles/article/"
    assert client.get("/admin/articles/article/").status_code == 200


def test_recovery_codes_work_once_each(required, editor):
    _device, codes = enrol(sign_in("editor"))
    first = sign_in("editor")
    assert first.post(VERIFY, {"code": codes[0], "next": "/admin/"}).status_code == 302
    assert first.get("/admin/").status_code == 200

    second = sign_in("editor")
    reused = second.post(VERIFY, {"code": codes[0], "next": "/admin/"})
    assert reused.status_code == 200 and "already used" in reused.content.decode()
    assert second.get("/admin/").status_code == 302
    StaticDevice.objects.get(user=editor).throttle_reset()  # a failure delays the next try
    # Another code works (with spaces or dashes as people copy them).
    spaced = f"{codes[1][:5]}-{codes[1][5:]}".upper()
    assert second.post(VERIFY, {"code": spaced, "next": "/admin/"}).status_code == 302
    assert StaticToken.objects.filter(device__user=editor).count() == 8


def test_new_recovery_codes_replace_the_old_ones(required, editor):
    _device, codes = enrol(client := sign_in("editor"))
    response = client.post(reverse("two-factor:regenerate"))
    fresh = response.context["codes"]
    assert set(fresh).isdisjoint(codes)
    other = sign_in("editor")
    assert other.post(VERIFY, {"code": codes[2]}).status_code == 200
    StaticDevice.objects.get(user=editor).throttle_reset()
    assert other.post(VERIFY, {"code": fresh[0]}).status_code == 302


def test_repeated_wrong_codes_are_slowed_down(required, editor):
    _device, codes = enrol(sign_in("editor"))
    client = sign_in("editor")
    client.post(VERIFY, {"code": "000000"})
    # Right after a failure even a good code is refused: guessing is throttled.
    assert client.post(VERIFY, {"code": codes[0]}).status_code == 200
    assert client.get("/admin/").status_code == 302


def test_the_next_address_must_be_on_this_site(required, editor):
    _device, codes = enrol(sign_in("editor"))
    client = sign_in("editor")
    response = client.post(VERIFY, {"code": codes[0], "next": "https://evil.example/"})
    assert response["Location"] == "/admin/"


def test_a_journalist_who_set_it_up_is_asked_for_it(settings, journalist):
    settings.NEWSROOM_REQUIRE_2FA = False
    enrol(sign_in("journalist"))
    client = sign_in("journalist")
    assert client.get("/admin/").status_code == 302


def test_the_code_page_is_not_open_to_anonymous_visitors():
    response = Client().get(VERIFY)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


# --- login and lockout keep working ---------------------------------------------------------------
def test_the_lockout_still_applies_before_any_second_factor(client, required, editor):
    for _ in range(5):
        response = client.post(LOGIN, {"username": "editor", "password": "wrong"}, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 429
    response = client.post(LOGIN, {"username": "editor", "password": "password"}, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_with_the_setting_off_demo_logins_reach_the_admin_with_a_password_alone(settings, editor, admin_user):
    """`make run` leaves NEWSROOM_REQUIRE_2FA unset: its printed logins work as they are."""
    settings.NEWSROOM_REQUIRE_2FA = False
    for user in (editor, admin_user):
        client = sign_in(user.username)
        page = client.get("/admin/")
        assert page.status_code == 200
        assert re.search(r'href="/admin/two-factor/"', page.content.decode())


def test_the_setting_defaults_to_off_and_env_example_turns_it_on():
    from pathlib import Path

    from django.conf import settings

    assert settings.NEWSROOM_REQUIRE_2FA is False
    example = (Path(__file__).resolve().parents[2] / ".env.example").read_text()
    assert re.search(r"^NEWSROOM_REQUIRE_2FA=1\b", example, re.MULTILINE)


# --- half signed in: a password without the second factor is no sign-in on the public site ------------
def test_a_staff_session_waiting_for_its_code_replies_as_an_unknown_reader(required, editor):
    from comments.forms import sign_start
    from comments.models import Reply
    from tests.factories import ArticleFactory

    enrol(sign_in(editor.username))
    half = sign_in(editor.username)  # the password, not yet the code
    article = ArticleFactory()
    started = sign_start(article, timezone.now() - datetime.timedelta(seconds=60))
    data = {
        "name": "Editor",
        "email": "someone@readers.example",
        "body": "Approved at once?",
        "started": started,
    }
    half.post(reverse("comments:post", args=[article.pk]), data, REMOTE_ADDR="203.0.113.8")
    reply = Reply.objects.get()
    assert reply.user is None and reply.status == Reply.Status.PENDING
    assert "csrfmiddlewaretoken" not in half.get(article.get_absolute_url()).content.decode()


def test_a_staff_session_waiting_for_its_code_cannot_preview_drafts(required, editor):
    from articles import preview
    from articles.models import Article
    from tests.factories import ArticleFactory

    enrol(sign_in(editor.username))
    draft = ArticleFactory(status=Article.Status.DRAFT, title="Not yet for readers")
    url = preview.preview_url(draft)
    assert "Not yet for readers" not in sign_in(editor.username).get(url).content.decode()
