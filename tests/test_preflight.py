"""At session start, a user without the rights the suite needs is told, in one line, the missing groups."""

from __future__ import annotations

import secrets
from dataclasses import replace

import pytest

from fixtures.live import LiveOdoo, MissingRights
from fixtures.roles import xmlid_ids

pytestmark = pytest.mark.live


def test_a_settings_only_user_is_told_the_missing_groups(live_odoo: LiveOdoo) -> None:
    admin, version = live_odoo.admin, live_odoo.version
    login = f"golive-preflight-{secrets.token_hex(3)}"
    password = secrets.token_urlsafe(16)
    groups = xmlid_ids(admin, ("base.group_user", "base.group_system"))
    user = admin.call(
        "res.users",
        "create",
        {"name": login, "login": login, "password": password, version.groups_field: [(6, 0, groups)]},
    )
    try:
        with pytest.raises(MissingRights) as refused:
            LiveOdoo.connect(replace(live_odoo.target, user=login, password=password))
        message = str(refused.value)
        assert "\n" not in message and password not in message
        for missing in (
            "Inventory: Administrator (stock.group_stock_manager)",
            "Sales: Administrator (sales_team.group_sale_manager)",
            "Purchase: Administrator (purchase.group_purchase_manager)",
            "Invoicing/Accounting: Administrator (account.group_account_manager)",
        ):
            assert missing in message
        assert "base.group_system" not in message
    finally:
        admin.call("res.users", "write", [user], {"active": False})


def test_the_suites_administrator_passes_the_check(live_odoo: LiveOdoo) -> None:
    again = LiveOdoo.connect(live_odoo.target)
    assert again.admin.uid == live_odoo.admin.uid
