from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "comments"
    verbose_name = _("Replies")

    def ready(self):
        from articles.models import ArticleQuerySet
        from newsroom import pagecache

        from .forms import fresh_start_token
        from .models import approved_reply_count

        # Cards on every listing show the approved replies, counted in the listing's own
        # query; on the article page the count lets the thread skip its query when it is 0.
        ArticleQuerySet.add_annotation("reply_count", approved_reply_count)

        # A page served from the cache gets a form token made now, so "too fast" stays honest.
        pagecache.refresh_field("started", fresh_start_token)
