"""Form and list views: many2one pickers, one2many line editors, buttons, saving, and smart buttons.

A form is addressed by its fields' ``name`` attributes, as Odoo renders them::

    form = FormView(client)
    form.pick("partner_id", "[gl3f2a-main-9c41] Acme Ltd")
    form.add_line({"product_id": "gl3f2a-main-9c41-widget"}, {"product_uom_qty": "8"})
    order_id = form.save_new("sale.order")
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from playwright.sync_api import Locator, expect

from drivers.pages.webclient import WebClient


class FormView:
    """The form view the web client shows now (or the one in ``root``, a wizard's dialog say)."""

    def __init__(self, client: WebClient, root: Locator | None = None) -> None:
        self.client = client
        self.page = client.page
        self.root = root or client.page.locator(".o_action_manager .o_form_view").first

    def field(self, name: str, scope: Locator | None = None) -> Locator:
        """The widget of field ``name`` (``"a|b"``: whichever of the fields a or b the view shows)."""
        selector = ", ".join(f"div[name='{n}']" for n in name.split("|"))
        return (scope or self.root).locator(selector).first

    def pick(self, name: str, text: str, scope: Locator | None = None) -> None:
        """Type ``text`` into the many2one ``name`` and choose the suggestion that contains it."""
        box = self.field(name, scope).locator("input").first
        box.fill(text)  # no click first: a click opens the menu with unfiltered suggestions
        item = self.page.locator(".o-autocomplete--dropdown-item:visible", has_text=text).first
        item.wait_for()
        self.client.wait_idle()
        item.click()
        expect(self.page.locator(".o-autocomplete--dropdown-menu:visible")).to_have_count(0)
        self.client.wait_idle()

    def type(self, name: str, value: str, scope: Locator | None = None) -> None:
        """Replace the value of the plain input field ``name``."""
        widget = self.field(name, scope)
        shown = widget.locator("button.o_input")  # 19 shows a filled date as a button until it is focused
        if shown.count():
            shown.first.click()
        box = widget.locator("input").first
        box.fill(value)
        box.press("Tab")
        self.client.wait_idle()

    def choose(self, name: str, label: str, tab: str = "") -> None:
        """Choose ``label`` in the selection field ``name`` (on the notebook page named ``tab``, if any)."""
        if tab:
            self.root.locator(f".o_notebook_headers a[name='{tab}']").click()
        self.field(name).locator("select").select_option(label=label)
        self.client.wait_idle()

    def add_line(
        self, field: str, picks: Mapping[str, str], values: Mapping[str, str], *, link: str = ""
    ) -> None:
        """Add a line to the one2many ``field``: choose ``picks`` (many2one -> text), type ``values``."""
        lines = self.field(field)
        add = lines.locator(".o_field_x2many_list_row_add a")
        (add.filter(has_text=link) if link else add).first.click()
        row = lines.locator(".o_data_row.o_selected_row").first
        row.wait_for()
        for name, text in picks.items():
            self.pick(name, text, scope=row)
        for name, value in values.items():
            self.type(name, value, scope=row)

    def show_column(self, field: str, column: str) -> None:
        """Show the optional ``column`` of the one2many ``field`` when it is hidden (ticked in the list's
        optional columns menu; the web client remembers the choice for the user's later views)."""
        lines = self.field(field)
        if lines.locator(f"th[data-name='{column}']").count():
            return
        toggle = lines.locator(".o_optional_columns_dropdown button").first
        toggle.click()
        self.page.locator(f".o-dropdown--menu input[name='{column}']").check()
        lines.locator(f"th[data-name='{column}']").wait_for()
        toggle.click()  # closes the menu (Escape would close a dialog under it)
        self.client.wait_idle()

    def edit_cell(self, field: str, row: int, column: str, value: str) -> None:
        """In the one2many ``field``, set ``column`` of the ``row``-th line (from 0) to ``value``."""
        line = self.field(field).locator(".o_data_row").nth(row)
        line.locator(f"td[name='{column}']").click()
        box = line.locator(f"td[name='{column}'] input").first
        box.fill(value)
        box.press("Tab")
        self.client.wait_idle()

    def save_new(self, model: str) -> int:
        """Save a new record; returns its id (from the address bar once the breadcrumb names it)."""
        new = self.page.url
        self.root.locator(".o_form_button_save").filter(visible=True).first.click()
        named = self.page.locator(".o_breadcrumb .active").filter(has_not_text=re.compile(r"^\s*New\s*$"))
        self.client.settle(named, model, "web_save")
        return self.client.wait_for_record(leaving=new)

    def save(self, model: str) -> None:
        """Save the record's changes and wait until the form shows none unsaved."""
        self.root.locator(".o_form_button_save").filter(visible=True).first.click()
        clean = self.root.locator(".o_form_status_indicator_buttons.invisible")  # hidden once saved
        clean.or_(self.page.locator(".o_error_dialog")).first.wait_for(state="attached")
        self.client.wait_idle()
        self.client.raise_error_dialog(model, "web_save")

    def press(self, button: str, model: str) -> None:
        """Click the header button named ``button`` (a method name) and wait for the client to settle."""
        self.root.locator(f".o_form_statusbar button[name='{button}']").filter(visible=True).first.click()
        self.client.wait_idle()
        self.client.raise_error_dialog(model, button)

    def status(self) -> str:
        """The current stage of the status bar ("Sales Order", "Ready", "Done")."""
        return self.root.locator(".o_statusbar_status .o_arrow_button_current").first.inner_text().strip()

    def open_smart_button(self, name: str) -> None:
        """Click the smart button named ``name`` and wait for the view it opens."""
        self.client.visible(f".o_action_manager button.oe_stat_button[name='{name}']").click()
        self.page.locator(".o_action_manager .o_view_controller").first.wait_for()
        self.client.wait_idle()
