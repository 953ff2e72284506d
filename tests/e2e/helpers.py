"""Helpers for browser tests that run under the site's Content-Security-Policy."""

import time


def wait_until(page, expression: str, timeout: float = 5.0) -> None:
    """Wait until a JavaScript expression is true.

    Playwright's `page.wait_for_function()` evaluates its predicate with
    `eval`, which our policy (no 'unsafe-eval') blocks; `page.evaluate()` runs
    through the DevTools protocol, which the policy does not govern.
    """
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"Still false after {timeout}s: {expression}")
        page.wait_for_timeout(50)
