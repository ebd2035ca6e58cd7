"""Reflow (WCAG 2.2, 1.4.10) at 320 CSS pixels: a wide table scrolls inside its own box, which
keyboard users can focus and screen reader users hear named by the table's caption; the page
itself never scrolls sideways (static/js/app.js, .app-table-scroll)."""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _until(page, expression: str, tries: int = 50) -> None:
    """Poll `expression` (wait_for_function would need eval, which the CSP forbids)."""
    for _ in range(tries):
        if page.evaluate(expression):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"never true: {expression}")


def test_a_wide_table_scrolls_in_its_own_named_box_at_320_pixels(page, sign_in_as, accessible, world):
    from casebook.children.services import allocation_set
    from casebook.children.tests.factories import ChildFactory

    for _ in range(3):
        allocation_set(child=ChildFactory(), team=world.teams["east"], worker=None, acting_user=world["team_manager"])
    page.set_viewport_size({"width": 320, "height": 800})
    sign_in_as(world["team_manager"])
    page.goto(reverse("core:home"))

    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    box = page.locator(".app-table-scroll").first
    assert box.evaluate("b => b.scrollWidth > b.clientWidth"), "the table should be wider than the screen"
    assert box.get_attribute("role") == "region" and box.get_attribute("tabindex") == "0"
    caption_id = box.get_attribute("aria-labelledby")
    assert caption_id and page.locator(f"caption#{caption_id}").count() == 1
    box.focus()
    page.keyboard.press("ArrowRight")
    _until(page, "document.querySelector('.app-table-scroll').scrollLeft > 0")
    accessible(page)

    # At desktop width the same table fits: no region, nothing extra to tab to.
    page.set_viewport_size({"width": 1280, "height": 800})
    _until(page, "!document.querySelector('.app-table-scroll').hasAttribute('role')")
    assert page.locator(".app-table-scroll").first.get_attribute("tabindex") is None
