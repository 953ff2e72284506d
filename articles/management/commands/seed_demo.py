"""Load the demo newsroom. Safe to run twice: it updates, never duplicates."""

import datetime

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from articles.demo import content, pictures
from articles.models import Article, Author, Byline, Category, Correction
from newsroom import roles

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
        self.authors = self.seed_authors()

        showcase = self.seed_article(content.SHOWCASE, now - datetime.timedelta(hours=3), pinned=True)
        Correction.objects.get_or_create(
            article=showcase,
            note=content.SHOWCASE["correction"],
            defaults={"date": timezone.localdate(showcase.publish_at)},
        )
        for index, data in enumerate(content.ARTICLES):
            self.seed_article(data, now - datetime.timedelta(days=index * 3 + 1, hours=index))
        self.seed_article(content.DRAFT, None, status=Article.Status.DRAFT)
        self.seed_article(content.SCHEDULED, now + datetime.timedelta(days=2))

        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready: {Article.objects.published().count()} published articles, "
                f"{Category.objects.count()} categories, {Author.objects.count()} authors."
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
            category, _ = Category.objects.update_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "parent": categories.get(parent),
                    "show_on_home": on_home,
                    "description": description,
                    "position": position * 10,
                },
            )
            categories[slug] = category
        return categories

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
        article.status = status
        article.publish_at = publish_at
        article.is_pinned = pinned
        article.source_line = content.SOURCE_LINE
        article.primary_category = self.categories[data["primary"]]
        article.created_by = first_author.user or self.users["journalist"]
        if not article.featured_image:
            article.featured_image.save(
                f"{data['slug'][:60]}.jpg", ContentFile(pictures.landscape(data["slug"])), save=False
            )
            article.image_alt = f"Illustration: hills under an evening sky, for “{data['title']}”"
            article.image_caption = "An illustration generated for the demo newsroom."
            article.image_credit = "Newsroom demo"
        article.save()
        article.categories.set([self.categories[slug] for slug in data["categories"]])
        article.tags.set(data["tags"])
        Byline.objects.filter(article=article).exclude(author__slug__in=data["authors"]).delete()
        for position, slug in enumerate(data["authors"]):
            Byline.objects.update_or_create(
                article=article, author=self.authors[slug], defaults={"position": position}
            )
        return article
