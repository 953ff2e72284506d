"""Editors hear of submissions; authors of publishing, scheduling and returns with a note."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from reversion.models import Version

from articles.history import shown_comment
from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, UserFactory

from .conftest import article_form


@pytest.fixture
def piece(journalist):
    journalist.first_name, journalist.last_name = "Rahel", "Writer"
    journalist.save()
    author = AuthorFactory(name="Rahel Writer", user=journalist)
    return ArticleFactory(
        title="Wheat prices in Herat",
        status=Article.Status.DRAFT,
        publish_at=None,
        authors=[author],
        created_by=journalist,
    )


def post(client, user, article, **data):
    client.force_login(user)
    return article_form(client, article, **data)


@pytest.mark.django_db
def test_submitting_for_review_emails_every_editor_but_not_the_writer(
    client, journalist, editor, piece, mailoutbox, django_capture_on_commit_callbacks
):
    other_editor = UserFactory(username="editor2", is_staff=True)
    other_editor.groups.set(editor.groups.all())
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, journalist, piece, _workflow="review").status_code == 302
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert sorted(mail.bcc) == ["editor2@example.org", "editor@example.org"]
    assert "Submitted for review: Wheat prices in Herat" in mail.subject
    assert "Rahel Writer submitted" in mail.body
    assert "http://testserver" + reverse("admin:articles_article_change", args=[piece.pk]) in mail.body


@pytest.mark.django_db
def test_publishing_emails_the_authors_with_the_public_address(
    client, editor, piece, mailoutbox, django_capture_on_commit_callbacks
):
    piece.status = Article.Status.REVIEW
    piece.save()
    with django_capture_on_commit_callbacks(execute=True):
        post(client, editor, piece, _workflow="publish")
    piece.refresh_from_db()
    (mail,) = mailoutbox
    assert mail.bcc == ["journalist@example.org"]
    assert "Published: Wheat prices in Herat" in mail.subject
    assert "http://testserver" + piece.get_absolute_url() in mail.body


@pytest.mark.django_db
def test_scheduling_emails_the_authors_with_the_time(
    client, editor, piece, mailoutbox, django_capture_on_commit_callbacks
):
    when = timezone.localtime(timezone.now() + datetime.timedelta(days=2)).replace(second=0, microsecond=0)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            client,
            editor,
            piece,
            _workflow="schedule",
            publish_at_0=when.strftime("%Y-%m-%d"),
            publish_at_1=when.strftime("%H:%M:%S"),
        )
    assert response.status_code == 302
    (mail,) = mailoutbox
    assert "Scheduled: Wheat prices in Herat" in mail.subject
    assert when.strftime("%Y-%m-%d %H:%M") in mail.body


@pytest.mark.django_db
def test_returning_to_draft_emails_the_note_and_keeps_it_in_the_history(
    client, editor, piece, mailoutbox, django_capture_on_commit_callbacks
):
    piece.status = Article.Status.REVIEW
    piece.save()
    client.force_login(editor)
    form_page = client.get(reverse("admin:articles_article_change", args=[piece.pk])).content.decode()
    assert 'name="return_note"' in form_page
    note = "Please source the price figures and cut the second section."
    with django_capture_on_commit_callbacks(execute=True):
        post(client, editor, piece, _workflow="draft", return_note=note)
    piece.refresh_from_db()
    assert piece.status == Article.Status.DRAFT
    (mail,) = mailoutbox
    assert "Returned to draft: Wheat prices in Herat" in mail.subject
    assert note in mail.body
    latest = Version.objects.get_for_object(piece).select_related("revision").first()
    assert note in shown_comment(latest.revision)
    history = client.get(reverse("admin:articles_article_history", args=[piece.pk])).content.decode()
    assert note in history


@pytest.mark.django_db
def test_the_history_speaks_the_readers_language_whoever_wrote_it(client, editor, piece):
    """Stored untranslated (as Django's own change messages are), shown in each reader's language."""
    piece.status = Article.Status.REVIEW
    piece.save()
    client.force_login(editor)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fa"  # the editor works in Dari
    article_form(client, piece, _workflow="draft", return_note="Source the figures.")
    url = reverse("admin:articles_article_history", args=[piece.pk])
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Returned to draft with a note: Source the figures." in english
    dari = client.get(url).content.decode()
    with translation.override("fa"):
        assert (
            translation.gettext("Returned to draft with a note: %(note)s") % {"note": "Source the figures."}
            in dari
        )


@pytest.mark.django_db
def test_saving_a_draft_tells_nobody_and_journalists_see_no_note_field(
    client, journalist, piece, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(journalist)
    form_page = client.get(reverse("admin:articles_article_change", args=[piece.pk])).content.decode()
    assert 'name="return_note"' not in form_page
    with django_capture_on_commit_callbacks(execute=True):
        post(client, journalist, piece, _workflow="draft", title="Wheat prices in Herat, again")
    assert mailoutbox == []


@pytest.mark.django_db
def test_a_broken_mail_server_does_not_undo_the_submission(
    client, journalist, editor, piece, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.desk.test_notifications.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, journalist, piece, _workflow="review").status_code == 302
    piece.refresh_from_db()
    assert piece.status == Article.Status.REVIEW


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


@pytest.mark.django_db
def test_each_recipient_reads_the_email_in_the_language_they_sign_in_with(
    client, journalist, editor, piece, mailoutbox, django_capture_on_commit_callbacks
):
    from django.test import Client

    from newsroom.models import StaffLanguage

    Client().post(
        "/admin/login/", {"username": editor.username, "password": "password"}, HTTP_ACCEPT_LANGUAGE="fa"
    )
    assert StaffLanguage.objects.get(user=editor).language == "fa"
    english_editor = UserFactory(username="editor2", is_staff=True)
    english_editor.groups.set(editor.groups.all())
    with django_capture_on_commit_callbacks(execute=True):
        post(client, journalist, piece, _workflow="review")  # the writer works in English
    by_recipient = {tuple(mail.bcc): mail for mail in mailoutbox}
    assert set(by_recipient) == {("editor@example.org",), ("editor2@example.org",)}
    assert "Submitted for review" in by_recipient["editor2@example.org",].subject
    dari = by_recipient["editor@example.org",]
    assert "Submitted for review" not in dari.subject and "Wheat prices in Herat" in dari.subject


@pytest.mark.django_db
def test_only_who_may_still_edit_the_article_is_sent_its_edit_link(
    client, editor, piece, mailoutbox, django_capture_on_commit_callbacks
):
    edit_url = "http://testserver" + reverse("admin:articles_article_change", args=[piece.pk])
    piece.status = Article.Status.REVIEW
    piece.save()
    with django_capture_on_commit_callbacks(execute=True):
        post(client, editor, piece, _workflow="publish")
    (published,) = mailoutbox
    assert edit_url not in published.body  # published: the journalist's to read, an editor's to change
    with django_capture_on_commit_callbacks(execute=True):
        post(client, editor, piece, _workflow="unpublish")
    assert edit_url in mailoutbox[1].body  # back to draft: theirs to change again
