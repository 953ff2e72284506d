"""Putting people in their newsroom roles from the command line."""

import io

import pytest
from django.core.management import CommandError, call_command

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_set_role_makes_a_staff_journalist_and_can_take_it_back():
    user = UserFactory(username="nadia", is_staff=False)
    call_command("set_role", "nadia", "journalist", stdout=io.StringIO())
    user.refresh_from_db()
    assert user.is_staff and user.groups.filter(name="Journalist").exists()
    assert user.has_perm("articles.add_article") and not user.has_perm("articles.publish_article")
    call_command("set_role", "nadia", "Journalist", "--remove", stdout=io.StringIO())
    assert not user.groups.exists()


@pytest.mark.parametrize(("username", "role"), [("nobody", "Editor"), ("nadia", "Publisher")])
def test_set_role_refuses_unknown_users_and_roles(username, role):
    UserFactory(username="nadia")
    with pytest.raises(CommandError):
        call_command("set_role", username, role, stdout=io.StringIO())
