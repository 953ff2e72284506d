"""The privacy actions in the replies admin: export and erase by the selected replies' emails."""

import json

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from comments.models import Reply
from tests.comments.test_privacy import EMAIL, make_reply
from tests.factories import ArticleFactory

CHANGELIST = "/admin/comments/reply/?status=all"


@pytest.fixture
def replies(db):
    article = ArticleFactory()
    return [
        make_reply(article),
        make_reply(article, email=EMAIL.upper(), body="Another.", status=Reply.Status.PENDING),
        make_reply(
            article, email="other@example.org", name="Other", url="", body="Unrelated.", ip_address=None
        ),
    ]


def run_action(client, action, replies, **extra):
    return client.post(CHANGELIST, {"action": action, ACTION_CHECKBOX_NAME: [r.pk for r in replies], **extra})


def test_export_downloads_every_reply_of_the_selected_commenter(client, admin_user, replies):
    client.force_login(admin_user)
    response = run_action(client, "export_commenter_data", replies[:1])
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="commenter-data.json"'
    data = json.loads(response.content)
    assert [person["email"] for person in data] == [EMAIL.lower()]
    assert len(data[0]["replies"]) == 2  # both spellings of the address


def test_moderators_may_export_but_not_erase(client, moderator, replies):
    client.force_login(moderator)
    assert run_action(client, "export_commenter_data", replies[:1]).status_code == 200
    response = run_action(client, "erase_commenter_data", replies[:1], confirmed="yes")
    assert Reply.objects.filter(email__iexact=EMAIL).count() == 2
    assert response.status_code in (200, 302)


def test_erase_asks_first_then_anonymises(client, admin_user, replies):
    client.force_login(admin_user)
    confirm = run_action(client, "erase_commenter_data", replies[:1])
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "Erase personal data?" in page
    assert EMAIL.lower() in page
    assert Reply.objects.filter(email__iexact=EMAIL).count() == 2  # nothing yet

    done = run_action(client, "erase_commenter_data", replies[:1], confirmed="yes")
    assert done.status_code == 302
    assert not Reply.objects.filter(email__iexact=EMAIL).exists()
    assert Reply.objects.filter(name="Anonymous").count() == 2
    assert Reply.objects.get(pk=replies[2].pk).email == "other@example.org"
    messages = client.get(done["Location"]).content.decode()
    assert "Erased the personal data of 2 replies." in messages
