"""Live: ``python -m simulation from-odoo`` on a resupply route and with ``--tz`` (issue 16).

A company of its own gets a second warehouse resupplied from its first through Odoo's own route
(``resupply_wh_ids``: "<B>: Supply Product from <A>"), a reorder rule on that route, and 60 confirmed sales
orders at known UTC hours (Monday to Friday of two whole weeks in January, when neither zone below changes
its clock). The calibrated class must be resupplied from the first warehouse, in the lead time set on the
route, and the hour and weekday profiles read with ``--tz`` must be the UTC ones moved by the zone's offset.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest
import yaml
from faker import Faker

from drivers.rpc import OdooRpc
from fixtures.companies import Administrator, create_company
from fixtures.factories import MasterData
from fixtures.live import LiveOdoo
from fixtures.namespace import Namespace
from simulation.odoo_history import config_name
from tests.calibration_history import chunks, odoo_datetime, simulation_command, write_each

SINCE, UNTIL = dt.datetime(2026, 1, 5), dt.datetime(2026, 1, 19)  # two whole weeks from a Monday
#: The UTC hours of each working day's orders (minute 17): 6 a day, 60 over the ten working days.
ORDER_HOURS = (3, 9, 9, 9, 14, 20)
#: The zones and their offsets from UTC in January, in hours.
ZONES = {"UTC": 0, "Europe/Brussels": 1, "America/New_York": -5}
#: The hour profiles (rate per hour over the mean rate) the orders make in each zone: 10 orders at each
#: UTC hour but 9, which has 30, over a mean of 60 / 24.
HOURS = {
    "UTC": {3: 4.0, 9: 12.0, 14: 4.0, 20: 4.0},
    "Europe/Brussels": {4: 4.0, 10: 12.0, 15: 4.0, 21: 4.0},
    "America/New_York": {22: 4.0, 4: 12.0, 9: 4.0, 15: 4.0},
}
#: The weekday profiles (Monday first; every weekday is in the window twice): in New York the 03:00 UTC
#: order of each day falls on the day before, so Sunday gets Monday's and Friday loses its own.
WEEKDAYS = {
    "UTC": [1.4, 1.4, 1.4, 1.4, 1.4, 0.0, 0.0],
    "Europe/Brussels": [1.4, 1.4, 1.4, 1.4, 1.4, 0.0, 0.0],
    "America/New_York": [1.4, 1.4, 1.4, 1.4, 1.1667, 0.0, 0.2333],
}
RULE = {"min_qty": 10.0, "max_qty": 50.0, "qty_multiple": 5.0}
TRANSFER_DAYS = 2


def _order_times() -> list[dt.datetime]:
    days = [SINCE + dt.timedelta(days=d) for d in range((UNTIL - SINCE).days)]
    return [
        day.replace(hour=h, minute=17) for day in days if day.weekday() < 5 for h in ORDER_HOURS
    ]  # fmt: skip


@pytest.mark.live
def test_from_odoo_calibrates_a_resupply_route_and_profiles_in_a_time_zone(
    live_odoo: LiveOdoo, calibration_admin: Administrator, namespace: Namespace, fake: Faker, tmp_path: Path
) -> None:
    started = time.perf_counter()
    for zone, offset in ZONES.items():  # the window has no clock change in these zones
        for when in (SINCE, UNTIL):
            local = when.replace(tzinfo=dt.UTC).astimezone(ZoneInfo(zone))
            assert local.utcoffset() == dt.timedelta(hours=offset), (zone, when)
    version, me = live_odoo.version, calibration_admin
    company = create_company(me.client, version, namespace, "routes")
    admin = OdooRpc.login(me.client.url, me.client.db, me.login, me.password)
    admin.use_default_context(allowed_company_ids=[company.id, company.home_company_id])
    data = MasterData(admin, version, namespace, fake)
    data.enter_company(company.id, admin)
    main = company.warehouse
    shop = data.warehouse("resupplied")
    product = data.product("resupplied", cost=10.0, price=25.0)
    route = data.resupply_route(product, shop, main)
    # The route's lead time, as set on its rule into the shop (Inventory > Configuration > Routes).
    inbound = [("route_id", "=", route), ("location_dest_id", "=", shop.stock_location_id)]
    admin.call("stock.rule", "write", admin.call("stock.rule", "search", inbound), {"delay": TRANSFER_DAYS})
    minimum, maximum, multiple = RULE.values()
    data.reorder_rule(product, shop, minimum=minimum, maximum=maximum, multiple=multiple, route_id=route)
    team = admin.call("crm.team", "create", {"name": namespace.name("Shop"), "company_id": company.id})
    customer = data.customer()
    times = _order_times()
    orders = admin.call(
        "sale.order",
        "create",
        [
            {
                "partner_id": customer,
                "company_id": company.id,
                "team_id": team,
                "warehouse_id": shop.id,
                "order_line": [(0, 0, {"product_id": product, "product_uom_qty": 2, "price_unit": 25.0})],
            }
            for _ in times
        ],
    )
    for chunk in chunks(orders, 30):
        admin.call("sale.order", "action_confirm", chunk)
    dated = [
        ("sale.order", o, {"date_order": odoo_datetime(when)}) for o, when in zip(orders, times, strict=True)
    ]
    write_each([admin], dated)  # confirming dated them today
    print(f"{len(orders)} orders and the route written in {time.perf_counter() - started:.0f} s")

    window = ["--since", f"{SINCE:%Y-%m-%d}", "--until", f"{UNTIL:%Y-%m-%d}", "--company", company.name]
    models = {}
    for zone in ZONES:
        out = tmp_path / f"{zone.replace('/', '_')}.yaml"
        done = simulation_command(
            calibration_admin.target, "from-odoo", "--out", str(out), *window, "--tz", zone
        )
        assert done.returncode == 0, done.stdout + done.stderr
        models[zone] = yaml.safe_load(out.read_text())
    print(done.stdout)
    checked = simulation_command(calibration_admin.target, "validate", str(out))
    assert checked.returncode == 0, checked.stdout + checked.stderr

    houses = {w["name"]: w for w in models["UTC"]["warehouses"]}
    assert sorted(houses) == sorted([config_name(main.code), config_name(shop.code)])
    resupplied = houses[config_name(shop.code)]
    (klass,) = models["UTC"]["skus"]["classes"]
    got = resupplied["replenishment"][klass["name"]]
    expected = {"policy": "min_max", **RULE, "resupply_from": config_name(main.code)}
    assert {key: got.get(key) for key in expected} == expected
    assert "vendor" not in got
    assert resupplied["transfer_lead_time_h"] == {"dist": "deterministic", "value": TRANSFER_DAYS * 24.0}
    assert "transfer_lead_time_h" not in houses[config_name(main.code)]

    utc = None
    for zone, offset in ZONES.items():
        (channel,) = models[zone]["demand"]["channels"]
        assert channel["name"] == config_name(namespace.name("Shop"))
        assert channel["orders_per_day"] == pytest.approx(len(times) / 14, abs=1e-4)
        hours = [HOURS[zone].get(h, 0.0) for h in range(24)]
        assert channel["daily_profile"] == pytest.approx(hours, abs=1e-4), zone
        assert channel["weekly_profile"] == pytest.approx(WEEKDAYS[zone], abs=1e-4), zone
        if utc is None:
            utc = channel["daily_profile"]
        assert channel["daily_profile"] == list(np.roll(utc, offset)), zone
        print(f"{zone}: hour profile {dict((h, x) for h, x in enumerate(channel['daily_profile']) if x)}")
    print(f"test took {time.perf_counter() - started:.0f} s")
