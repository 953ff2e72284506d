"""Each rule of SPEC §4, each moderator's transition, and the order the pipeline applies them in."""

import datetime

import pytest
import time_machine
from django.core import mail

from articles.models import Article
from comments import moderation
from comments.models import ModerationLog, ModerationTerm, Reply
from comments.moderation import Decision, Refusal, WordLists
from newsroom.text import normalize
from tests.factories import ArticleFactory, ReplyFactory, UserFactory

Status, Reason = Reply.Status, Reply.Reason
NOW = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=datetime.UTC)


def new_reply(article=None, **fields) -> Reply:
    """An unsaved reply, as the form builds it."""
    values = {
        "name": "Nadia Rahimi",
        "email": "nadia@readers.example",
        "body": "Thank you for this analysis.",
        "ip_address": "203.0.113.5",
    }
    values.update(fields)
    return Reply(article=article or ArticleFactory(publish_at=NOW - datetime.timedelta(hours=2)), **values)


def lists(**kinds) -> WordLists:
    for kind, values in kinds.items():
        for value in values:
            ModerationTerm.objects.create(kind=kind, value=value)
    return WordLists.load()


# --- step 1: open or closed ----------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "status, published_ago, switch, close_after, expected",
    [
        (Article.Status.PUBLISHED, datetime.timedelta(days=1), True, 30, True),
        (Article.Status.PUBLISHED, datetime.timedelta(days=1), False, 30, False),
        (Article.Status.PUBLISHED, datetime.timedelta(days=31), True, 30, False),
        (Article.Status.PUBLISHED, datetime.timedelta(days=31), True, 0, True),
        (Article.Status.PUBLISHED, -datetime.timedelta(days=1), True, 30, False),  # scheduled
        (Article.Status.DRAFT, datetime.timedelta(days=1), True, 30, False),
        (Article.Status.REVIEW, datetime.timedelta(days=1), True, 30, False),
    ],
)
def test_comments_open(settings, status, published_ago, switch, close_after, expected):
    settings.NEWSROOM_REPLY_CLOSE_AFTER_DAYS = close_after
    article = ArticleFactory(status=status, publish_at=NOW - published_ago, comments_open=switch)
    assert moderation.comments_open(article, NOW) is expected


@pytest.mark.django_db
def test_replies_close_exactly_after_the_configured_days(settings):
    settings.NEWSROOM_REPLY_CLOSE_AFTER_DAYS = 14
    article = ArticleFactory(publish_at=NOW)
    assert moderation.comments_open(article, NOW + datetime.timedelta(days=13, hours=23))
    assert not moderation.comments_open(article, NOW + datetime.timedelta(days=14))


@pytest.mark.django_db
def test_parent_must_be_approved_on_the_same_article_and_not_too_deep(settings):
    settings.NEWSROOM_REPLY_DEPTH = 3
    article = ArticleFactory()
    top = ReplyFactory(article=article)
    second = ReplyFactory(article=article, parent=top)
    third = ReplyFactory(article=article, parent=second)
    assert moderation.parent_problem(top, article) is None
    assert moderation.parent_problem(second, article) is None
    assert "nested" in moderation.parent_problem(third, article)
    for status in (Status.PENDING, Status.SPAM, Status.TRASH):
        hidden = ReplyFactory(article=article, status=status)
        assert "not available" in moderation.parent_problem(hidden, article)
    assert "not available" in moderation.parent_problem(ReplyFactory(), article)
    assert "not available" in moderation.parent_problem(None, article)


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Status.PENDING, Status.SPAM, Status.TRASH])
def test_depth_counts_the_levels_readers_see(client, settings, status):
    # The thread moves an answer to a hidden reply up a level; the rule for
    # answering must agree with the "Reply" link the page shows.
    settings.NEWSROOM_REPLY_DEPTH = 3
    article = ArticleFactory()
    hidden = ReplyFactory(article=article, status=status)
    shown_top = ReplyFactory(article=article, parent=hidden)
    shown_second = ReplyFactory(article=article, parent=shown_top)
    assert moderation.parent_problem(shown_second, article) is None
    assert f"?replytocom={shown_second.pk}#respond" in client.get(article.get_absolute_url()).content.decode()
    third = ReplyFactory(article=article, parent=shown_second)
    assert "nested" in moderation.parent_problem(third, article)


@pytest.mark.django_db
def test_flat_threads_when_depth_is_one(settings):
    settings.NEWSROOM_REPLY_DEPTH = 1
    reply = ReplyFactory()
    assert moderation.parent_problem(reply, reply.article) is not None


# --- step 2: bot signals ---------------------------------------------------------


@pytest.mark.parametrize(
    "honeypot, started_seconds_ago, expected",
    [
        ("http://spam.example", 60, Decision(None)),
        ("", None, Decision(Status.SPAM, Reason.BAD_TOKEN)),
        ("", 1, Decision(Status.SPAM, Reason.TOO_FAST)),
        ("", 3, None),
        ("", 3600, None),
    ],
)
def test_bot_signal(settings, honeypot, started_seconds_ago, expected):
    settings.NEWSROOM_REPLY_MIN_SECONDS = 3
    started = None if started_seconds_ago is None else NOW - datetime.timedelta(seconds=started_seconds_ago)
    assert moderation.bot_signal(honeypot=honeypot, started_at=started, now=NOW) == expected


# --- step 3: flooding and duplicates -------------------------------------------------


@pytest.mark.django_db
def test_flood_refuses_a_second_reply_from_the_same_ip_within_the_interval(settings):
    settings.NEWSROOM_REPLY_FLOOD_SECONDS = 15
    article = ArticleFactory()
    with time_machine.travel(NOW, tick=False) as clock:
        moderation.check_flood(new_reply(article, email="one@readers.example"))
        with pytest.raises(Refusal) as refused:
            moderation.check_flood(new_reply(article, email="two@readers.example"))
        assert refused.value.status_code == 429
        assert refused.value.message == "You are posting comments too quickly. Slow down."
        clock.shift(16)
        moderation.check_flood(new_reply(article, email="three@readers.example"))


@pytest.mark.django_db
def test_flood_refuses_the_same_email_from_another_ip():
    article = ArticleFactory()
    moderation.check_flood(new_reply(article, ip_address="203.0.113.1", email="Same@Readers.example"))
    with pytest.raises(Refusal):
        moderation.check_flood(new_reply(article, ip_address="203.0.113.2", email="same@readers.example"))


@pytest.mark.django_db
def test_flood_lets_different_people_post_at_once():
    article = ArticleFactory()
    for n in range(5):
        moderation.check_flood(new_reply(article, ip_address=f"203.0.113.{n}", email=f"r{n}@readers.example"))


@pytest.mark.django_db
def test_moderators_are_not_flood_limited(moderator):
    article = ArticleFactory()
    for _ in range(3):
        moderation.check_flood(new_reply(article, user=moderator))


@pytest.mark.django_db
def test_duplicate_is_refused_with_409_but_a_trashed_copy_does_not_count():
    article = ArticleFactory()
    first = new_reply(article)
    moderation.store(first, Decision(Status.PENDING, Reason.FIRST_REPLY), NOW)
    with pytest.raises(Refusal) as refused:
        moderation.check_duplicate(new_reply(article, body="  Thank you for this   analysis. "))
    assert refused.value.status_code == 409
    assert refused.value.message == "Duplicate comment detected; it looks as though you’ve already said that!"
    moderation.moderate([first], Status.TRASH, by=None)
    moderation.check_duplicate(new_reply(article))


@pytest.mark.django_db
def test_same_words_from_someone_else_or_elsewhere_are_not_duplicates():
    article = ArticleFactory()
    moderation.store(new_reply(article), Decision(Status.APPROVED), NOW)
    moderation.check_duplicate(new_reply(article, email="other@readers.example"))
    moderation.check_duplicate(new_reply(ArticleFactory()))


@pytest.mark.django_db
def test_database_refuses_a_duplicate_that_raced_past_the_check():
    article = ArticleFactory()
    moderation.store(new_reply(article), Decision(Status.APPROVED), NOW)
    with pytest.raises(Refusal) as refused:
        moderation.store(new_reply(article), Decision(Status.APPROVED), NOW)
    assert refused.value.status_code == 409
    assert Reply.objects.count() == 1


# --- step 4: disallowed lists ----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kind, entry, fields, reason",
    [
        ("disallowed_word", "casino", {"body": "Best CASINO bonus"}, Reason.DISALLOWED_WORD),
        ("disallowed_word", "casino", {"url": "https://casino.example"}, Reason.DISALLOWED_WORD),
        # Persian entry typed with Persian yeh and keheh; reply typed on an Arabic keyboard.
        ("disallowed_word", "کثیف", {"body": "این یک حرف كثيف است"}, Reason.DISALLOWED_WORD),
        # And the other way round, with a zero-width non-joiner and tatweel in the reply.
        ("disallowed_word", "كلاهبردار", {"body": "او یک ک\u0640لاه\u200cبردار است"}, Reason.DISALLOWED_WORD),
        ("disallowed_word", "دروغگو", {"body": "دروغگو"}, Reason.DISALLOWED_WORD),  # Pashto/Dari
        ("disallowed_name", "Spam Bot", {"name": "  spam   BOT "}, Reason.DISALLOWED_NAME),
        ("disallowed_email", "bad@spam.example", {"email": "BAD@spam.example"}, Reason.DISALLOWED_EMAIL),
        ("disallowed_email", "@spam.example", {"email": "anyone@spam.example"}, Reason.DISALLOWED_EMAIL),
        ("disallowed_ip", "192.0.2.9", {"ip_address": "192.0.2.9"}, Reason.DISALLOWED_IP),
        ("disallowed_ip", "192.0.2.0/24", {"ip_address": "192.0.2.200"}, Reason.DISALLOWED_IP),
        ("disallowed_ip", "2001:db8::/32", {"ip_address": "2001:db8::1"}, Reason.DISALLOWED_IP),
    ],
)
def test_disallowed_lists_make_spam(kind, entry, fields, reason):
    decision = moderation.disallowed(new_reply(**fields), lists(**{kind: [entry]}))
    assert decision == Decision(Status.SPAM, reason)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kind, entry, fields",
    [
        ("disallowed_word", "casino", {"body": "A careful reply."}),
        ("disallowed_word", "کثیف", {"body": "یک پاسخ محترمانه"}),
        ("disallowed_name", "Spam", {"name": "Spam Lover"}),  # names match whole
        ("disallowed_email", "@spam.example", {"email": "someone@notspam.example"}),
        ("disallowed_ip", "192.0.2.0/24", {"ip_address": "192.0.3.1"}),
        ("disallowed_ip", "not an address", {"ip_address": "192.0.3.1"}),
    ],
)
def test_disallowed_lists_leave_other_replies_alone(kind, entry, fields):
    assert moderation.disallowed(new_reply(**fields), lists(**{kind: [entry]})) is None


# --- step 5: links and moderation words ----------------------------------------------------


@pytest.mark.parametrize(
    "body, held",
    [
        ("No links at all.", False),
        ("See https://a.example and http://b.example", False),
        ("See https://a.example, http://b.example and www.c.example", True),
    ],
)
def test_more_links_than_the_limit_are_held(body, held):
    decision = moderation.too_many_links(Reply(body=body), limit=2)
    assert decision == (Decision(Status.PENDING, Reason.TOO_MANY_LINKS) if held else None)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "entry, body, held",
    [
        ("election", "The ELECTION was rigged", True),
        ("انتخابات", "انتخابات تقلبی بود", True),
        ("ملي", "ملی", True),  # Arabic yeh in the list, Persian yeh in the reply
        ("election", "The weather is fine", False),
    ],
)
def test_moderation_words_hold_for_review(entry, body, held):
    decision = moderation.moderation_word(new_reply(body=body), lists(moderation_word=[entry]))
    assert decision == (Decision(Status.PENDING, Reason.MODERATION_WORD) if held else None)


# --- step 6: who is writing -------------------------------------------------------------


@pytest.mark.django_db
def test_first_reply_from_an_unknown_email_waits():
    assert moderation.trust(new_reply()) == Decision(Status.PENDING, Reason.FIRST_REPLY)


@pytest.mark.django_db
def test_previously_approved_email_is_approved_ignoring_case():
    ReplyFactory(email="nadia@readers.example", status=Status.APPROVED)
    assert moderation.trust(new_reply(email="Nadia@Readers.example")) == Decision(Status.APPROVED)


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Status.PENDING, Status.SPAM, Status.TRASH])
def test_earlier_replies_that_were_not_approved_do_not_vouch(status):
    ReplyFactory(email="nadia@readers.example", status=status)
    assert moderation.trust(new_reply()).status == Status.PENDING


@pytest.mark.django_db
def test_known_email_is_held_too_when_the_setting_says_hold_everything(settings):
    settings.NEWSROOM_REPLY_APPROVE_KNOWN_EMAIL = False
    ReplyFactory(email="nadia@readers.example")
    assert moderation.trust(new_reply()) == Decision(Status.PENDING, Reason.ALL_HELD)


@pytest.mark.django_db
def test_logged_in_staff_is_approved(editor):
    assert moderation.trust(new_reply(user=editor)) == Decision(Status.APPROVED)


@pytest.mark.django_db
def test_logged_in_non_staff_counts_as_a_reader():
    reader = UserFactory(is_staff=False)
    assert moderation.trust(new_reply(user=reader)).status == Status.PENDING


# --- the pipeline, in order -----------------------------------------------------------------


def started(seconds=60):
    return NOW - datetime.timedelta(seconds=seconds)


@pytest.mark.django_db
def test_decide_refuses_a_closed_article():
    article = ArticleFactory(publish_at=NOW - datetime.timedelta(hours=1), comments_open=False)
    with pytest.raises(Refusal) as refused:
        moderation.decide(new_reply(article), NOW, started_at=started())
    assert (refused.value.status_code, refused.value.message) == (403, "Comments are closed.")


@pytest.mark.django_db
def test_bot_signals_come_before_flood_and_lists(editor):
    ModerationTerm.objects.create(kind="disallowed_word", value="casino")
    reply = new_reply(body="casino", user=editor)
    assert moderation.decide(reply, NOW, started_at=started(1)) == Decision(Status.SPAM, Reason.TOO_FAST)
    assert moderation.decide(reply, NOW, honeypot="x", started_at=started()) == Decision(None)


@pytest.mark.django_db
def test_disallowed_comes_before_links_moderation_words_and_trust(editor):
    ModerationTerm.objects.create(kind="disallowed_word", value="casino")
    ModerationTerm.objects.create(kind="moderation_word", value="bonus")
    reply = new_reply(body="casino bonus http://a http://b http://c", user=editor)
    decision = moderation.decide(reply, NOW, started_at=started())
    assert decision == Decision(Status.SPAM, Reason.DISALLOWED_WORD)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "moderation_word, body, expected",
    [
        (
            None,
            "http://a.example http://b.example http://c.example",
            Decision(Status.PENDING, Reason.TOO_MANY_LINKS),
        ),
        ("rigged", "It was rigged.", Decision(Status.PENDING, Reason.MODERATION_WORD)),
        (None, None, Decision(Status.APPROVED)),  # the default, clean body
    ],
)
def test_a_known_commenter_is_approved_unless_links_or_a_moderation_word_hold_the_reply(
    moderation_word, body, expected
):
    ReplyFactory(email="nadia@readers.example")
    if moderation_word:
        ModerationTerm.objects.create(kind="moderation_word", value=moderation_word)
    reply = new_reply(body=body) if body else new_reply()
    assert moderation.decide(reply, NOW, started_at=started()) == expected


@pytest.mark.django_db
def test_store_saves_once_and_logs_the_automatic_decision():
    reply = moderation.store(new_reply(), Decision(Status.PENDING, Reason.FIRST_REPLY), NOW)
    entry = ModerationLog.objects.get(reply=reply)
    assert (entry.actor, entry.from_status, entry.to_status, entry.reason) == (
        None,
        "",
        Status.PENDING,
        Reason.FIRST_REPLY,
    )
    assert reply.hold_reason == Reason.FIRST_REPLY
    assert reply.created_at == NOW


# --- moderators' transitions ---------------------------------------------------------------

TRANSITIONS = [
    (Status.PENDING, Status.APPROVED),
    (Status.SPAM, Status.APPROVED),
    (Status.TRASH, Status.APPROVED),
    (Status.APPROVED, Status.PENDING),
    (Status.SPAM, Status.PENDING),
    (Status.TRASH, Status.PENDING),
    (Status.PENDING, Status.SPAM),
    (Status.APPROVED, Status.SPAM),
    (Status.TRASH, Status.SPAM),
    (Status.PENDING, Status.TRASH),
    (Status.APPROVED, Status.TRASH),
    (Status.SPAM, Status.TRASH),
]


@pytest.mark.django_db
@pytest.mark.parametrize("before, after", TRANSITIONS)
def test_each_transition_changes_status_and_logs_who_when_from_to(moderator, before, after):
    reply = ReplyFactory(status=before, hold_reason=Reason.FIRST_REPLY)
    with time_machine.travel(NOW, tick=False):
        assert moderation.moderate([reply], after, moderator) == 1
    reply.refresh_from_db()
    assert reply.status == after
    assert reply.hold_reason == ("" if after == Status.APPROVED else Reason.MODERATOR)
    entry = reply.log_entries.get()
    logged = (entry.actor, entry.created_at, entry.from_status, entry.to_status)
    assert logged == (moderator, NOW, before, after)


@pytest.mark.django_db
def test_a_decision_that_changes_nothing_is_not_logged(moderator):
    reply = ReplyFactory(status=Status.APPROVED)
    assert moderation.approve(reply, moderator) is False
    assert not reply.log_entries.exists()


@pytest.mark.django_db
def test_bulk_moderation_counts_only_changed_replies(moderator):
    replies = [ReplyFactory(status=Status.PENDING) for _ in range(3)] + [ReplyFactory(status=Status.APPROVED)]
    assert moderation.moderate(replies, Status.APPROVED, moderator) == 3
    assert ModerationLog.objects.filter(actor=moderator).count() == 3


@pytest.mark.django_db
def test_restoring_a_trashed_duplicate_of_a_visible_reply_is_skipped(moderator):
    article = ArticleFactory()
    first = moderation.store(new_reply(article), Decision(Status.APPROVED), NOW)
    moderation.moderate([first], Status.TRASH, moderator)
    second = moderation.store(new_reply(article), Decision(Status.APPROVED), NOW)
    assert moderation.approve(first, moderator) is False
    first.refresh_from_db()
    assert (first.status, second.status) == (Status.TRASH, Status.APPROVED)


# --- telling moderators -----------------------------------------------------------------------


@pytest.mark.django_db
def test_moderators_are_emailed_about_pending_replies(moderator, editor, django_capture_on_commit_callbacks):
    reply = moderation.store(new_reply(), Decision(Status.PENDING, Reason.FIRST_REPLY), NOW)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.notify_moderators(reply, review_url="http://testserver/admin/x")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.bcc == [moderator.email]
    assert reply.article.title in message.subject
    assert "nadia@readers.example" in message.body and "203.0.113.5" in message.body
    assert "First reply from this email" in message.body


@pytest.mark.django_db
def test_approved_replies_send_no_email(moderator, django_capture_on_commit_callbacks):
    reply = moderation.store(new_reply(), Decision(Status.APPROVED), NOW)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.notify_moderators(reply, review_url="x")
    assert mail.outbox == []


# --- folding text for matching ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "left, right",
    [
        ("CASINO", "casino"),
        ("علي", "علی"),  # Arabic yeh / Persian yeh
        ("كتاب", "کتاب"),  # Arabic kaf / keheh
        ("کتاب‌ها", "کتابها"),  # zero-width non-joiner
        ("مــلی", "ملی"),  # tatweel
        ("مَلِی", "ملی"),  # diacritics
        ("۱۲۳", "123"),  # Persian digits
        ("Straße", "STRASSE"),
    ],
)
def test_normalize_folds_spelling_variants(left, right):
    assert normalize(left) == normalize(right)
