"""The image chooser: a form field that holds a library image, picked in a dialog on the same page."""

from __future__ import annotations

from django import forms
from django.urls import reverse_lazy


class ImageChooserWidget(forms.Widget):
    """A hidden id, the chosen picture's preview, and buttons that open the library dialog.

    The dialog (static/js/image-chooser.js) searches the library, shows
    thumbnails and takes uploads without leaving the edit page.
    """

    template_name = "library/widgets/image_chooser.html"
    chooser_url = reverse_lazy("admin:library_image_chooser")

    def get_context(self, name, value, attrs):
        from .models import Image

        context = super().get_context(name, value, attrs)
        image = None
        if value not in (None, ""):
            try:
                image = Image.objects.filter(pk=int(value)).first()
            except (TypeError, ValueError):
                image = None
        context["widget"].update(image=image, chooser_url=self.chooser_url)
        return context

    def value_from_datadict(self, data, files, name):
        return data.get(name) or None

    class Media:
        css = {"all": ["css/image-chooser.css"]}
        js = ["js/image-chooser.js"]
