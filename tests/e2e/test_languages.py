"""Dari and Pashto pages in a real browser: screenshots at phone and desktop width,
axe-core and the Nu HTML Checker (vnu) on each, the switcher landing on a translation."""

import json
import shutil
import subprocess
import urllib.request
from pathlib import Path

import pytest

from articles.models import Article
from tests.e2e.conftest import ARTIFACTS, ROOT

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WIDTHS = {390: 844, 1280: 900}


def showcase(language: str) -> str:
    original = Article.objects.get(slug__startswith="a-cabinet-reshuffle")
    if language == "en":
        return original.get_absolute_url()
    return original.translations.get(language=language).get_absolute_url()


# name -> (interface language, path)
PAGES = {
    "home-dari": ("fa", lambda: "/"),
    "home-pashto": ("ps", lambda: "/"),
    "article-eight-categories-dari": ("fa", lambda: showcase("fa")),
    "article-eight-categories-pashto": ("ps", lambda: showcase("ps")),
    "article-english-in-dari-interface": ("fa", lambda: showcase("en")),
}


def vnu_errors(files: list[Path]) -> list[dict]:
    """Errors the Nu HTML Checker finds in ``files`` (warnings left out)."""
    if not shutil.which("java"):
        pytest.fail("java not found: `make browser` installs a headless JRE for the HTML checker.")
    if not VNU_JAR.exists():
        pytest.fail(f"vnu.jar not found at {VNU_JAR}: run `make browser` (npm ci).")
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
    )
    return [
        {
            "file": Path(message.get("url", "")).name,
            "message": message["message"],
            "extract": message.get("extract"),
        }
        for message in json.loads(result.stderr or '{"messages": []}')["messages"]
    ]


def test_dari_and_pashto_pages_pass_axe_and_vnu_at_both_widths_with_screenshots(
    demo_site, browser, axe, tmp_path
):
    found, sources = {}, []
    for name, (language, path) in PAGES.items():
        url = demo_site.url + path()
        request = urllib.request.Request(url, headers={"Cookie": f"django_language={language}"})
        with urllib.request.urlopen(request) as response:
            source = tmp_path / f"{name}.html"
            source.write_bytes(response.read())
            sources.append(source)
        for width, height in WIDTHS.items():
            context = browser.new_context(viewport={"width": width, "height": height})
            context.add_cookies([{"name": "django_language", "value": language, "url": demo_site.url}])
            page = context.new_page()
            try:
                page.goto(url)
                html = page.locator("html")
                assert html.get_attribute("lang") == language and html.get_attribute("dir") == "rtl", name
                violations = axe(page)
                if violations:
                    found[f"{name} {width}px"] = violations
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"))
            finally:
                context.close()
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)
    assert vnu_errors(sources) == []


def test_the_html_checker_does_report_an_error(tmp_path):
    """The check above can fail: an element where it may not stand is caught."""
    broken = tmp_path / "broken.html"
    broken.write_text('<!DOCTYPE html><html lang="fa" dir="rtl"><title>t</title><ul><p>x</p></ul>')
    assert vnu_errors([broken])


def test_the_switcher_on_the_english_article_lands_on_the_dari_and_pashto_versions(demo_site, page):
    for label, language in (("دری", "fa"), ("پښتو", "ps")):
        page.context.clear_cookies()
        page.goto(demo_site.url + showcase("en"))
        page.get_by_role("button", name=label).click()
        page.wait_for_url(f"**{showcase(language)}")
        assert page.locator("html").get_attribute("lang") == language
        hreflangs = page.locator('link[rel="alternate"][hreflang]')
        assert sorted(hreflangs.evaluate_all("links => links.map(l => l.hreflang)")) == [
            "en",
            "fa",
            "ps",
            "x-default",
        ]
