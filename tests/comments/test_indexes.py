"""Reply look-ups by email use an index on PostgreSQL, whatever the case typed."""

import pytest
from django.db import connection

from comments.models import Reply
from tests.factories import ArticleFactory, ReplyFactory


@pytest.mark.django_db
@pytest.mark.postgres  # an expression index on PostgreSQL
def test_the_known_commenter_check_uses_the_case_insensitive_email_index():
    # Many approved replies from other readers, with fresh statistics: the status alone
    # narrows nothing, so only the email index can serve the check.
    ReplyFactory.create_batch(60, article=ArticleFactory(), status=Reply.Status.APPROVED)
    queryset = Reply.objects.approved().filter(email__iexact="Nadia@Readers.Example").order_by()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE comments_reply")
        cursor.execute("SET LOCAL enable_seqscan = off")  # still small: can the index serve?
        plan = queryset.explain()
    assert "reply_email_upper_status_idx" in plan
