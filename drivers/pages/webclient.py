"""The web client around every screen: logging in, waiting until idle, the app menu, opening records, errors.

Waits are on concrete elements and on the client being idle (no RPC in flight, read from a counter an
init script keeps); never on ``networkidle`` (the bus never lets it settle) and never on fixed sleeps. What
differs between versions' web clients (their addresses, say) is read from the server's ``OdooVersion``::

    client = WebClient(context.new_page(), "http://127.0.0.1:8069", adapter_for("18.0"))
    client.login("staging", "gl3f2a-main-buyer", password)
    client.open_app("Purchase")
    client.new_record()
"""

from __future__ import annotations

from playwright.sync_api import Locator, Page

from drivers.errors import OdooError
from drivers.versions import OdooVersion

#: Counts the page's XMLHttpRequest/fetch calls in flight; read only by :meth:`WebClient.wait_idle`.
IDLE_PROBE = """
(() => {
  let pending = 0;
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (...args) {
    pending++;
    this.addEventListener("loadend", () => pending--, { once: true });
    return send.apply(this, args);
  };
  const fetch = window.fetch;
  window.fetch = function (...args) {
    pending++;
    return fetch.apply(this, args).finally(() => pending--);
  };
  Object.defineProperty(window, "__golivePendingRpc", { get: () => pending });
})();
"""
IS_IDLE = "() => window.__golivePendingRpc === 0 && !document.querySelector('.o_blockUI')"
#: Odoo's error dialog titles and the exception each stands for (odooExceptionTitleMap in the web client).
DIALOG_EXCEPTIONS = {
    "Access Denied": "odoo.exceptions.AccessDenied",
    "Access Error": "odoo.exceptions.AccessError",
    "Missing Record": "odoo.exceptions.MissingError",
    "User Error": "odoo.exceptions.UserError",
    "Validation Error": "odoo.exceptions.ValidationError",
    "Invalid Operation": "odoo.exceptions.UserError",
}
TIMEOUT_MS = 30_000
#: How long the web client may take to boot after logging in: on a fresh copy of a database, the first
#: login makes Odoo generate its asset bundles (measured: 36 s for 19's on a busy two-core machine).
BOOT_TIMEOUT_MS = 120_000


class WebClient:
    """One browser tab on Odoo's web client, as one logged-in user."""

    def __init__(self, page: Page, url: str, version: OdooVersion) -> None:
        self.page = page
        self.url = url.rstrip("/")
        self.version = version
        self.user = ""
        page.set_default_timeout(TIMEOUT_MS)
        page.add_init_script(IDLE_PROBE)

    # -- session ----------------------------------------------------------------------------------

    def login(self, db: str, login: str, password: str) -> None:
        """Log in through the login form and wait for the web client's menu bar."""
        self.page.goto(f"{self.url}/web/login?db={db}")
        self.page.locator("input[name=login]").fill(login)
        self.page.locator("input[name=password]").fill(password)
        self.page.locator("form button[type=submit]").click()
        self.page.locator(".o_main_navbar").wait_for(timeout=BOOT_TIMEOUT_MS)
        self.user = login
        self.wait_idle()

    def wait_idle(self) -> None:
        """Wait until no RPC is in flight and the UI is not blocked."""
        self.page.wait_for_function(IS_IDLE, polling="raf")

    # -- navigation -------------------------------------------------------------------------------

    def open_app(self, name: str) -> None:
        """Open an app from the home menu (``"Sales"``, ``"Inventory"``) and wait for its first view."""
        self.page.locator(".o_navbar_apps_menu button").click()
        self.page.locator(".o_app", has_text=name).first.click()
        self.page.locator(".o_action_manager .o_view_controller").first.wait_for()
        self.wait_idle()

    def open_menu(self, *xmlids: str) -> None:
        """Click through the current app's menu bar by the menus' XML ids (a section, then its item) and
        wait for the view the last one opens."""
        for xmlid in xmlids:
            self.visible(f"[data-menu-xmlid='{xmlid}']").click()  # items drop down outside the bar
        self.page.locator(".o_action_manager .o_view_controller").first.wait_for()
        self.wait_idle()

    def open_record(self, model: str, record_id: int, *, debug: bool = False) -> None:
        """Open a record's form by its address, as a bookmark would; ``debug``: in developer mode
        (``?debug=1``), which shows the fields Odoo keeps for technical users."""
        here = self.version.web_shows_record(self.page.url, model, record_id)
        if here and (not debug or "debug=1" in self.page.url):
            return
        self.page.goto(self.url + self.version.web_record_address(model, record_id, debug=debug))
        self.page.locator(".o_form_view .o_form_sheet").wait_for()
        self.wait_idle()

    def record_id(self) -> int | None:
        """The id of the record the form shows, from the address bar (None for a new record)."""
        return self.version.web_record_id(self.page.url)

    def wait_for_record(self, leaving: str) -> int:
        """Wait until the address bar has left ``leaving`` (an address) for a saved record's; its id."""
        self.page.wait_for_url(lambda url: url != leaving and self.version.web_record_id(url) is not None)
        record_id = self.record_id()
        assert record_id is not None, f"no record shown after leaving {leaving}"
        return record_id

    def visible(self, selector: str) -> Locator:
        """The first visible element matching ``selector`` (Odoo renders mobile twins hidden)."""
        return self.page.locator(selector).filter(visible=True).first

    # -- outcomes ---------------------------------------------------------------------------------

    def raise_error_dialog(self, model: str, method: str) -> None:
        """Raise :class:`OdooError` with the text of the error dialog on screen, if there is one."""
        dialog = self.page.locator(".o_error_dialog")
        if dialog.count() == 0:
            return
        title = dialog.locator(".modal-title").first.inner_text().strip()
        message = dialog.locator(".modal-body").first.inner_text().strip()
        raise OdooError(
            message, name=DIALOG_EXCEPTIONS.get(title, title), model=model, method=method, user=self.user
        )

    def settle(self, done: Locator, model: str, method: str) -> None:
        """Wait until ``done`` shows or an error dialog does; raise the dialog's error if it is one."""
        done.or_(self.page.locator(".o_error_dialog")).first.wait_for()
        self.wait_idle()
        self.raise_error_dialog(model, method)

    def records_shown(self, model: str) -> list[int]:
        """The ids of the records the view shows: the form's one, or each list row's (opened in turn)."""
        view = self.page.locator(".o_action_manager .o_view_controller").first
        if "o_form_view" in (view.get_attribute("class") or ""):
            record_id = self.record_id()
            assert record_id is not None, f"{model}: the form shows no saved record"
            return [record_id]
        ids = []
        for index in range(self.page.locator(".o_list_view .o_data_row").count()):
            self.page.locator(".o_list_view .o_data_row").nth(index).locator("td.o_data_cell").first.click()
            self.page.locator(".o_form_view .o_form_sheet").wait_for()
            self.wait_idle()
            ids.append(self.record_id())
            self.page.locator(".o_breadcrumb .breadcrumb-item a").last.click()
            self.page.locator(".o_list_view").wait_for()
            self.wait_idle()
        return [i for i in ids if i is not None]
