"""Reply look-ups by email use an index on PostgreSQL, whatever the case typed."""

import pytest
from django.db import connection

from comments.models import Reply
from tests.factories import ReplyFactory


@pytest.mark.django_db
@pytest.mark.postgres  # an expression index on PostgreSQL
def test_the_known_commenter_check_uses_the_case_insensitive_email_index():
    ReplyFactory.create_batch(3)
    queryset = Reply.objects.approved().filter(email__iexact="Nadia@Readers.Example")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table: ask whether the index can serve
        plan = queryset.explain()
    assert "reply_email_upper_status_idx" in plan
