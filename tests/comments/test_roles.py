"""The Moderator group may moderate replies and keep the word lists; others may not (SPEC §1)."""

import pytest

MODERATION = [
    "comments.view_reply",
    "comments.change_reply",
    "comments.view_moderationlog",
    "comments.add_moderationterm",
    "comments.change_moderationterm",
    "comments.delete_moderationterm",
]


@pytest.mark.django_db
@pytest.mark.parametrize("perm", MODERATION)
def test_moderator_may_moderate(moderator, perm):
    assert moderator.has_perm(perm)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["journalist", "editor"])
@pytest.mark.parametrize("perm", MODERATION)
def test_writers_and_editors_may_not_moderate(request, role, perm):
    assert not request.getfixturevalue(role).has_perm(perm)


@pytest.mark.django_db
def test_moderator_may_not_edit_articles(moderator):
    assert not moderator.has_perm("articles.change_article")
    assert not moderator.has_perm("articles.add_article")
