"""Load the demo newsroom. Safe to run twice: it updates, never duplicates."""

import datetime

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from articles.models import Article, Author, Byline, Category, Correction, Masthead
from comments.models import ModerationLog, ModerationTerm, Reply
from library.models import Image
from newsroom import roles
from newsroom.demo import content, pictures
from newsroom.demo import replies as demo_replies
from pages import demo as demo_pages

# username -> (group, password, is_superuser); printed by `make run`.
DEMO_USERS = {
    "admin": (None, "newsroom-admin", True),
    "editor": (roles.EDITOR, "newsroom-editor", False),
    "journalist": (roles.JOURNALIST, "newsroom-journalist", False),
    "moderator": (roles.MODERATOR, "newsroom-moderator", False),
}


def paragraphs(blocks) -> str:
    """Turn the demo's plain structure into body HTML."""
    html = []
    for block in blocks:
        if isinstance(block, str):
            html.append(f"<p>{block}</p>")
        elif block[0] == "ul":
            html.append("<ul>" + "".join(f"<li>{item}</li>" for item in block[1]) + "</ul>")
        else:
            html.append(f"<{block[0]}>{block[1]}</{block[0]}>")
    return "\n".join(html)


class Command(BaseCommand):
    help = "Load demo categories, authors, articles and users (safe to run again)."

    @transaction.atomic
    def handle(self, *args, **options):
        now = timezone.now().replace(second=0, microsecond=0)
        roles.sync_roles(apps)  # repairs the groups if a test flush or a hand edit removed them
        self.users = self.seed_users()
        self.categories = self.seed_categories()
        self.seed_masthead()
        self.authors = self.seed_authors()

        showcase = self.seed_article(content.SHOWCASE, now - datetime.timedelta(hours=3), pinned=True)
        Correction.objects.get_or_create(
            article=showcase,
            note=content.SHOWCASE["correction"],
            defaults={"date": timezone.localdate(showcase.publish_at)},
        )
        for data in content.SHOWCASE_TRANSLATIONS:
            # The showcase in Dari and Pashto, published an hour after it and linked to it.
            version = self.seed_article(
                {**content.SHOWCASE, **data}, showcase.publish_at + datetime.timedelta(hours=1)
            )
            version.translation_of = showcase
            version.save()
            Correction.objects.get_or_create(
                article=version,
                note=data["correction"],
                defaults={"date": timezone.localdate(version.publish_at)},
            )
        others = [
            self.seed_article(data, now - datetime.timedelta(days=index * 3 + 1, hours=index))
            for index, data in enumerate(content.ARTICLES)
        ]
        self.seed_article(content.DRAFT, None, status=Article.Status.DRAFT)
        self.seed_article(content.SCHEDULED, now + datetime.timedelta(days=2))

        self.demo_articles = [showcase, *others]
        self.seed_replies(showcase, others)
        # Two stories featured under the lead; editors may feature up to three.
        for article in Article.objects.filter(is_featured=True).exclude(pk__in=[a.pk for a in others[:2]]):
            article.is_featured = False
            article.save()
        for article in others[:2]:
            if not article.is_featured:
                article.is_featured = True
                article.save()
        pages = demo_pages.seed()

        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready: {Article.objects.published().count()} published articles, "
                f"{Category.objects.count()} categories, {Author.objects.count()} authors, "
                f"{Reply.objects.count()} replies, {len(pages)} pages."
            )
        )

    def seed_users(self) -> dict:
        User = get_user_model()
        users = {}
        for username, (group_name, password, is_superuser) in DEMO_USERS.items():
            user, _ = User.objects.get_or_create(
                username=username, defaults={"email": f"{username}@newsroom.example"}
            )
            user.is_staff = True
            user.is_superuser = is_superuser
            user.set_password(password)
            user.save()
            if group_name:
                user.groups.set([Group.objects.get(name=group_name)])
            users[username] = user
        return users

    def seed_categories(self) -> dict:
        categories = {}
        for position, (slug, name, parent, on_home, description) in enumerate(content.CATEGORIES):
            translated = content.CATEGORY_TRANSLATIONS.get(slug, {})
            names = {f"name_{code}": name for code, (name, _) in translated.items()}
            descriptions = {f"description_{code}": text for code, (_, text) in translated.items()}
            category, _ = Category.objects.update_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "name_en": name,
                    "parent": categories.get(parent),
                    "show_on_home": on_home,
                    "description": description,
                    "description_en": description,
                    "position": position * 10,
                    **names,
                    **descriptions,
                },
            )
            categories[slug] = category
        return categories

    def seed_masthead(self) -> None:
        masthead = Masthead.objects.first() or Masthead()
        for code, (name, tagline) in content.MASTHEAD.items():
            setattr(masthead, f"name_{code}", name)
            setattr(masthead, f"tagline_{code}", tagline)
        masthead.name, masthead.tagline = content.MASTHEAD["en"]
        masthead.save()

    def seed_authors(self) -> dict:
        authors = {}
        for slug, name, job_title, bio, username in content.AUTHORS:
            author, created = Author.objects.update_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "job_title": job_title,
                    "bio": bio,
                    "user": self.users.get(username),
                },
            )
            if created or not author.photo:
                author.photo.save(f"{slug}.jpg", ContentFile(pictures.portrait(slug)), save=True)
            authors[slug] = author
        return authors

    def seed_article(self, data, publish_at, *, status=Article.Status.PUBLISHED, pinned=False) -> Article:
        article = Article.objects.filter(slug=data["slug"]).first() or Article(slug=data["slug"])
        first_author = self.authors[data["authors"][0]]
        article.title = data["title"]
        article.dek = data["dek"]
        article.body = paragraphs(data["body"])
        article.language = data.get("language", "en")
        if article.pk is None or article.status != status:
            # Set once: a later run keeps the time, so the dated address stays where it was.
            article.publish_at = publish_at
        article.status = status
        article.is_pinned = pinned
        # The agency's name as readers of the article's language know it.
        article.source_line = content.MASTHEAD.get(article.language, (content.SOURCE_LINE,))[0]
        article.primary_category = self.categories[data["primary"]]
        article.created_by = first_author.user or self.users["journalist"]
        if not article.featured_image_id:
            alt, caption, credit = content.DEMO_PICTURE[article.language]
            article.featured_image = Image.objects.create_from_file(
                ContentFile(pictures.landscape(data["slug"]), name=f"{data['slug'][:60]}.jpg"),
                title=data["title"][:200],
                alt_text=alt.format(title=data["title"]),
                caption=caption,
                credit=credit,
                uploaded_by=article.created_by,
            )
        article.save()
        article.categories.set([self.categories[slug] for slug in data["categories"]])
        article.tags.set(data["tags"])
        Byline.objects.filter(article=article).exclude(author__slug__in=data["authors"]).delete()
        for position, slug in enumerate(data["authors"]):
            Byline.objects.update_or_create(
                article=article, author=self.authors[slug], defaults={"position": position}
            )
        return article

    def seed_replies(self, showcase: Article, others: list[Article]) -> None:
        """A threaded conversation on the showcase; every status elsewhere, with its log."""
        for kind, value, note in demo_replies.TERMS:
            ModerationTerm.objects.update_or_create(kind=kind, value=value, defaults={"note": note})
        made = {}
        for key, parent, who, minutes, body in demo_replies.SHOWCASE_THREAD:
            made[key] = self.seed_reply(
                showcase, demo_replies.COMMENTERS[who], minutes, body, parent=made.get(parent)
            )
        for index, who, minutes, body, status, reason, decisions in demo_replies.ELSEWHERE:
            person = demo_replies.COMMENTERS[who] if isinstance(who, str) else who
            self.seed_reply(
                others[index], person, minutes, body, status=status, reason=reason, decisions=decisions
            )

    def seed_reply(
        self, article, person, minutes, body, *, parent=None, status="approved", reason="", decisions=()
    ) -> Reply:
        name, email, url = person
        posted = article.publish_at + datetime.timedelta(minutes=minutes)
        # Replayed as it happened: the rules decided first, then the moderators.
        first_status = Reply.Status.PENDING if decisions else status
        reply, created = Reply.objects.update_or_create(
            # Not by article: a reply moved to the article it belongs under is moved, not copied.
            article__in=self.demo_articles,
            email=email,
            body=body,
            defaults={
                "article": article,
                "name": name,
                "url": url,
                "parent": parent,
                "status": status,
                "hold_reason": self.final_reason(status, reason, decisions),
                "created_at": posted,
                "ip_address": f"198.51.100.{sum(map(ord, email)) % 250 + 1}",
                "user_agent": "Mozilla/5.0 (demo reader)",
            },
        )
        if not reply.fingerprint:
            reply.fingerprint = reply.compute_fingerprint()
            reply.save(update_fields=["fingerprint"])
        if created or not reply.log_entries.exists():
            ModerationLog.objects.create(
                reply=reply,
                actor=None,
                from_status="",
                to_status=first_status,
                reason=reason,
                created_at=posted,
            )
            previous = first_status
            for to_status, later in decisions:
                ModerationLog.objects.create(
                    reply=reply,
                    actor=self.users["moderator"],
                    from_status=previous,
                    to_status=to_status,
                    reason="" if to_status == Reply.Status.APPROVED else Reply.Reason.MODERATOR,
                    created_at=posted + datetime.timedelta(minutes=later),
                )
                previous = to_status
        return reply

    @staticmethod
    def final_reason(status: str, reason: str, decisions) -> str:
        """As moderation.moderate() leaves it: none once approved, the moderator's otherwise."""
        if not decisions:
            return reason
        return "" if status == Reply.Status.APPROVED else Reply.Reason.MODERATOR
