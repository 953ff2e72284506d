"""Build the POST a browser would send from an admin change form page."""

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime


def _field_data(bound_field) -> dict:
    widget = bound_field.field.widget
    widget = getattr(widget, "widget", widget)  # unwrap the admin's related-field wrapper
    name, value = bound_field.html_name, bound_field.value()
    if isinstance(bound_field.field, forms.FileField):
        return {}
    if isinstance(widget, forms.CheckboxInput):
        return {name: "on"} if value else {}
    if isinstance(widget, AdminSplitDateTime | forms.MultiWidget):
        parts = widget.decompress(value)
        return {
            f"{name}{suffix}": "" if part is None else str(part)
            for suffix, part in zip(widget.widgets_names, parts, strict=True)
        }
    if isinstance(widget, forms.SelectMultiple):
        return {name: [str(getattr(item, "pk", item)) for item in value or []]}
    formatted = widget.format_value(value)
    if isinstance(formatted, list):
        formatted = formatted[0] if formatted else ""
    return {name: "" if formatted is None else str(formatted)}


def _form_data(form) -> dict:
    data = {}
    for bound_field in form:
        data.update(_field_data(bound_field))
    return data


def change_form_data(response, **overrides) -> dict:
    """The fields of the admin form in ``response`` as posted, with overrides."""
    context = response.context
    data = _form_data(context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_form_data(formset.management_form))
        for form in formset.forms:
            data.update(_form_data(form))
    data.update(overrides)
    return data
