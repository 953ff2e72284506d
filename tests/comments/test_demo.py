"""The demo newsroom's replies (SPEC §5): a threaded conversation and every status, with its log."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article
from comments.models import ModerationLog, Reply


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())


def depth(reply):
    level = 1
    while reply.parent_id:
        reply, level = reply.parent, level + 1
    return level


@pytest.mark.django_db
def test_showcase_has_thirty_approved_replies_three_levels_deep(demo, client):
    showcase = Article.objects.get(slug="a-cabinet-reshuffle-and-the-limits-of-central-power")
    replies = list(showcase.replies.all())
    assert len(replies) >= 30
    assert all(reply.status == Reply.Status.APPROVED for reply in replies)
    assert max(depth(reply) for reply in replies) == 3
    assert len({reply.email for reply in replies}) >= 5
    html = client.get(showcase.get_absolute_url()).content.decode()
    assert f"{len(replies)} Replies" in html
    assert html.count('<li class="reply') == len(replies)


@pytest.mark.django_db
def test_every_status_appears_elsewhere_with_the_log_that_produced_it(demo):
    elsewhere = Reply.objects.exclude(article__slug="a-cabinet-reshuffle-and-the-limits-of-central-power")
    assert {reply.status for reply in elsewhere} == set(Reply.Status.values)
    assert ModerationLog.objects.filter(actor__username="moderator").exists()
    for reply in Reply.objects.all():
        entries = list(reply.log_entries.order_by("created_at", "pk"))
        assert entries, reply
        assert entries[0].from_status == "" and entries[0].actor is None
        assert entries[-1].to_status == reply.status
        for before, after in zip(entries, entries[1:], strict=False):
            assert after.from_status == before.to_status


@pytest.mark.django_db
def test_seeding_replies_twice_changes_nothing(demo):
    counts = (Reply.objects.count(), ModerationLog.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Reply.objects.count(), ModerationLog.objects.count()) == counts


@pytest.mark.django_db
def test_a_later_run_keeps_every_address_and_each_reply_under_its_own_story(demo):
    addresses = {article.pk: article.get_absolute_url() for article in Article.objects.all()}
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3)):
        call_command("seed_demo", stdout=io.StringIO())
    assert {article.pk: article.get_absolute_url() for article in Article.objects.all()} == addresses
    schools = Reply.objects.get(body="Thank you for covering the schools in the north.")
    assert schools.article.slug == "girls-learn-in-living-rooms-as-secondary-schools-stay-shut"
