from django.contrib import admin
from django.urls import path

from . import views

# Under /admin/desk/, behind the admin's login like every admin page.
urlpatterns = [
    path("autosave/", admin.site.admin_view(views.autosave), name="desk-autosave"),
    path("autosave/discard/", admin.site.admin_view(views.discard), name="desk-autosave-discard"),
    path("presence/", admin.site.admin_view(views.presence), name="desk-presence"),
]
