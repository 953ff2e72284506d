"""Administrators can see what the import remembers and remove a redirect; nobody can edit it."""

from wordpress.models import LegacyURL


def test_administrator_lists_and_searches_old_addresses(client, admin_user, run_import):
    run_import()
    client.force_login(admin_user)
    response = client.get("/admin/wordpress/legacyurl/", {"q": "kabul"})
    assert response.status_code == 200
    assert "/category/region/afghanistan/kabul/" in response.content.decode()
    assert client.get("/admin/wordpress/importedobject/?kind__exact=post").status_code == 200


def test_old_addresses_cannot_be_added_or_edited_but_can_be_removed(client, admin_user, run_import):
    run_import()
    client.force_login(admin_user)
    legacy = LegacyURL.objects.get(path="/election-results-delayed/")
    assert client.get("/admin/wordpress/legacyurl/add/").status_code == 403
    response = client.post(f"/admin/wordpress/legacyurl/{legacy.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not LegacyURL.objects.filter(pk=legacy.pk).exists()
    assert client.get("/election-results-delayed/").status_code == 404


def test_editors_do_not_see_the_import_records(client, editor):
    client.force_login(editor)
    assert client.get("/admin/wordpress/legacyurl/").status_code == 403
