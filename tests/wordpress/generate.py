"""Write synthetic WXR files of any size (for the query-count test and bench/wordpress_import.py).

Each post has categories, tags, a paragraph-convention body with a caption
shortcode around its own image (named by a WordPress size variant,
``a7-300x200.jpg``), that image as its featured image, and
``replies_per_post`` replies in threads three deep, in every status. Each
image is an attachment item with ``_wp_attached_file`` and serialized
``_wp_attachment_metadata``; :func:`write_uploads` writes the files of a
``wp-content/uploads`` copy. Streams to the file, so a huge archive needs no
memory to write.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import IO

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Generated archive</title><link>https://old.example.org</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://old.example.org</wp:base_site_url>
<wp:base_blog_url>https://old.example.org</wp:base_blog_url>
"""
STATUSES = ["1", "1", "1", "1", "1", "1", "0", "spam", "trash", "1"]


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def image_path(n: int) -> str:
    return f"2015/01/a{n}.jpg"


def write_uploads(folder: Path, posts: int, size: tuple[int, int] = (400, 300)) -> None:
    """The uploads folder of a generated archive: one small JPEG per post (the same bytes)."""
    from PIL import Image

    (folder / "2015" / "01").mkdir(parents=True, exist_ok=True)
    first = folder / image_path(1)
    Image.new("RGB", size, (120, 90, 60)).save(first, quality=70)
    data = first.read_bytes()
    for n in range(2, posts + 1):
        (folder / image_path(n)).write_bytes(data)


def _metadata(n: int) -> str:
    """``_wp_attachment_metadata`` as WordPress serializes it (PHP serialize)."""
    thumb = f"a{n}-300x200.jpg"
    return (
        f'a:4:{{s:5:"width";i:400;s:6:"height";i:300;s:4:"file";s:{len(image_path(n))}:"{image_path(n)}";'
        f's:5:"sizes";a:1:{{s:6:"medium";a:4:{{s:4:"file";s:{len(thumb)}:"{thumb}";s:5:"width";i:300;'
        f's:6:"height";i:200;s:9:"mime-type";s:10:"image/jpeg";}}}}}}'
    )


def _attachment(n: int, when: datetime.datetime) -> str:
    url = f"https://old.example.org/wp-content/uploads/{image_path(n)}"
    meta = {"_wp_attached_file": image_path(n), "_wp_attachment_metadata": _metadata(n),
            "_wp_attachment_image_alt": f"Picture {n}"}  # fmt: skip
    postmeta = "".join(
        f"<wp:postmeta><wp:meta_key>{key}</wp:meta_key><wp:meta_value>{_cdata(value)}</wp:meta_value></wp:postmeta>"
        for key, value in meta.items()
    )
    return (
        f"<item><title>{_cdata(f'Picture {n}')}</title>"
        f"<link>https://old.example.org/{when:%Y/%m/%d}/story-number-{n}/a{n}/</link>"
        f"<excerpt:encoded>{_cdata(f'Caption of picture {n}')}</excerpt:encoded>"
        f"<wp:post_id>{ATTACHMENT_BASE + n}</wp:post_id><wp:post_parent>{n}</wp:post_parent>"
        f"<wp:post_date>{when:%Y-%m-%d %H:%M:%S}</wp:post_date><wp:status>inherit</wp:status>"
        f"<wp:post_type>attachment</wp:post_type><wp:attachment_url>{url}</wp:attachment_url>{postmeta}</item>\n"
    )


ATTACHMENT_BASE = 1_000_000


def write_wxr(
    out: IO[str],
    posts: int,
    replies_per_post: int,
    authors: int = 5,
    categories: int = 20,
    media: bool = True,
) -> None:
    out.write(HEAD)
    for n in range(1, authors + 1):
        out.write(
            f"<wp:author><wp:author_id>{n}</wp:author_id><wp:author_login>writer{n}</wp:author_login>"
            f"<wp:author_display_name>{_cdata(f'Writer {n}')}</wp:author_display_name></wp:author>\n"
        )
    for n in range(1, categories + 1):
        parent = f"section-{(n - 1) // 5 * 5 + 1}" if n % 5 != 1 else ""
        out.write(
            f"<wp:category><wp:term_id>{n}</wp:term_id><wp:category_nicename>section-{n}</wp:category_nicename>"
            f"<wp:category_parent>{parent}</wp:category_parent>"
            f"<wp:cat_name>{_cdata(f'Section {n}')}</wp:cat_name></wp:category>\n"
        )
    for n in range(1, categories + 1):
        out.write(
            f"<wp:tag><wp:term_id>{1000 + n}</wp:term_id><wp:tag_slug>topic-{n}</wp:tag_slug>"
            f"<wp:tag_name>{_cdata(f'Topic {n}')}</wp:tag_name></wp:tag>\n"
        )
    start = datetime.datetime(2015, 1, 1, 6, 0)
    comment_id = 1
    for n in range(1, posts + 1):
        when = start + datetime.timedelta(hours=7 * n)
        gmt = when - datetime.timedelta(hours=4, minutes=30)
        slug = f"story-number-{n}"
        body = (
            f"Paragraph one of story {n}.\nSecond line.\n\n"
            f'[caption id="attachment_{ATTACHMENT_BASE + n}" width="300"]'
            f'<img class="wp-image-{ATTACHMENT_BASE + n}"'
            f' src="https://old.example.org/wp-content/uploads/2015/01/a{n}-300x200.jpg" alt="" />'
            f" A caption[/caption]\n\n<script>alert({n})</script>Last paragraph."
        )
        terms = "".join(
            f'<category domain="category" nicename="section-{(n + k) % categories + 1}">'
            f"{_cdata(f'Section {(n + k) % categories + 1}')}</category>"
            for k in range(3)
        ) + "".join(
            f'<category domain="post_tag" nicename="topic-{(n * 3 + k) % categories + 1}">'
            f"{_cdata(f'Topic {(n * 3 + k) % categories + 1}')}</category>"
            for k in range(2)
        )
        thumbnail = (
            "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
            f"<wp:meta_value>{ATTACHMENT_BASE + n}</wp:meta_value></wp:postmeta>"
            if media
            else ""
        )
        comments = []
        for k in range(replies_per_post):
            # Threads of three: a reply, its answer, and the answer's answer.
            parent = comment_id - 1 if k % 3 else 0
            cdate = when + datetime.timedelta(minutes=10 * (k + 1))
            comments.append(
                f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
                f"<wp:comment_author>{_cdata(f'Reader {k}')}</wp:comment_author>"
                f"<wp:comment_author_email>reader{k}@example.net</wp:comment_author_email>"
                f"<wp:comment_author_IP>203.0.113.{k % 250 + 1}</wp:comment_author_IP>"
                f"<wp:comment_date>{cdate:%Y-%m-%d %H:%M:%S}</wp:comment_date>"
                f"<wp:comment_date_gmt>{cdate - datetime.timedelta(hours=4, minutes=30):%Y-%m-%d %H:%M:%S}"
                f"</wp:comment_date_gmt>"
                f"<wp:comment_content>{_cdata(f'Reply {k} to story {n}.')}</wp:comment_content>"
                f"<wp:comment_approved>{STATUSES[k % len(STATUSES)]}</wp:comment_approved>"
                f"<wp:comment_type>comment</wp:comment_type><wp:comment_parent>{parent}</wp:comment_parent>"
                f"</wp:comment>"
            )
            comment_id += 1
        out.write(
            f"<item><title>{_cdata(f'Story number {n}')}</title>"
            f"<link>https://old.example.org/{when:%Y/%m/%d}/{slug}/</link>"
            f"<dc:creator>writer{n % authors + 1}</dc:creator>"
            f"<content:encoded>{_cdata(body)}</content:encoded>"
            f"<excerpt:encoded>{_cdata(f'Dek of story {n}.')}</excerpt:encoded>"
            f"<wp:post_id>{n}</wp:post_id>"
            f"<wp:post_date>{when:%Y-%m-%d %H:%M:%S}</wp:post_date>"
            f"<wp:post_date_gmt>{gmt:%Y-%m-%d %H:%M:%S}</wp:post_date_gmt>"
            f"<wp:comment_status>open</wp:comment_status><wp:post_name>{slug}</wp:post_name>"
            f"<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
            f"<wp:is_sticky>0</wp:is_sticky>{terms}{thumbnail}{''.join(comments)}</item>\n"
        )
        if media:
            out.write(_attachment(n, when))
    out.write("</channel>\n</rss>\n")
