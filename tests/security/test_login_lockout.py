"""Admin logins: repeated failures lock the username out from that address (django-axes)."""

import datetime

import pytest
import time_machine
from axes.models import AccessAttempt

LOGIN = "/admin/login/?next=/admin/"


def attempt(client, password, username="admin", ip="203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_fifth_wrong_password_locks_the_login_with_a_clear_message(client, admin_user, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        response = attempt(client, "wrong")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()
    response = attempt(client, "wrong")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed logins" in page
    assert "locked after 5 failed login attempts" in page
    assert "try again in 15 minutes" in page


def test_locked_out_login_is_refused_even_with_the_right_password(client, admin_user):
    for _ in range(5):
        attempt(client, "wrong")
    response = attempt(client, "password")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username_and_address(client, admin_user, editor):
    for _ in range(5):
        attempt(client, "wrong")
    assert attempt(client, "password", ip="198.51.100.2").status_code == 302
    client.logout()
    assert attempt(client, "password", username="editor").status_code == 302


def test_lockout_ends_after_the_cool_off(client, admin_user):
    for _ in range(5):
        attempt(client, "wrong")
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=16)):
        assert attempt(client, "password").status_code == 302


def test_success_clears_earlier_failures(client, admin_user):
    for _ in range(4):
        attempt(client, "wrong")
    assert attempt(client, "password").status_code == 302
    client.logout()
    assert not AccessAttempt.objects.filter(username="admin").exists()


def test_failures_are_counted_in_the_database_shared_by_all_app_servers(client, admin_user):
    attempt(client, "wrong")
    attempt(client, "wrong")
    assert AccessAttempt.objects.get(username="admin", ip_address="203.0.113.7").failures_since_start == 2


def test_test_client_login_still_works_without_a_request(client, admin_user):
    assert client.login(username="admin", password="password")


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "1.2.3.4", "10.0.0.1"),
        (1, "1.2.3.4", "1.2.3.4"),
        (1, "6.6.6.6, 1.2.3.4", "1.2.3.4"),
        (2, "6.6.6.6, 1.2.3.4, 10.0.0.9", "1.2.3.4"),
        (2, "", "10.0.0.1"),
    ],
)
def test_client_address_trusts_only_our_own_proxies(rf, settings, proxies, forwarded, expected):
    from newsroom.client_ip import client_ip

    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
