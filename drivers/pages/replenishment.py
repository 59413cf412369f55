"""The Replenishment screen (Inventory > Operations > Replenishment): one reorder rule's "Order Once".

::

    rfq_id = ReplenishmentScreens(client).order_once("gl3f2a-main-9c41-widget")
"""

from __future__ import annotations

import re

from drivers.pages.webclient import WebClient

MODEL = "stock.warehouse.orderpoint"
#: The request for quotation a replenishment made, linked from the notification that announces it.
ORDER_LINK = re.compile(r"[#&]id=(\d+)&model=purchase\.order")


class ReplenishmentScreens:
    """The list of reorder rules that ask for goods, and the notification an order leaves."""

    def __init__(self, client: WebClient) -> None:
        self.client = client

    def open(self) -> None:
        """Inventory > Operations > Replenishment (its default filters: rules that ask for goods now)."""
        page = self.client.page
        self.client.open_app("Inventory")
        page.locator(".o_menu_sections .dropdown-toggle", has_text="Operations").first.click()
        page.locator(".o-dropdown--menu .dropdown-item", has_text="Replenishment").first.click()
        page.locator(".o_action_manager .o_list_view").first.wait_for()
        self.client.wait_idle()

    def order_once(self, product: str) -> int:
        """Find the rule of ``product`` (its text, typed in the search box), press its "Order Once", and
        return the request for quotation the notification links ("The following replenishment order has
        been generated")."""
        page = self.client.page
        self.open()
        search = page.locator(".o_searchview_input").first
        search.fill(product)
        search.press("Enter")
        rows = page.locator(".o_list_view .o_data_row")
        rows.filter(has_not_text=product).first.wait_for(state="detached")
        self.client.wait_idle()
        row = rows.filter(has_text=product)
        assert row.count() == 1, f"{MODEL}: {row.count()} rules of {product!r} on the Replenishment screen"
        row.locator("button[name='action_replenish']").click()
        link = page.locator(".o_notification a[href*='model=purchase.order']").first
        self.client.settle(link, MODEL, "action_replenish")
        match = ORDER_LINK.search(link.get_attribute("href") or "")
        assert match, f"{MODEL}: the replenishment notification links no purchase order"
        return int(match.group(1))
