"""Export and erase a commenter's data by email; forget old IP addresses."""

import datetime
import io
import json

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from comments.models import ModerationLog, Reply
from comments.privacy import erase_commenter_data, export_commenter_data, purge_old_ip_addresses
from tests.factories import ArticleFactory

EMAIL = "Zahra.Karimi@Example.org"


def make_reply(article, email=EMAIL, **fields):
    reply = Reply(
        article=article,
        name=fields.pop("name", "Zahra Karimi"),
        email=email,
        url=fields.pop("url", "https://zahra.example.org/"),
        body=fields.pop("body", "Wheat prices rose again this week."),
        status=fields.pop("status", Reply.Status.APPROVED),
        ip_address=fields.pop("ip_address", "203.0.113.9"),
        user_agent=fields.pop("user_agent", "Firefox"),
        **fields,
    )
    reply.fingerprint = reply.compute_fingerprint()
    reply.save()
    ModerationLog.objects.create(reply=reply, from_status="", to_status=reply.status)
    return reply


@pytest.fixture
def replies(db, moderator):
    article = ArticleFactory()
    mine = [
        make_reply(article),
        make_reply(article, email=EMAIL.lower(), body="A second thought.", status=Reply.Status.PENDING),
    ]
    other = make_reply(
        article,
        email="someone@example.org",
        name="Someone",
        url="",
        body="Unrelated.",
        ip_address="198.51.100.5",
    )
    LogEntry.objects.create(
        user=moderator,
        content_type=ContentType.objects.get_for_model(Reply),
        object_id=str(mine[0].pk),
        object_repr=str(mine[0]),
        action_flag=CHANGE,
        change_message=f"Changed email from {EMAIL}.",
    )
    return mine, other


def database_text() -> str:
    """Every text column of the replies, their moderation log and the admin history."""
    rows = []
    for model in (Reply, ModerationLog, LogEntry):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM {model._meta.db_table}")
            rows.extend(cursor.fetchall())
    return " ".join(str(value) for row in rows for value in row).lower()


def test_export_lists_every_reply_of_the_address_whatever_its_case(replies):
    mine, other = replies
    data = export_commenter_data(EMAIL.upper())
    assert [item["id"] for item in data["replies"]] == [reply.pk for reply in mine]
    first = data["replies"][0]
    assert first["name"] == "Zahra Karimi"
    assert first["website"] == "https://zahra.example.org/"
    assert first["ip_address"] == "203.0.113.9"
    assert first["comment"] == "Wheat prices rose again this week."
    assert first["article_url"] == mine[0].article.get_absolute_url()
    assert first["moderation"][0]["to"] == "approved"
    assert "Unrelated." not in json.dumps(data)


def test_export_command_prints_json_and_can_write_a_file(replies, tmp_path):
    out = io.StringIO()
    call_command("export_commenter_data", EMAIL, stdout=out)
    assert len(json.loads(out.getvalue())["replies"]) == 2
    target = tmp_path / "export.json"
    call_command("export_commenter_data", EMAIL, output=str(target), stderr=io.StringIO())
    assert json.loads(target.read_text())["email"] == EMAIL


def test_erase_leaves_no_trace_of_the_email_in_replies_or_logs(replies):
    mine, other = replies
    assert EMAIL.lower() in database_text()
    assert erase_commenter_data(EMAIL) == 2
    text = database_text()
    assert EMAIL.lower() not in text
    assert "zahra" not in text  # name, website and the admin history's copy of the name
    assert "203.0.113.9" not in text
    for reply in Reply.objects.filter(pk__in=[r.pk for r in mine]):
        assert (reply.name, reply.email, reply.url, reply.ip_address, reply.user_agent) == (
            "Anonymous",
            "",
            "",
            None,
            "",
        )
        assert reply.fingerprint is None  # it hashed the email
        assert reply.body  # the published text stays, as in WordPress


def test_erase_keeps_replies_threads_and_the_moderation_history(replies):
    mine, other = replies
    erase_commenter_data(EMAIL)
    assert Reply.objects.count() == 3
    assert ModerationLog.objects.filter(reply__in=mine).count() == 2
    other.refresh_from_db()
    assert (other.email, other.name, other.ip_address) == ("someone@example.org", "Someone", "198.51.100.5")


def test_erase_command_asks_unless_told_yes(replies, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    with pytest.raises(CommandError, match="Nothing erased"):
        call_command("erase_commenter_data", EMAIL, stdout=io.StringIO())
    assert Reply.objects.filter(email__iexact=EMAIL).count() == 2
    out = io.StringIO()
    call_command("erase_commenter_data", EMAIL, yes=True, stdout=out)
    assert "Erased the personal data of 2 replies." in out.getvalue()
    assert not Reply.objects.filter(email__iexact=EMAIL).exists()


def test_commands_refuse_something_that_is_not_an_email(db):
    with pytest.raises(CommandError, match="not an email address"):
        call_command("erase_commenter_data", "zahra", yes=True)
    with pytest.raises(CommandError, match="not an email address"):
        call_command("export_commenter_data", "zahra")


def test_erasing_an_unknown_address_changes_nothing(replies):
    out = io.StringIO()
    call_command("erase_commenter_data", "nobody@example.org", yes=True, stdout=out)
    assert "nothing to erase" in out.getvalue()
    assert Reply.objects.exclude(ip_address=None).count() == 3


@pytest.mark.parametrize(("age_days", "kept"), [(29, True), (31, False)])
def test_ip_addresses_older_than_the_retention_are_removed(db, age_days, kept):
    reply = make_reply(ArticleFactory(), created_at=timezone.now() - datetime.timedelta(days=age_days))
    removed = purge_old_ip_addresses(datetime.timedelta(days=30))
    reply.refresh_from_db()
    assert removed == (0 if kept else 1)
    assert (reply.ip_address == "203.0.113.9") is kept
    assert (reply.user_agent == "Firefox") is kept
    assert reply.email == EMAIL  # only the address and browser go


def test_purge_command_uses_the_configured_retention(db, settings):
    settings.NEWSROOM_REPLY_IP_RETENTION_DAYS = 7
    old = make_reply(ArticleFactory(), created_at=timezone.now() - datetime.timedelta(days=8))
    out = io.StringIO()
    call_command("purge_reply_ips", stdout=out)
    old.refresh_from_db()
    assert old.ip_address is None
    assert "Removed the IP address of 1 replies older than 7 days." in out.getvalue()
    with pytest.raises(CommandError):
        call_command("purge_reply_ips", days=0)
