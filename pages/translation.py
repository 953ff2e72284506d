"""Menu labels in each language (django-modeltranslation); an empty one shows the English.

Pages themselves are written in one language each and linked to their
translations (``Page.translation_of``); a menu link to a page leads to the
version in the reader's language.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Menu, MenuItem


@register(Menu)
class MenuTranslation(TranslationOptions):
    fields = ("label",)


@register(MenuItem)
class MenuItemTranslation(TranslationOptions):
    fields = ("label",)
