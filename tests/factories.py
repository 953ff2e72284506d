import datetime
import io

import factory
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from articles.models import Article, Author, Byline, Category, Correction
from comments.models import Reply


def image_file(name="photo.jpg", size=(1200, 800), fmt="JPEG", color=(120, 60, 30)) -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt)
    return ContentFile(buffer.getvalue(), name=name)


def library_image(name="photo.jpg", size=(1200, 800), fmt="JPEG", **details):
    """A media library image made through the one way in (checked, cleaned, with renditions)."""
    from library.models import Image as LibraryImage

    details = {"alt_text": "A picture", **details}
    return LibraryImage.objects.create_from_file(image_file(name, size, fmt), **details)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("password")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Author {n}")
    slug = factory.Sequence(lambda n: f"author-{n}")
    bio = "Writes about the region."


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published article from an hour ago, with one author and a category."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Article number {n}")
    slug = factory.Sequence(lambda n: f"article-number-{n}")
    dek = "A short standfirst."
    body = "<p>Body text.</p>"
    status = Article.Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))
    primary_category = factory.SubFactory(CategoryFactory)

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if not create:
            return
        for position, author in enumerate(extracted if extracted is not None else [AuthorFactory()]):
            Byline.objects.create(article=self, author=author, position=position)

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if not create:
            return
        default = [self.primary_category] if self.primary_category else []
        self.categories.set(extracted if extracted is not None else default)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)


class CorrectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Correction

    article = factory.SubFactory(ArticleFactory)
    note = "An earlier version misspelled a name."


class ReplyFactory(factory.django.DjangoModelFactory):
    """An approved reply from a reader, under a published article."""

    class Meta:
        model = Reply

    article = factory.SubFactory(ArticleFactory)
    name = factory.Sequence(lambda n: f"Reader {n}")
    email = factory.LazyAttribute(lambda r: f"{r.name.lower().replace(' ', '.')}@readers.example")
    body = factory.Sequence(lambda n: f"A considered reply, number {n}.")
    status = Reply.Status.APPROVED
    ip_address = "198.51.100.7"


class PageFactory(factory.django.DjangoModelFactory):
    """A published page at the top level."""

    class Meta:
        model = "pages.Page"

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")
    body = "<p>What this page says.</p>"
    status = "published"


class MenuFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "pages.Menu"
        django_get_or_create = ("location",)

    location = "main"
    label = factory.LazyAttribute(lambda menu: "Sections" if menu.location == "main" else "Site information")


class MenuItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "pages.MenuItem"

    menu = factory.SubFactory(MenuFactory)
    position = factory.Sequence(lambda n: n)
