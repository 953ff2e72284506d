import pytest
from django.urls import reverse

from tests.articles.admin_forms import change_form_data


def login(client, user):
    client.force_login(user)


def article_form(client, article, **overrides):
    """Post the admin change form of ``article`` as a browser would, with changes."""
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = client.get(url)
    assert response.status_code == 200
    data = change_form_data(response, **overrides)
    data.setdefault("_workflow", "save")
    return client.post(url, data)


@pytest.fixture
def mailoutbox_clear(mailoutbox):
    mailoutbox.clear()
    return mailoutbox
