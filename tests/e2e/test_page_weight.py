"""The article page on a phone: its own CSS and JS bytes, its layout shift (CLS)
in Chromium, and no request to any other origin.

The figures are printed on every run (look for "article page:").
"""

from urllib.parse import urlsplit

from articles.models import Article

# Budget for the page's own CSS and JS together, uncompressed.
CSS_JS_BUDGET = 30_000

LAYOUT_SHIFT_OBSERVER = """
window.__layoutShift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__layoutShift += entry.value;
  }
}).observe({type: "layout-shift", buffered: true});
"""


def test_article_page_is_light_stable_and_served_from_its_own_origin(demo_site, browser, capsys):
    article = Article.objects.get(slug__startswith="a-cabinet-reshuffle")
    context = browser.new_context(
        viewport={"width": 375, "height": 812}, device_scale_factor=2, is_mobile=True
    )
    page = context.new_page()
    # A slow phone connection makes late images and fonts more likely to push the text about.
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 150, "downloadThroughput": 200_000, "uploadThroughput": 100_000},
    )
    requests, responses = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("response", lambda response: responses.append(response))
    page.add_init_script(LAYOUT_SHIFT_OBSERVER)
    try:
        page.goto(demo_site.url + article.get_absolute_url(), wait_until="load")
        # Read to the end, as a reader would, so that lazy images load on the way.
        for _ in range(12):
            page.mouse.wheel(0, 600)
            page.wait_for_timeout(150)
        page.wait_for_load_state("networkidle")
        cls = page.evaluate("window.__layoutShift")

        own = urlsplit(demo_site.url).netloc
        foreign = [url for url in requests if not url.startswith("data:") and urlsplit(url).netloc != own]
        assert foreign == [], "the page asked another origin for something"

        assets = {"stylesheet": 0, "script": 0}
        total = 0
        for response in responses:
            size = len(response.body())
            total += size
            kind = response.request.resource_type
            if kind in assets:
                assets[kind] += size
        css_js = assets["stylesheet"] + assets["script"]
        with capsys.disabled():
            print(
                f"\narticle page: CSS {assets['stylesheet']} B + JS {assets['script']} B = {css_js} B "
                f"(budget {CSS_JS_BUDGET} B); all {len(responses)} responses {total} B; CLS {cls:.4f}"
            )
        assert assets["stylesheet"] > 0, "the stylesheet was counted"
        assert css_js <= CSS_JS_BUDGET
        assert cls < 0.1
    finally:
        context.close()


def test_home_page_images_have_dimensions_and_load_lazily_below_the_fold(demo_site, browser):
    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    page.add_init_script(LAYOUT_SHIFT_OBSERVER)
    try:
        page.goto(demo_site.url + "/", wait_until="load")
        images = page.evaluate(
            """() => [...document.querySelectorAll("main img")].map((img) => ({
                src: img.currentSrc || img.src,
                width: img.getAttribute("width"),
                height: img.getAttribute("height"),
                loading: img.getAttribute("loading"),
                top: img.getBoundingClientRect().top,
            }))"""
        )
        assert len(images) > 5
        assert all(image["width"] and image["height"] for image in images), "every image reserves its box"
        fold = 812
        assert all(image["loading"] == "lazy" for image in images if image["top"] > fold * 1.5)
        above = [image for image in images if image["top"] < fold / 2]
        assert all(image["loading"] != "lazy" for image in above), "the lead picture loads at once"
        # Lazily loaded pictures arrive while the reader scrolls and push nothing about.
        for _ in range(20):
            page.mouse.wheel(0, 800)
            page.wait_for_timeout(100)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__layoutShift") < 0.1
    finally:
        context.close()


def test_layout_shift_measurement_can_fail(demo_site, page):
    """The observer sees a shift when something does jump: a block pushed in above the text."""
    page.add_init_script(LAYOUT_SHIFT_OBSERVER)
    page.goto(demo_site.url + "/")
    page.evaluate(
        """() => new Promise((resolve) => requestAnimationFrame(() => {
            const block = document.createElement("div");
            block.style.blockSize = "400px";
            document.querySelector("main").prepend(block);
            requestAnimationFrame(() => setTimeout(resolve, 100));
        }))"""
    )
    assert page.evaluate("window.__layoutShift") > 0.1
