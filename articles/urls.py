from django.urls import path, register_converter

from . import converters, feeds, preview, sitemaps, views

register_converter(converters.FourDigitYear, "yyyy")
register_converter(converters.TwoDigits, "nn")
register_converter(converters.UnicodeSlug, "uslug")

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("robots.txt", sitemaps.robots_txt, name="robots"),
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.sitemap_section, name="sitemap-section"),
    path("news-sitemap.xml", sitemaps.news_sitemap, name="news-sitemap"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feed/", feeds.feed_view(feeds.LatestArticlesFeed), name="feed"),
    path("feed/atom/", feeds.feed_view(feeds.LatestArticlesAtomFeed), name="feed-atom"),
    path("category/<uslug:slug>/feed/", feeds.feed_view(feeds.CategoryFeed), name="category-feed"),
    path(
        "category/<uslug:slug>/feed/atom/", feeds.feed_view(feeds.CategoryAtomFeed), name="category-feed-atom"
    ),
    path("tag/<uslug:slug>/feed/", feeds.feed_view(feeds.TagFeed), name="tag-feed"),
    path("tag/<uslug:slug>/feed/atom/", feeds.feed_view(feeds.TagAtomFeed), name="tag-feed-atom"),
    path("author/<uslug:slug>/feed/", feeds.feed_view(feeds.AuthorFeed), name="author-feed"),
    path("author/<uslug:slug>/feed/atom/", feeds.feed_view(feeds.AuthorAtomFeed), name="author-feed-atom"),
    path("preview/<str:token>/", preview.ArticlePreview.as_view(), name="preview"),
    path("category/<uslug:slug>/", views.CategoryArticleList.as_view(), name="category"),
    path("tag/<uslug:slug>/", views.TagArticleList.as_view(), name="tag"),
    path("author/<uslug:slug>/", views.AuthorArticleList.as_view(), name="author"),
    path("<yyyy:year>/", views.ArticleYearArchive.as_view(), name="year"),
    path("<yyyy:year>/<nn:month>/", views.ArticleMonthArchive.as_view(), name="month"),
    path(
        "<yyyy:year>/<nn:month>/<nn:day>/<uslug:slug>/",
        views.ArticleDetail.as_view(),
        name="detail",
    ),
]
