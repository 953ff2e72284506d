"""The moderators' desk in the admin: the queue, bulk decisions, the edit form, counts and the log."""

import pytest
from django.urls import reverse

from comments.models import ModerationLog, ModerationTerm, Reply
from tests.factories import ArticleFactory, ReplyFactory

Status, Reason = Reply.Status, Reply.Reason
CHANGELIST = reverse("admin:comments_reply_changelist")


@pytest.fixture
def queue(db):
    article = ArticleFactory(title="Border trade after the floods")
    other = ArticleFactory(title="A school reopens in Bamyan")
    return {
        "article": article,
        "other": other,
        "held": ReplyFactory(
            article=article,
            status=Status.PENDING,
            hold_reason=Reason.TOO_MANY_LINKS,
            name="Held Reader",
            email="held@readers.example",
            ip_address="203.0.113.77",
            body="Held because of its many links, this reply waits.",
        ),
        "first": ReplyFactory(article=other, status=Status.PENDING, hold_reason=Reason.FIRST_REPLY),
        "approved": ReplyFactory(article=article, body="Already approved and public."),
        "spam": ReplyFactory(article=article, status=Status.SPAM, body="Cheap pills here."),
    }


@pytest.mark.django_db
def test_queue_lists_pending_replies_with_article_excerpt_author_email_ip_and_reason(
    client, moderator, queue
):
    client.force_login(moderator)
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Border trade after the floods",
        "Held because of its many links",
        "Held Reader",
        "held@readers.example",
        "203.0.113.77",
        "Too many links",
        "First reply from this email",
    ):
        assert text in html, text
    assert "Already approved and public." not in html
    assert "Cheap pills here." not in html


@pytest.mark.django_db
def test_status_filter_shows_counts_per_status(client, moderator, queue):
    client.force_login(moderator)
    html = client.get(CHANGELIST).content.decode()
    for label in ("Pending (2)", "Approved (1)", "Spam (1)", "Trash (0)", "All (4)"):
        assert label in html
    spam = client.get(CHANGELIST, {"status": "spam"}).content.decode()
    assert "Cheap pills here." in spam and "Held Reader" not in spam


@pytest.mark.django_db
def test_filters_by_article_and_reason(client, moderator, queue):
    client.force_login(moderator)
    by_article = client.get(CHANGELIST, {"article__id__exact": queue["other"].pk}).content.decode()
    assert queue["first"].excerpt in by_article and "Held Reader" not in by_article
    by_reason = client.get(CHANGELIST, {"hold_reason__exact": Reason.TOO_MANY_LINKS}).content.decode()
    assert "Held Reader" in by_reason and queue["first"].excerpt not in by_reason


@pytest.mark.django_db
@pytest.mark.parametrize(
    "action, start, end",
    [
        ("make_approved", Status.PENDING, Status.APPROVED),
        ("make_pending", Status.APPROVED, Status.PENDING),
        ("make_spam", Status.PENDING, Status.SPAM),
        ("make_trash", Status.PENDING, Status.TRASH),
    ],
)
def test_bulk_actions_change_status_and_log_the_moderator(client, moderator, action, start, end):
    replies = [ReplyFactory(status=start) for _ in range(3)]
    client.force_login(moderator)
    response = client.post(
        f"{CHANGELIST}?status={start}",
        {"action": action, "_selected_action": [reply.pk for reply in replies]},
    )
    assert response.status_code == 302
    for reply in replies:
        reply.refresh_from_db()
        assert reply.status == end
        entry = reply.log_entries.get()
        assert (entry.actor, entry.from_status, entry.to_status) == (moderator, start, end)


@pytest.mark.django_db
def test_edit_form_changes_text_and_logs_a_status_change(client, moderator, queue):
    reply = queue["held"]
    client.force_login(moderator)
    url = reverse("admin:comments_reply_change", args=[reply.pk])
    page = client.get(url).content.decode()
    assert "203.0.113.77" in page and "held@readers.example" in page
    response = client.post(
        url,
        {
            "status": Status.APPROVED,
            "name": "Held Reader",
            "email": "held@readers.example",
            "url": "",
            "body": "Edited by a moderator.",
            "log_entries-TOTAL_FORMS": "0",
            "log_entries-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    reply.refresh_from_db()
    assert (reply.status, reply.body) == (Status.APPROVED, "Edited by a moderator.")
    entry = reply.log_entries.get()
    assert (entry.actor, entry.from_status, entry.to_status) == (moderator, Status.PENDING, Status.APPROVED)
    assert "Moderation history" in client.get(url).content.decode()


@pytest.mark.django_db
def test_moderation_log_is_visible_to_moderators_and_read_only(client, moderator, queue):
    from comments import moderation

    moderation.approve(queue["held"], moderator)
    client.force_login(moderator)
    response = client.get(reverse("admin:comments_moderationlog_changelist"))
    assert response.status_code == 200
    assert "moderator" in response.content.decode()
    entry = ModerationLog.objects.get()
    assert (
        client.post(
            reverse("admin:comments_moderationlog_delete", args=[entry.pk]), {"post": "yes"}
        ).status_code
        == 403
    )


@pytest.mark.django_db
def test_moderators_keep_the_word_lists(client, moderator):
    client.force_login(moderator)
    response = client.post(
        reverse("admin:comments_moderationterm_add"),
        {"kind": "disallowed_word", "value": " کلاهبردار ", "note": "scam accusations"},
    )
    assert response.status_code == 302
    assert ModerationTerm.objects.get().value == "کلاهبردار"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["journalist", "editor"])
def test_journalists_and_editors_cannot_moderate(client, request, role, queue):
    client.force_login(request.getfixturevalue(role))
    assert client.get(CHANGELIST).status_code == 403
    response = client.post(CHANGELIST, {"action": "make_approved", "_selected_action": [queue["held"].pk]})
    assert response.status_code == 403
    queue["held"].refresh_from_db()
    assert queue["held"].status == Status.PENDING


@pytest.mark.django_db
def test_queue_costs_the_same_queries_for_many_replies(client, moderator, django_assert_max_num_queries):
    article = ArticleFactory()
    for _ in range(40):
        ReplyFactory(article=article, status=Status.PENDING)
    client.force_login(moderator)
    client.get(CHANGELIST)
    with django_assert_max_num_queries(16):
        assert client.get(CHANGELIST).status_code == 200
