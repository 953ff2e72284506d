"""Importing the hand-written site.xml: every case of the issue, checked against the file itself."""

import datetime
import shutil
from collections import Counter
from xml.etree import ElementTree

import pytest
import time_machine
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, Author, Category
from comments.models import ModerationLog, Reply
from tests.factories import ArticleFactory, CategoryFactory
from wordpress.models import ImportedObject, LegacyURL

from .conftest import SITE

NS = {"wp": "http://wordpress.org/export/1.2/"}
# The mapping the README documents, written out again here so a change to it fails a test.
POST_STATUS = {"publish": "published", "future": "scheduled", "pending": "review", "draft": "draft",
               "private": "draft"}  # fmt: skip
REPLY_STATUS = {"1": "approved", "0": "pending", "spam": "spam", "trash": "trash"}


def counts_in_file(path=SITE) -> dict:
    """What the file holds, counted independently of the importer (a plain full parse)."""
    channel = ElementTree.parse(path).getroot().find("channel")
    categories = {
        c.findtext("wp:category_nicename", namespaces=NS) for c in channel.findall("wp:category", NS)
    }
    tags = {t.findtext("wp:tag_slug", namespaces=NS) for t in channel.findall("wp:tag", NS)}
    articles, replies = Counter(), Counter()
    for item in channel.findall("item"):
        if item.findtext("wp:post_type", namespaces=NS) != "post":
            continue
        status = item.findtext("wp:status", namespaces=NS)
        if status not in POST_STATUS:
            continue
        articles[POST_STATUS[status]] += 1
        for term in item.findall("category"):
            (categories if term.get("domain") == "category" else tags).add(term.get("nicename"))
        for comment in item.findall("wp:comment", NS):
            if comment.findtext("wp:comment_type", namespaces=NS) in ("", "comment"):
                replies[REPLY_STATUS[comment.findtext("wp:comment_approved", namespaces=NS)]] += 1
    return {"categories": len(categories), "tags": len(tags), "articles": articles, "replies": replies}


def counts_in_database() -> dict:
    articles = Counter()
    for article in Article.objects.all():
        articles["scheduled" if article.is_scheduled else article.status] += 1
    return {
        "categories": Category.objects.count(),
        "tags": Tag.objects.count(),
        "articles": articles,
        "replies": Counter(Reply.objects.values_list("status", flat=True)),
    }


def table_sizes() -> dict:
    models = [Article, Author, Category, Tag, Reply, ModerationLog, ImportedObject, LegacyURL]
    return {model.__name__: model.objects.count() for model in models} | {
        "bylines": Article.authors.through.objects.count(),
        "article categories": Article.categories.through.objects.count(),
    }


def wp_article(wp_id: int) -> Article:
    row = ImportedObject.objects.get(kind="post", wp_key=str(wp_id))
    return Article.objects.get(pk=row.object_id)


def wp_reply(wp_id: int) -> Reply:
    return Reply.objects.get(pk=ImportedObject.objects.get(kind="reply", wp_key=str(wp_id)).object_id)


def test_counts_after_import_equal_the_files(run_import):
    run_import()
    expected = counts_in_file()
    assert expected["articles"] == {"published": 4, "scheduled": 1, "review": 1, "draft": 2}  # sanity
    assert expected["replies"] == {"approved": 4, "pending": 1, "spam": 1, "trash": 1}
    assert counts_in_database() == expected


def test_second_run_changes_no_count(run_import, uploads):
    shutil.copy(uploads / "2019" / "05" / "kabul.jpg", uploads / "2019" / "05" / "market.jpg")
    run_import()
    first = table_sizes()
    output = run_import()
    assert table_sizes() == first
    assert "articles: 0 new, 0 updated, 8 unchanged" in output
    assert "replies: 0 new, 0 updated, 7 unchanged" in output
    assert "media: 0 new, 0 updated, 2 unchanged" in output


def test_a_post_whose_media_were_missing_is_written_again_by_the_next_run(run_import, uploads):
    run_import()  # market.jpg is missing: posts 101 (its gallery) and 108 (featured) lack it
    assert "market" not in wp_article(101).body
    shutil.copy(uploads / "2019" / "05" / "kabul.jpg", uploads / "2019" / "05" / "market.jpg")
    output = run_import()
    assert "articles: 0 new, 1 updated, 7 unchanged" in output  # 101; 108 only lacked its featured image
    assert "media: 1 new, 0 updated, 1 unchanged" in output
    assert wp_article(101).body.count("<img") == 3
    assert wp_article(108).featured_image


def test_summary_reports_counts_and_progress(run_import):
    output = run_import()
    assert "… 8 posts, 7 replies, 1 attachments (100% done)" in output
    assert "articles: 8 new" in output
    assert "articles by status: draft 2, published 4, review 1, scheduled 1" in output
    assert "replies by status: approved 4, pending 1, spam 1, trash 1" in output
    assert "skipped: " in output and "posts with status 'trash' 1" in output
    assert "pingbacks (links from other sites, never shown here) 1" in output


def test_nested_categories_keep_their_hierarchy_and_descriptions(run_import):
    run_import()
    kabul = Category.objects.get(slug="kabul")
    assert kabul.parent.slug == "afghanistan"
    assert kabul.parent.parent.slug == "region"
    assert kabul.parent.parent.parent is None
    assert kabul.description == "The capital."
    assert Category.objects.get(slug="region").description == "Countries we cover & their provinces."


def test_non_latin_titles_and_slugs_are_decoded(run_import, client):
    run_import()
    article = wp_article(102)
    assert article.title == "نتایج انتخابات به تعویق افتاد"
    assert article.slug == "نتایج-انتخابات"
    assert Category.objects.filter(slug="سیاست", name="سیاست").exists()
    assert Tag.objects.filter(slug="انتخابات").exists()
    assert article.ordered_authors()[0].name == "احمد رحیمی"
    assert client.get(article.get_absolute_url()).status_code == 200


def test_post_without_a_title_is_titled_from_its_text(run_import, client):
    output = run_import()
    article = wp_article(103)
    assert article.title == "Power cuts across the city tonight. More when…"
    assert article.slug == "103"
    assert "Post 103 has no title" in output
    assert client.get(article.get_absolute_url()).status_code == 200


def test_post_in_many_categories_keeps_them_all_and_its_primary_one(run_import):
    run_import()
    article = wp_article(101)
    assert set(article.categories.values_list("slug", flat=True)) == {
        "afghanistan", "analysis", "government", "kabul", "military", "politics", "region", "security",
        "society",
    }  # fmt: skip
    assert article.primary_category.slug == "politics"  # Yoast's primary category, term 16
    assert set(article.tags.names()) == {"Elections", "Taliban"}


def test_terms_used_on_posts_but_not_declared_are_created(run_import):
    run_import()
    article = wp_article(103)
    assert set(article.categories.values_list("slug", flat=True)) == {"kabul", "city-life"}
    assert list(article.tags.names()) == ["Power cuts"]


def test_replies_are_threaded_three_deep_even_when_a_parent_comes_later(run_import):
    run_import()
    first, second, third = wp_reply(1001), wp_reply(1002), wp_reply(1003)
    assert first.parent is None
    assert second.parent == first
    assert third.parent == second
    assert third.article == wp_article(101)


@pytest.mark.parametrize(
    "wp_id, status, ip",
    [
        (1001, "approved", "203.0.113.5"),
        (1003, "approved", "2001:db8::7"),
        (1004, "pending", None),  # "not-an-ip" in the file is dropped, not stored
        (1005, "spam", "198.51.100.9"),
        (1006, "trash", "198.51.100.10"),
    ],
)
def test_each_reply_status_and_author_detail_is_kept(run_import, wp_id, status, ip):
    run_import()
    reply = wp_reply(wp_id)
    assert reply.status == status
    assert reply.ip_address == ip
    assert reply.hold_reason == ("" if status == "approved" else Reply.Reason.IMPORTED)
    assert reply.log_entries.get().to_status == status


def test_reply_author_date_and_text(run_import):
    run_import()
    reply = wp_reply(1001)
    assert (reply.name, reply.email, reply.url) == ("First Reader", "first@example.net", "")
    assert reply.created_at == datetime.datetime(2019, 5, 12, 10, 0, tzinfo=datetime.UTC)
    assert reply.body == "Two more weeks & counting.\n\nA second paragraph."
    assert wp_reply(1002).body == "Agreed, with the first reader."  # tags dropped: replies are plain text
    assert wp_reply(1003).url == "https://third.example.net/"


def test_post_statuses_map_to_ours(run_import):
    run_import()
    assert wp_article(105).status == Article.Status.DRAFT
    assert wp_article(105).publish_at is None  # a draft's date is only when it was last saved
    assert wp_article(106).status == Article.Status.REVIEW
    assert wp_article(107).status == Article.Status.DRAFT  # private
    assert not ImportedObject.objects.filter(kind="post", wp_key="109").exists()  # trash
    assert not ImportedObject.objects.filter(kind="post", wp_key="300").exists()  # a page


def test_scheduled_post_appears_by_itself_when_its_time_comes(run_import, client):
    run_import()
    article = wp_article(104)
    assert article.status == Article.Status.PUBLISHED
    assert article.publish_at == datetime.datetime(2099, 1, 2, 7, 30, tzinfo=datetime.UTC)
    assert article.is_scheduled
    assert client.get(article.get_absolute_url()).status_code == 404
    with time_machine.travel(datetime.datetime(2099, 1, 3, tzinfo=datetime.UTC)):
        assert client.get(article.get_absolute_url()).status_code == 200


def test_dates_keep_their_time_zone(run_import):
    run_import()
    article = wp_article(101)
    # post_date_gmt 09:00 UTC is 13:30 in Kabul, the date in the old and the new URL.
    assert article.publish_at == datetime.datetime(2019, 5, 12, 9, 0, tzinfo=datetime.UTC)
    assert article.publish_date == datetime.date(2019, 5, 12)
    assert article.updated_at == datetime.datetime(2019, 5, 13, 6, 0, tzinfo=datetime.UTC)
    assert article.get_absolute_url() == "/2019/05/12/election-results-delayed/"


def test_local_dates_are_read_in_the_given_time_zone(run_import, tmp_path):
    # An old export without GMT dates: the local date is read in --timezone.
    text = SITE.read_text(encoding="utf-8").replace(
        "<wp:post_date_gmt><![CDATA[2019-05-12 09:00:00]]></wp:post_date_gmt>", ""
    )
    path = tmp_path / "no-gmt.xml"
    path.write_text(text, encoding="utf-8")
    run_import(path, timezone="Europe/London")
    assert wp_article(101).publish_at == datetime.datetime(2019, 5, 12, 12, 30, tzinfo=datetime.UTC)


def test_sticky_post_is_pinned_and_comment_status_is_kept(run_import):
    run_import()
    assert wp_article(101).is_pinned
    assert not wp_article(102).is_pinned
    assert wp_article(101).comments_open
    assert not wp_article(102).comments_open


def test_excerpt_becomes_the_dek_and_bylines_name_the_authors(run_import):
    run_import()
    article = wp_article(101)
    assert article.dek == "The count will take two more weeks."
    assert [a.name for a in article.ordered_authors()] == ["Jane Doe"]
    assert article.title == "Election results delayed – again"


def test_script_and_event_handlers_are_removed(run_import):
    run_import()
    body = wp_article(101).body
    assert "<script" not in body and "alert" not in body and "stolen cookies" not in body
    assert "onclick" not in body and "steal()" not in body
    assert "A paragraph with a handler." in body


def test_paragraphs_line_breaks_and_shortcodes(run_import):
    output = run_import()
    body = wp_article(101).body
    assert body.startswith(
        "<p>The commission said on Sunday that the count would take <strong>two more weeks</strong>.<br>"
    )
    assert "<figure><img" in body and "<figcaption>Ballot boxes in Kabul." in body
    assert "[caption" not in body and "[gallery" not in body
    assert "[sic]" in body  # ordinary bracketed text is not a shortcode
    assert "shortcodes and blocks: converted caption 1, gallery 1; stripped none" in output


def test_featured_image_comes_from_the_media_folder(run_import):
    run_import()
    article = wp_article(101)
    image = article.featured_image
    assert (image.width, image.height) == (160, 120)
    assert image.alt_text == "Ballot boxes stacked in a hall"
    assert image.caption == "Ballot boxes in Kabul."
    assert image.renditions["sizes"] and image.file.name.startswith("library/original/")


def test_missing_attachment_is_reported_and_the_import_goes_on(run_import):
    output = run_import()
    assert "missing files (1)" in output
    assert (
        "/wp-content/uploads/2019/05/market.jpg: not in " in output
        and "used by WordPress post/page 101, 108" in output
    )
    assert "featured images: imported 1, missing 1" in output
    article = wp_article(108)
    assert article.status == Article.Status.PUBLISHED and not article.featured_image


def test_missing_file_found_on_a_later_run_is_attached(run_import, uploads):
    run_import()
    shutil.copy(uploads / "2019" / "05" / "kabul.jpg", uploads / "2019" / "05" / "market.jpg")
    run_import()
    assert wp_article(108).featured_image
    assert Article.objects.count() == 8


def test_without_media_dir_images_are_skipped_and_said_so(run_import):
    output = run_import(media_dir=None)
    assert "featured images: missing 2" in output
    assert "market.jpg: no --media-dir or --fetch-media given; used by WordPress post/page 101, 108" in output
    assert not wp_article(101).featured_image


def test_dry_run_reports_and_stores_nothing(run_import, settings):
    before = table_sizes()
    output = run_import(dry_run=True)
    assert "Would import" in output and "articles: 8 new" in output
    assert table_sizes() == before
    assert not any(settings.MEDIA_ROOT.rglob("*.jpg")) if settings.MEDIA_ROOT.exists() else True


def test_second_run_keeps_a_moderators_decision(run_import):
    run_import()
    reply = wp_reply(1004)
    reply.status = Reply.Status.APPROVED
    reply.save()
    run_import()
    assert wp_reply(1004).status == Reply.Status.APPROVED


def test_second_run_applies_what_changed_in_wordpress(run_import, tmp_path, uploads):
    shutil.copy(uploads / "2019" / "05" / "kabul.jpg", uploads / "2019" / "05" / "market.jpg")
    run_import()
    changed = tmp_path / "changed.xml"
    changed.write_text(
        SITE.read_text(encoding="utf-8").replace("Markets reopen]]>", "Markets reopen after a week]]>"),
        encoding="utf-8",
    )
    before = table_sizes()
    output = run_import(changed)
    assert wp_article(108).title == "Markets reopen after a week"
    assert "articles: 0 new, 1 updated, 7 unchanged" in output
    assert table_sizes() == before


def test_existing_category_and_author_with_the_same_slug_are_reused(run_import):
    region = CategoryFactory(slug="region", name="Region")
    run_import()
    assert Category.objects.filter(slug="region").count() == 1
    assert Category.objects.get(slug="kabul").parent.parent == region


def test_slug_taken_on_the_same_day_gets_a_suffix(run_import):
    ArticleFactory(
        slug="election-results-delayed",
        publish_at=datetime.datetime(2019, 5, 12, 6, 0, tzinfo=datetime.UTC),
    )
    run_import()
    assert wp_article(101).slug == "election-results-delayed-2"


def test_dates_of_replies_and_posts_are_aware(run_import):
    run_import()
    assert timezone.is_aware(wp_article(101).publish_at)
    assert timezone.is_aware(wp_reply(1010).created_at)


def test_cached_pages_of_everything_imported_are_marked_stale(run_import, monkeypatch, client):
    from newsroom import pagecache

    bumped = set()
    real_bump = pagecache.bump
    monkeypatch.setattr(pagecache, "bump", lambda *tags: bumped.update(tags) or real_bump(*tags))
    run_import()
    region = Category.objects.get(slug="region")
    elections = Tag.objects.get(slug="elections")
    jane = wp_article(101).ordered_authors()[0]
    expected = {
        "published",
        f"published:category:{region.pk}",
        f"published:tag:{elections.pk}",
        f"published:author:{jane.pk}",
        f"article:{wp_article(101).pk}",
        "published:month:2019-05",
    }
    assert expected <= bumped
    assert "Election results delayed" in client.get("/category/region/").content.decode()
