"""The demo newsroom's pages and menus (``seed_demo``): original text, written for this project.

``seed()`` is safe to run again: pages are found by slug and parent, menus by
location, and menu links are replaced by the ones below.
"""

from __future__ import annotations

from articles.models import Article, Category

from .models import Menu, MenuItem, Page

# (slug, parent slug, kind, title, body HTML, SEO description)
PAGES = [
    (
        "about",
        None,
        Page.Kind.ABOUT,
        "About us",
        "<p>The Kabul Analysis Desk is a small, independent newsroom that reports on Afghanistan and "
        "its neighbours for readers inside the country, in the diaspora and among the people who make "
        "decisions about it from abroad.</p>"
        "<h2>What we publish</h2>"
        "<p>We publish news reports, longer analysis and explainers in English, Dari and Pashto. Our "
        "reporters live in the provinces they write about, and we prefer one carefully checked story "
        "to five quick ones.</p>"
        "<h2>Who pays for it</h2>"
        "<p>The desk is funded by reader donations and by grants from foundations that have no say "
        "over what we cover. We take no money from governments, armed groups or political parties, and "
        "we list every funder giving more than 5,000 dollars a year on this page each January.</p>",
        "An independent newsroom reporting on Afghanistan and its region in English, Dari and Pashto.",
    ),
    (
        "staff",
        "about",
        Page.Kind.PAGE,
        "Our staff",
        "<p>Eleven people make the desk: six reporters in Kabul, Herat, Mazar-e Sharif and Jalalabad, "
        "two editors, a translator for each of our languages and a data researcher.</p>"
        "<p>Editors read every story before it appears and decide what is published and when. "
        "Reporters may not cover a subject in which they, or their families, have a stake.</p>",
        "The reporters, editors and translators of the Kabul Analysis Desk.",
    ),
    (
        "contact",
        None,
        Page.Kind.CONTACT,
        "Contact",
        '<p>Write to the editors at <a href="mailto:desk@newsroom.example">desk@newsroom.example</a>. '
        "We read every message, in English, Dari or Pashto, and answer within two working days.</p>"
        "<h2>Tips and documents</h2>"
        "<p>If you have information we should know about, write to "
        '<a href="mailto:tips@newsroom.example">tips@newsroom.example</a>. Do not send anything '
        "from a work device or account, and tell us if you need us to protect your identity: we never "
        "name a source who asked not to be named.</p>"
        "<h2>Corrections</h2>"
        "<p>If you think we got something wrong, tell us at "
        '<a href="mailto:corrections@newsroom.example">corrections@newsroom.example</a>.</p>',
        "How to reach the editors, send a tip safely or ask for a correction.",
    ),
    (
        "privacy-policy",
        None,
        Page.Kind.PRIVACY,
        "Privacy policy",
        "<p>This page explains what we keep about you when you read this site or reply to an article, "
        "why, and for how long.</p>"
        "<h2>Reading</h2>"
        "<p>Reading the site sets no cookie unless you choose a language, which we remember in a "
        "cookie on your device. We use no advertising or tracking services.</p>"
        "<h2>Replying to an article</h2>"
        "<p>When you post a reply we store the name, email address and website you give, the text "
        "of your reply, the time, your IP address and your browser's name. We use them to show your "
        "reply, to stop spam and abuse and to contact you about your reply if we must. Your email "
        "address is never shown on the site. Your IP address is deleted after 30 days.</p>"
        "<p>If you tick \u201csave my details\u201d, your name, email and website are kept in a cookie "
        "on your device for a year, so the form is filled in next time.</p>"
        "<h2>Your rights</h2>"
        "<p>You may ask for a copy of everything we keep about your replies, or ask us to erase it, "
        'by writing to <a href="mailto:privacy@newsroom.example">privacy@newsroom.example</a>. '
        "Erased replies stay on the site signed \u201cAnonymous\u201d.</p>",
        "What the site keeps about readers and commenters, why, for how long, and how to have it erased.",
    ),
    (
        "ethics-and-corrections",
        None,
        Page.Kind.ETHICS,
        "Ethics and corrections policy",
        "<p>Our reporting follows four rules: we check before we publish, we say how we know what we "
        "report, we give the people we write about a chance to answer, and we correct our mistakes "
        "openly.</p>"
        "<h2>Sources</h2>"
        "<p>We name our sources unless naming them would put someone in danger. When we rely on an "
        "unnamed source, at least one editor knows who the source is, and we say why we granted "
        "anonymity.</p>"
        "<h2>Independence</h2>"
        "<p>Our staff accept no gifts, payments or travel from the people and organisations they "
        "cover. Funders have no say over our coverage.</p>"
        "<h2>Corrections</h2>"
        "<p>When we get a fact wrong we correct the article and add a dated note at its foot saying "
        "what was wrong. We do not quietly rewrite published stories. Corrections in our Dari and "
        "Pashto editions are made at the same time.</p>",
        "How the desk checks its reporting, protects its sources and corrects its mistakes.",
    ),
]

# (label or "" for the target's own name, target kind, key, children): page (by path), category, article.
MAIN_MENU = [
    ("", "category", "region", []),
    ("", "category", "politics", []),
    ("", "category", "security", []),
    ("", "category", "society", []),
    ("", "category", "analysis", []),
    ("", "page", "about", [("", "page", "about/staff"), ("", "page", "ethics-and-corrections")]),
]
FOOTER_MENU = [
    ("", "page", "about", []),
    ("", "page", "contact", []),
    ("", "page", "ethics-and-corrections", []),
    ("", "page", "privacy-policy", []),
]
MENU_LABELS = {Menu.Location.MAIN: "Sections", Menu.Location.FOOTER: "Site information"}
# Dari and Pashto names of the menus and of the pages they link to (the pages are English
# unless TRANSLATED_PAGES has a version): (Dari, Pashto).
MENU_TRANSLATIONS = {
    Menu.Location.MAIN: ("بخش‌ها", "برخې"),
    Menu.Location.FOOTER: ("اطلاعات سایت", "د سایټ معلومات"),
}
PAGE_TITLES = {
    "about": ("دربارهٔ ما", "زموږ په اړه"),
    "about/staff": ("همکاران ما", "زموږ همکاران"),
    "contact": ("تماس", "اړیکه"),
    "privacy-policy": ("سیاست حریم خصوصی", "د محرمیت تګلاره"),
    "ethics-and-corrections": ("سیاست اخلاق و اصلاحیه‌ها", "د اخلاقو او سمونونو تګلاره"),
}
# The About page in Dari and Pashto: (original path, language, slug, body HTML).
TRANSLATED_PAGES = [
    (
        "about",
        "fa",
        "darbare-ma",
        "<p>میز تحلیل کابل اتاق خبر کوچک و مستقلی است که برای خوانندگان داخل کشور، مهاجران و کسانی که "
        "از بیرون دربارهٔ افغانستان تصمیم می‌گیرند، از افغانستان و همسایگانش گزارش می‌دهد.</p>"
        "<h2>چه نشر می‌کنیم</h2>"
        "<p>گزارش‌های خبری، تحلیل‌های بلندتر و نوشته‌های توضیحی را به انگلیسی، دری و پشتو نشر می‌کنیم. "
        "خبرنگاران ما در همان ولایاتی زندگی می‌کنند که از آن می‌نویسند.</p>",
    ),
    (
        "about",
        "ps",
        "zmung-pa-ara",
        "<p>د کابل د شننې مېز یوه کوچنۍ او خپلواکه خبرخونه ده چې د هېواد دننه لوستونکو، کډوالو او هغو "
        "کسانو ته چې له بهره د افغانستان په اړه پرېکړې کوي، د افغانستان او ګاونډیانو یې راپورونه ورکوي.</p>"
        "<h2>څه خپروو</h2>"
        "<p>موږ خبري راپورونه، اوږدې شننې او تشریحي لیکنې په انګلیسي، دري او پښتو خپروو. زموږ خبریالان "
        "په هماغو ولایتونو کې اوسي چې د هغو په اړه لیکي.</p>",
    ),
]


def seed() -> dict[str, Page]:
    """The demo pages and both menus; returns the pages by path."""
    pages: dict[str, Page] = {}
    for slug, parent, kind, title, body, description in PAGES:
        page = Page.objects.filter(slug=slug, parent=pages.get(parent)).first() or Page(
            slug=slug, parent=pages.get(parent)
        )
        page.kind, page.title, page.body, page.seo_description = kind, title, body, description
        page.status = Page.Status.PUBLISHED
        page.save()
        pages[page.path] = page
    for path, language, slug, body in TRANSLATED_PAGES:
        original = pages[path]
        version = Page.objects.filter(slug=slug, parent=None).first() or Page(slug=slug)
        version.title = PAGE_TITLES[path][0 if language == "fa" else 1]
        version.body, version.language, version.translation_of = body, language, original
        version.status = Page.Status.PUBLISHED
        version.save()
    for location, links in ((Menu.Location.MAIN, MAIN_MENU), (Menu.Location.FOOTER, FOOTER_MENU)):
        dari, pashto = MENU_TRANSLATIONS[location]
        menu, _ = Menu.objects.update_or_create(
            location=location,
            defaults={
                "label": MENU_LABELS[location],
                "label_en": MENU_LABELS[location],
                "label_fa": dari,
                "label_ps": pashto,
            },
        )
        menu.items.all().delete()
        for position, (label, kind, key, children) in enumerate(links):
            top = _link(menu, None, position, label, kind, key, pages)
            for child_position, (child_label, child_kind, child_key) in enumerate(children):
                _link(menu, top, child_position, child_label, child_kind, child_key, pages)
    return pages


def _link(menu, parent, position, label, kind, key, pages) -> MenuItem:
    targets = {
        "page": lambda: {"page": pages[key]},
        "category": lambda: {"category": Category.objects.get(slug=key)},
        "article": lambda: {"article": Article.objects.get(slug=key)},
    }
    # A page's menu link reads in the reader's language even where the page itself is English.
    dari, pashto = PAGE_TITLES.get(key, ("", "")) if kind == "page" else ("", "")
    return MenuItem.objects.create(
        menu=menu,
        parent=parent,
        position=position,
        label=label,
        label_en=label,
        label_fa=dari,
        label_ps=pashto,
        **targets[kind](),
    )
