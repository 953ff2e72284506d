"""Names translated per language (django-modeltranslation): a column per language.

Category names and descriptions and the masthead are short interface text
editors translate once; articles are not here, each language version of a
story is its own article, linked by ``Article.translation_of``.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Category, Masthead


@register(Category)
class CategoryTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Masthead)
class MastheadTranslation(TranslationOptions):
    fields = ("name", "tagline")
