"""Lots and units of measure: products bought in one unit and sold in another, lots picked and traced.

Example::

    Given a storable product "screw" bought in boxes of 12 from vendor "boxco" and sold in units, ...
    Given a lot-tracked product "serum" with lots on hand in the main warehouse:
      | lot   | quantity |
      | LOT-A | 10       |
    Then the delivery reserves these lots of "serum":
      | lot   | quantity |
      | LOT-A | 10       |
"""

from __future__ import annotations

from pytest_bdd import given, parsers, then

from drivers.rpc import OdooRpc
from fixtures.factories import MasterData
from fixtures.live import LiveOdoo
from fixtures.scenario import Memory
from steps.checks import expect_fields


@given(
    parsers.parse(
        'a storable product "{product}" bought in boxes of {units:d} from vendor "{vendor}" '
        "and sold in units, with no stock"
    )
)
def product_bought_in_boxes(
    master_data: MasterData, memory: Memory, product: str, units: int, vendor: str
) -> None:
    """A new storable product that the vendor (made earlier) sells in boxes of ``units`` units."""
    box = memory.remember("unit of measure", master_data.purchase_unit(f"Box of {units}", units), "box")
    product_id = memory.remember("product", master_data.product(product), product)
    master_data.buy_in(product_id, memory.recall("vendor", vendor), box)


@given(parsers.parse('a lot-tracked product "{product}" with lots on hand in the main warehouse:'))
def lot_tracked_product(
    master_data: MasterData, memory: Memory, product: str, datatable: list[list[str]]
) -> None:
    """A new lot-tracked product; the table's lots (columns: lot, quantity) are counted in, in that order."""
    product_id = memory.remember("product", master_data.product(product), product)
    master_data.update_product(product_id, tracking="lot")
    header, *rows = datatable
    warehouse = master_data.main_warehouse()
    for row in rows:
        master_data.set_on_hand(
            product_id, warehouse, float(row[header.index("quantity")]), lot=row[header.index("lot")]
        )


@then(parsers.parse('the purchase order line of "{product}" is {boxes:g} boxes, {units:g} units'))
def purchase_line_in_boxes(
    auditor: OdooRpc, live_odoo: LiveOdoo, memory: Memory, product: str, boxes: float, units: float
) -> None:
    """The purchase line's quantity in boxes (product_qty, its unit: product_uom, or product_uom_id on 19)
    and in units (product_uom_qty)."""
    order = memory.recall("purchase order")
    lines = auditor.call(
        "purchase.order.line",
        "search",
        [("order_id", "=", order), ("product_id", "=", memory.recall("product", product))],
    )
    assert len(lines) == 1, f"purchase.order {order}: expected one line of {product!r}, found {len(lines)}"
    expect_fields(
        auditor,
        "purchase.order.line",
        lines[0],
        product_qty=boxes,
        product_uom_qty=units,
        **{live_odoo.version.purchase_line_unit_field: memory.recall("unit of measure", "box")},
    )


@then(parsers.parse('the delivery reserves these lots of "{product}":'))
def delivery_lots(
    auditor: OdooRpc, live_odoo: LiveOdoo, memory: Memory, product: str, datatable: list[list[str]]
) -> None:
    """The lots on the delivery's detailed operations (stock.move.line lot_id, and the quantity reserved:
    quantity, or reserved_uom_qty on 16) are the table's."""
    delivery = memory.recall("delivery")
    reserved = live_odoo.version.move_line_reserved_field
    rows = auditor.call(
        "stock.move.line",
        "search_read",
        [("picking_id", "=", delivery), ("product_id", "=", memory.recall("product", product))],
        fields=["lot_id", reserved],
    )
    found: dict[str, float] = {}
    for row in rows:
        lot = row["lot_id"][1] if row["lot_id"] else "(no lot)"
        found[lot] = found.get(lot, 0.0) + row[reserved]
    header, *table = datatable
    expected = {r[header.index("lot")]: float(r[header.index("quantity")]) for r in table}
    assert found == expected, f"stock.picking {delivery}: lots reserved are {found}, expected {expected}"


@then(parsers.parse('the order can be traced from lot "{lot}" of "{product}"'))
def lot_traced_to_order(auditor: OdooRpc, memory: Memory, lot: str, product: str) -> None:
    """The lot lists the customer's order among its sales orders (stock.lot.sale_order_ids)."""
    product_id = memory.recall("product", product)
    lots = auditor.call(
        "stock.lot",
        "search_read",
        [("name", "=", lot), ("product_id", "=", product_id)],
        fields=["sale_order_ids", "display_name"],
    )
    assert len(lots) == 1, f"product.product {product_id}: expected one lot {lot!r}, found {len(lots)}"
    order = memory.recall("sale order")
    found = lots[0]
    assert order in found["sale_order_ids"], (
        f"stock.lot {found['id']} {found['display_name']!r}: sale_order_ids is {found['sale_order_ids']}, "
        f"expected it to include sale.order {order}"
    )
