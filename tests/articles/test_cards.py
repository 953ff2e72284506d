"""Cards, bylines, datelines and pictures built in Python give the markup the templates gave.

The reference is the templates as they were (articles/_card.html, _picture.html,
_byline.html, _dates.html before articles/cards.py; in reference_templates/), rendered by Django's engine,
across lead and listing cards, images with and without AVIF or renditions, zero
to three authors, a source line, other-language articles, reply counts, updated
articles, markup in every text field, and the English and Dari interfaces.
"""

import datetime
from pathlib import Path

import pytest
from django.template import Context, Engine
from django.utils import timezone, translation
from django.utils.translation import pgettext

from articles import cards
from articles.models import Article
from library.models import Image
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory

pytestmark = pytest.mark.django_db

# The templates as they were, kept beside this test as the reference.
ENGINE = Engine(
    dirs=[Path(__file__).parent / "reference_templates"],
    libraries={"i18n": "django.templatetags.i18n", "languages": "articles.templatetags.languages"},
)


def reference(name: str, **context) -> str:
    # The byline's sentence is the catalogue's; the reference gives the markup of the names in it.
    context["by_before"], context["by_after"] = pgettext("byline", "By %(names)s").split("%(names)s")
    return ENGINE.get_template(f"articles/_{name}.html").render(Context(context))


def renditions(avif: bool) -> dict:
    def size(width):
        entry = {"width": width, "height": width // 2, "fallback": f"library/k/1/{width}.jpg"}
        entry["webp"] = f"library/k/1/{width}.webp"
        if avif:
            entry["avif"] = f"library/k/1/{width} x.avif"  # a space: quoted in the address
        return entry

    return {"version": 1, "sizes": [size(480), size(800)], "crops": {}}


IMAGES = {
    "none": None,
    "avif": {"renditions": renditions(True), "alt_text": 'A "quoted" <alt>', "credit": "AP & Reuters"},
    "webp": {"renditions": renditions(False), "alt_text": "Plain", "credit": ""},
    "no renditions": {"renditions": {}, "alt_text": "Unprocessed", "credit": "Someone"},
}


def article(image="avif", authors=1, source="", language="en", replies=0, updated=False, dek="A <b>dek</b>"):
    category = CategoryFactory(name="Security & <Defence>")
    made = ArticleFactory(
        title='Talks <script>"resume"</script> & more',
        dek=dek,
        source_line=source,
        language=language,
        primary_category=category,
        authors=[AuthorFactory(name=f"Zahra <{n}> & co") for n in range(authors)],
    )
    if updated:
        Article.objects.filter(pk=made.pk).update(updated_at=made.publish_at + datetime.timedelta(hours=2))
    loaded = Article.objects.for_listing().get(pk=made.pk)
    if IMAGES[image] is not None:
        loaded.featured_image = Image(pk=4242, **IMAGES[image])
    loaded.reply_count = replies
    return loaded


CASES = [
    {},
    {"image": "webp", "authors": 2, "source": "Kabul <Desk>", "replies": 1},
    {"image": "no renditions", "authors": 3, "language": "fa", "replies": 5, "dek": ""},
    {"image": "none", "authors": 0, "source": "Agency", "language": "ps", "updated": True},
]


@pytest.mark.parametrize("interface", ["en", "fa"])
@pytest.mark.parametrize(
    "case", CASES, ids=lambda case: ",".join(f"{k}={v}" for k, v in case.items()) or "plain"
)
def test_a_card_is_the_templates_markup(case, interface):
    shown = article(**case)
    with translation.override(interface), timezone.override("Asia/Kabul"):
        for lead, level in [(True, 3), (False, 3), (False, 2)]:
            expected = reference("card", article=shown, lead=lead, level=level)
            assert cards.card(shown, lead=lead, level=level) == expected, (lead, level)


@pytest.mark.parametrize("interface", ["en", "ps"])
@pytest.mark.parametrize(
    "case", CASES, ids=lambda case: ",".join(f"{k}={v}" for k, v in case.items()) or "plain"
)
def test_byline_dateline_and_picture_are_the_templates_markup(case, interface):
    shown = article(**case)
    with translation.override(interface):
        assert cards.byline(shown) == reference("byline", article=shown)
        for show_updated in (False, True):
            assert cards.dateline(shown, show_updated) == reference(
                "dates", article=shown, show_updated=show_updated
            )
        image = shown.featured_image if shown.featured_image_id else None
        if image is not None:
            for lazy in (False, True):
                assert cards.picture(image, "(min-width: 48rem) 46rem, 100vw", lazy) == reference(
                    "picture", image=image, sizes="(min-width: 48rem) 46rem, 100vw", lazy=lazy
                )


@pytest.mark.parametrize(("interface", "word"), [("en", "and"), ("fa", "و"), ("ps", "او")])
def test_the_last_two_names_of_a_byline_are_joined_in_the_readers_language(interface, word):
    shown = article(authors=3)
    with translation.override(interface):
        html = cards.byline(shown)
    assert html.count(f"</a> {word} <a") == 1


def test_every_text_is_escaped():
    html = cards.card(article(authors=1, source="<i>x</i>"), lead=True)
    assert "<script>" not in html and "<b>" not in html and "<i>" not in html and "<Defence>" not in html
    assert "&lt;script&gt;&quot;resume&quot;" in html and "AP &amp; Reuters" in html
