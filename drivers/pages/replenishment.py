"""The Replenishment screen (Inventory > Operations > Replenishment): one reorder rule's "Order Once".

::

    rfq_id = ReplenishmentScreens(client).order_once("gl3f2a-main-9c41-widget")
"""

from __future__ import annotations

from drivers.pages.webclient import WebClient

MODEL = "stock.warehouse.orderpoint"


class ReplenishmentScreens:
    """The list of reorder rules that ask for goods (on 19, over its Horizon), and the notification an order
    leaves."""

    def __init__(self, client: WebClient) -> None:
        self.client = client

    def open(self) -> None:
        """Inventory > Operations > Replenishment (its default filters: rules that ask for goods now)."""
        self.client.open_app("Inventory")
        self.client.open_menu("stock.menu_stock_warehouse_mgmt", "stock.menu_reordering_rules_replenish")
        self.client.page.locator(".o_action_manager .o_list_view").first.wait_for()
        self.client.wait_idle()

    def order_once(self, product: str) -> int:
        """Find the rule of ``product`` (its text, typed in the search box), press its "Order Once", and
        return the request for quotation the notification links ("The following replenishment order has
        been generated")."""
        page = self.client.page
        self.open()
        horizon = self.client.version.reorder_horizon
        if horizon is not None:
            self.set_horizon(horizon["global_horizon_days"])
        search = page.locator(".o_searchview_input").first
        search.fill(product)
        search.press("Enter")
        rows = page.locator(".o_list_view .o_data_row")
        rows.filter(has_not_text=product).first.wait_for(state="detached")
        self.client.wait_idle()
        row = rows.filter(has_text=product)
        assert row.count() == 1, f"{MODEL}: {row.count()} rules of {product!r} on the Replenishment screen"
        row.locator("button[name='action_replenish']").click()
        link = page.locator(".o_notification a[href*='purchase']").first
        self.client.settle(link, MODEL, "action_replenish")
        # 17 links "#action=..&id=<id>&model=purchase.order", 18 and 19 "/odoo/action-purchase.../<id>".
        order_id = self.client.version.web_record_id(link.get_attribute("href") or "")
        assert order_id is not None, f"{MODEL}: the replenishment notification links no purchase order"
        return order_id

    def set_horizon(self, days: int) -> None:
        """Type the screen's Horizon (19, in its side panel: how many days of later demand the rules count)
        and wait for Odoo to recompute the rules with it."""
        box = self.client.page.locator(".o_search_panel input[type='number']").first
        if box.input_value().strip() == str(days):
            return
        with self.client.page.expect_response(lambda r: r.url.endswith("/action_open_orderpoints")):
            box.fill(str(days))
            box.press("Tab")  # the change event; the panel applies it half a second later
        self.client.wait_idle()
