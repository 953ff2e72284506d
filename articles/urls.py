from django.urls import path, register_converter

from . import converters, views

register_converter(converters.FourDigitYear, "yyyy")
register_converter(converters.TwoDigits, "nn")
register_converter(converters.UnicodeSlug, "uslug")

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
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
