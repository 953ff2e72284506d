import io

from django.core.management import call_command


def test_demo_logins_name_a_user_per_role_and_where_to_sign_in():
    out = io.StringIO()
    call_command("demo_logins", "--address", "127.0.0.1:8123", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8123/admin/" in text
    for username in ["admin", "editor", "journalist", "moderator"]:
        assert f"username: {username}" in text
