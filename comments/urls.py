from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("replies/post/<int:article_id>/", views.post_reply, name="post"),
]
