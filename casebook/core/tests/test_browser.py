"""The service navigation in a browser at desktop width."""

import pytest
from django.urls import reverse

from conftest import ALL_PERSONAS

# Where each menu item starts, and the menu's height: rows are told apart by their top edge.
MENU_ROWS = """() => {
  const items = [...document.querySelectorAll('#navigation > li')];
  return {rows: new Set(items.map(item => Math.round(item.getBoundingClientRect().top))).size,
          height: document.querySelector('#navigation').getBoundingClientRect().height,
          itemHeight: items[0].getBoundingClientRect().height};
}"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_menu_is_at_most_two_rows_at_desktop_width(page, sign_in_as, accessible, world):
    """The head of service has the longest menu; at 1280px no one's runs past two rows."""
    page.set_default_timeout(5000)
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in_as(world["head_of_service"])
    page.goto("/")
    menu = page.evaluate(MENU_ROWS)
    assert menu["rows"] == 2, menu
    assert menu["height"] <= 2 * menu["itemHeight"] + 1, menu
    accessible(page)
    # A page taken off the menu is one click from its hub, and the hub stays marked as the section.
    page.click("#navigation >> text=Drift and delay")
    page.click(".app-section-nav >> text=Panel review")
    assert page.url.endswith(reverse("child_protection:panel-review"))
    assert page.locator("#navigation [aria-current]").inner_text() == "Drift and delay"
    accessible(page)
    for persona in ALL_PERSONAS:
        sign_in_as(world[persona])
        page.goto("/")
        menu = page.evaluate(MENU_ROWS)
        assert menu["rows"] <= 2, (persona, menu)
    assert not page.console_errors
