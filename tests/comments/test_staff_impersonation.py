"""A reply using a staff member's email is trusted only from that signed-in account (issue 18, finding 2)."""

import pytest
from django.test import Client

from comments.models import Reply
from tests.factories import ArticleFactory, ReplyFactory

from .test_posting import post

pytestmark = pytest.mark.django_db
Status = Reply.Status


@pytest.fixture
def article():
    return ArticleFactory(title="Water and the northern canals")


@pytest.fixture
def known_editor(editor):
    editor.email = "editor@newsroom.example"
    editor.first_name, editor.last_name = "Mariam", "Sadat"
    editor.save()
    # An approved reply under that email makes it a "known commenter" too.
    ReplyFactory(email="editor@newsroom.example", status=Status.APPROVED)
    return editor


@pytest.mark.parametrize(
    "email",
    [
        "editor@newsroom.example",
        "EDITOR@Newsroom.Example",
        " editor@newsroom.example",
        "editor+x@newsroom.example",
    ],
)
def test_an_anonymous_reply_with_a_staff_email_is_held(article, known_editor, email):
    response = post(Client(), article, name="Mariam Sadat", email=email)
    assert response.status_code == 302
    reply = Reply.objects.get(name="Mariam Sadat", article=article)
    assert (reply.status, reply.hold_reason) == (Status.PENDING, Reply.Reason.STAFF_EMAIL)
    assert reply.get_hold_reason_display() == "Uses a staff member's email"


def test_a_signed_in_reader_with_a_staff_email_is_held(article, known_editor, django_user_model):
    reader = django_user_model.objects.create_user("reader", "reader@readers.example", "x")
    client = Client()
    client.force_login(reader)
    post(client, article, name="Mariam Sadat", email="editor@newsroom.example")
    assert Reply.objects.get(article=article).status == Status.PENDING


def test_the_staff_member_signed_in_is_approved(article, known_editor):
    client = Client()
    client.force_login(known_editor)
    post(client, article, name="Mariam Sadat", email="editor@newsroom.example")
    assert Reply.objects.get(article=article).status == Status.APPROVED


def test_a_known_reader_email_is_still_approved(article, known_editor):
    ReplyFactory(email="nadia@readers.example", status=Status.APPROVED)
    post(Client(), article, email="nadia@readers.example")
    assert Reply.objects.get(article=article).status == Status.APPROVED
