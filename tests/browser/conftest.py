"""Headless Chromium (the Debian package) driven by Playwright; no browser download."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium ontbreekt op {CHROMIUM}; .ci/run installeert het pakket 'chromium'.")
        pytest.skip(f"Chromium niet gevonden op {CHROMIUM} (installeer het Debian-pakket 'chromium').")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still
    # plain synchronous code, so Django's async-safety guard must not stop them.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def pagina_voor(browser, live_server):
    """A fresh browser context (own cookies) per person in the journey."""
    contexten = []

    def nieuw(breedte=1280):
        context = browser.new_context(viewport={"width": breedte, "height": 900}, base_url=live_server.url)
        context.set_default_timeout(15000)
        contexten.append(context)
        return context.new_page()

    yield nieuw
    for c in contexten:
        c.close()
