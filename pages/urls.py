"""Page addresses. Included last in newsroom/urls.py: every other route wins over them."""

from django.urls import path

from . import views

# "uslug" (Unicode slugs, Persian titles too) is registered by articles.urls.

app_name = "pages"

urlpatterns = [
    path("<uslug:slug>/", views.PageDetail.as_view(), name="detail"),
    path("<uslug:parent>/<uslug:slug>/", views.PageDetail.as_view(), name="child"),
]
