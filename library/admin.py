from django import forms
from django.contrib import admin
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import bodies, images, usage
from .models import Image, title_from_name

CHOOSER_PAGE = 48


class ImageUploadForm(forms.ModelForm):
    """A new library image: the file and what readers are told about it.

    The file is checked and processed in ``clean`` so a refused or broken
    upload is a message on the form; nothing is stored until ``save``.
    """

    upload = forms.FileField(
        label=_("Image file"),
        help_text=_(
            "JPEG, PNG, WebP or GIF, up to 10 MB and 40 million pixels. Location and camera data are removed."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
    )

    class Meta:
        model = Image
        fields = ["upload", "title", "alt_text", "caption", "credit"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["alt_text"].required = True
        self.prepared = None

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("upload")
        if upload is not None and not self.errors:
            try:
                self.prepared = images.prepare(upload)
            except ValidationError as error:
                self.add_error("upload", error)
        return cleaned

    def save(self, commit=True):
        image = super().save(commit=False)
        if not image.title:
            image.title = title_from_name(self.cleaned_data["upload"].name)
        if commit:
            self.store(image)
        return image

    def store(self, image: Image) -> None:
        """Store the processed files and save ``image`` (once, after ``save(commit=False)``)."""
        try:
            image.store(self.prepared)
        finally:
            self.prepared.cleanup()

    def save_m2m(self):
        pass


class ImageChangeForm(forms.ModelForm):
    class Meta:
        model = Image
        fields = ["title", "alt_text", "caption", "credit", "focal_x", "focal_y"]
        widgets = {
            "focal_x": forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "1"}),
            "focal_y": forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "1"}),
        }


class UseFilter(admin.SimpleListFilter):
    title = _("use")
    parameter_name = "use"

    def lookups(self, request, model_admin):
        return [("used", _("Used somewhere")), ("unused", _("Not used yet"))]

    def queryset(self, request, queryset):
        if self.value() == "used":
            return queryset.filter(usage.in_use())
        if self.value() == "unused":
            return queryset.exclude(usage.in_use())
        return queryset


class UploaderFilter(admin.SimpleListFilter):
    title = _("uploaded by")
    parameter_name = "uploader"

    def lookups(self, request, model_admin):
        return [("me", _("Me"))]

    def queryset(self, request, queryset):
        return queryset.filter(uploaded_by=request.user) if self.value() == "me" else queryset


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    """The media library: upload, describe, set the focal point; and the chooser dialog's views."""

    list_display = ["thumbnail", "title", "alt_text", "credit", "size", "uploaded_by", "created_at"]
    list_display_links = ["thumbnail", "title"]
    list_select_related = ["uploaded_by"]
    search_fields = ["title", "caption", "credit", "alt_text"]
    search_help_text = _("Search titles, captions, credits and alt text.")
    date_hierarchy = "created_at"
    list_filter = [UploaderFilter, UseFilter]
    list_per_page = 48
    readonly_fields = ["preview", "size", "uploaded_by", "created_at", "used_in"]

    class Media:
        css = {"all": ["css/image-chooser.css"]}
        js = ["js/focal-point.js"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = ImageChangeForm if obj is not None else ImageUploadForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["upload", "title", "alt_text", "caption", "credit"]
        return [
            "preview",
            "title",
            "alt_text",
            "caption",
            "credit",
            "focal_x",
            "focal_y",
            "size",
            "uploaded_by",
            "used_in",
        ]

    def has_change_permission(self, request, obj=None):
        return usage.may_change(request.user, obj)

    def get_search_results(self, request, queryset, search_term):
        # The chooser's search: spelling variants of Dari and Pashto letters match.
        return queryset.search(search_term), False

    @admin.display(description=_("image"))
    def thumbnail(self, obj):
        return format_html(
            '<img class="library-thumb" src="{}" alt="" width="80" height="80">', obj.thumbnail_url
        )

    @admin.display(description=_("size"))
    def size(self, obj):
        return f"{obj.width} × {obj.height}"

    @admin.display(description=_("used in"))
    def used_in(self, obj):
        found = usage.uses(obj)
        if not found:
            return gettext("Not used yet: no article or page shows it.")
        items = format_html_join(
            "",
            '<li><a href="{}">{}</a> <span class="help">({}{})</span></li>',
            (
                (
                    reverse(admin_urlname(use.item._meta, "change"), args=[use.item.pk]),
                    use.item,
                    gettext("featured image") if use.featured else gettext("in the body"),
                    "" if use.is_public else gettext(", not published"),
                )
                for use in found
            ),
        )
        more = gettext("and perhaps more") if len(found) >= usage.USES_LISTED else ""
        return format_html('<ul class="library-uses">{}</ul>{}', items, more)

    @admin.display(description=_("preview"))
    def preview(self, obj):
        url, width, height = obj.largest()
        return format_html(
            '<div class="focal-point" data-x="{}" data-y="{}"><img src="{}" alt="{}" width="{}" height="{}">'
            '<span class="focal-point__marker" aria-hidden="true"></span></div>'
            '<p class="help">{}</p>',
            obj.focal_x,
            obj.focal_y,
            url,
            obj.alt_text,
            width,
            height,
            gettext("Click the picture to set its focal point; square and wide crops keep it in view."),
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
            form.store(obj)
        else:
            super().save_model(request, obj, form, change)

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for image in objs:
            for model in bodies.models_with_bodies():
                for item in bodies.showing(model, image.key):
                    protected.append(gettext("In the body of “%(title)s”") % {"title": item})
        return deleted, counts, perms_needed, protected

    # --- the chooser ------------------------------------------------------------------
    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("chooser/", view(self.chooser_view), name="library_image_chooser"),
            path("chooser/upload/", view(self.chooser_upload_view), name="library_image_chooser_upload"),
            *super().get_urls(),
        ]

    def chooser_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        query = request.GET.get("q", "").strip()[:200]
        found = list(Image.objects.search(query)[: CHOOSER_PAGE + 1])
        context = {
            "images": [chosen_data(image) for image in found[:CHOOSER_PAGE]],
            "more": len(found) > CHOOSER_PAGE,
            "query": query,
            "upload_form": ImageUploadForm(auto_id="chooser_%s")
            if self.has_add_permission(request)
            else None,
        }
        return TemplateResponse(request, "admin/library/image/chooser.html", context)

    def chooser_upload_view(self, request):
        if request.method != "POST":
            return JsonResponse({"error": gettext("Upload with POST.")}, status=405)
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImageUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            if form.prepared is not None:
                form.prepared.cleanup()
            return JsonResponse(
                {"errors": {field: list(errors) for field, errors in form.errors.items()}}, status=400
            )
        image = form.save(commit=False)
        image.uploaded_by = request.user
        form.store(image)
        return JsonResponse({"image": chosen_data(image)}, status=201)


def chosen_data(image: Image) -> dict:
    """What the chooser hands back to the edit page for one image."""
    return {
        "id": image.pk,
        "title": image.title,
        "alt": image.alt_text,
        "credit": image.credit,
        "caption": image.caption,
        "thumb": image.thumbnail_url,
        "figure": image.figure_html(),
    }
