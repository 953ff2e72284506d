"""One click per decision on each row of the reply queue, through comments.moderation and its log."""

import pytest
from django.urls import reverse

from comments.models import ModerationLog, Reply
from tests.factories import ArticleFactory, ReplyFactory

Status = Reply.Status
CHANGELIST = reverse("admin:comments_reply_changelist")


def decide_url(reply, decision):
    return reverse("admin:comments_reply_decide", args=[reply.pk, decision])


@pytest.fixture
def held(db):
    return ReplyFactory(
        article=ArticleFactory(title="Border trade"),
        status=Status.PENDING,
        hold_reason=Reply.Reason.FIRST_REPLY,
        name="Rahim",
    )


@pytest.mark.django_db
def test_each_row_of_the_queue_has_its_decisions_as_csrf_protected_post_buttons(client, moderator, held):
    client.force_login(moderator)
    html = client.get(CHANGELIST).content.decode()
    for decision in ("approve", "spam", "trash"):
        assert f'formaction="{decide_url(held, decision)}"' in html
    assert f'formaction="{decide_url(held, "unapprove")}"' not in html  # it is held already
    assert reverse("admin:comments_reply_answer", args=[held.pk]) in html
    # The buttons sit in the changelist form, which carries the CSRF token.
    assert 'id="changelist-form"' in html and "csrfmiddlewaretoken" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("decision", "status"),
    [("approve", Status.APPROVED), ("spam", Status.SPAM), ("trash", Status.TRASH)],
)
def test_one_click_moves_the_reply_and_logs_who_decided(client, moderator, held, decision, status):
    client.force_login(moderator)
    response = client.post(decide_url(held, decision), HTTP_REFERER="http://testserver" + CHANGELIST + "?p=2")
    assert response.status_code == 302
    assert response["Location"] == "http://testserver" + CHANGELIST + "?p=2"
    held.refresh_from_db()
    assert held.status == status
    log = ModerationLog.objects.filter(reply=held).latest("pk")
    assert (log.actor, log.from_status, log.to_status) == (moderator, Status.PENDING, status)


@pytest.mark.django_db
def test_unapprove_sends_an_approved_reply_back_to_the_queue(client, moderator):
    reply = ReplyFactory()
    client.force_login(moderator)
    client.post(decide_url(reply, "unapprove"))
    reply.refresh_from_db()
    assert reply.status == Status.PENDING
    assert ModerationLog.objects.filter(reply=reply, actor=moderator, to_status=Status.PENDING).exists()


@pytest.mark.django_db
def test_a_get_or_a_journalist_or_a_forged_post_changes_nothing(client, journalist, moderator, held):
    client.force_login(moderator)
    client.get(decide_url(held, "approve"))
    held.refresh_from_db()
    assert held.status == Status.PENDING
    client.force_login(journalist)
    assert client.post(decide_url(held, "approve")).status_code == 403
    held.refresh_from_db()
    assert held.status == Status.PENDING

    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(moderator)
    assert csrf_client.post(decide_url(held, "approve")).status_code == 403
    held.refresh_from_db()
    assert held.status == Status.PENDING
    assert not ModerationLog.objects.filter(actor__isnull=False).exists()


@pytest.mark.django_db
def test_an_offsite_referer_is_not_followed(client, moderator, held):
    client.force_login(moderator)
    response = client.post(decide_url(held, "spam"), HTTP_REFERER="https://evil.example/")
    assert response["Location"] == CHANGELIST


@pytest.mark.django_db
def test_reply_as_staff_publishes_the_answer_and_approves_the_held_reply(client, moderator, held):
    moderator.first_name, moderator.last_name = "Mina", "Karimi"
    moderator.save()
    client.force_login(moderator)
    url = reverse("admin:comments_reply_answer", args=[held.pk])
    page = client.get(url).content.decode()
    assert held.body in page and "also approves" in page
    response = client.post(url, {"body": "Thank you, we have corrected the figure."})
    assert response.status_code == 302
    answer = Reply.objects.get(parent=held)
    assert (answer.status, answer.name, answer.user) == (Status.APPROVED, "Mina Karimi", moderator)
    held.refresh_from_db()
    assert held.status == Status.APPROVED
    assert ModerationLog.objects.filter(reply=held, actor=moderator, to_status=Status.APPROVED).exists()
    assert ModerationLog.objects.filter(reply=answer, to_status=Status.APPROVED).exists()
    public = client.get(held.article.get_absolute_url()).content.decode()
    assert "Thank you, we have corrected the figure." in public


@pytest.mark.django_db
def test_an_empty_staff_answer_is_refused_and_nothing_is_stored(client, moderator, held):
    client.force_login(moderator)
    response = client.post(reverse("admin:comments_reply_answer", args=[held.pk]), {"body": "  "})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Reply.objects.filter(parent=held).exists()
    held.refresh_from_db()
    assert held.status == Status.PENDING


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Status.SPAM, Status.TRASH])
def test_spam_and_trash_offer_no_reply_button(client, moderator, status):
    """Answering approves what it answers: a button that can only be refused is not offered."""
    kept = ReplyFactory(status=status)
    client.force_login(moderator)
    html = client.get(CHANGELIST, {"status": status}).content.decode()
    assert f'formaction="{decide_url(kept, "approve")}"' in html  # the row is there
    assert reverse("admin:comments_reply_answer", args=[kept.pk]) not in html


@pytest.mark.django_db
def test_spam_cannot_be_answered(client, moderator):
    spam = ReplyFactory(status=Status.SPAM)
    client.force_login(moderator)
    response = client.post(reverse("admin:comments_reply_answer", args=[spam.pk]), {"body": "Hello"})
    assert "cannot be answered" in response.content.decode()
    assert not Reply.objects.filter(parent=spam).exists()
