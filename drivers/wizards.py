"""The wizard loop: follow the window actions a button returns until Odoo has nothing more to ask.

A button such as ``stock.picking.button_validate`` may answer with a wizard (the backorder question,
an immediate transfer on 16, ...). :func:`press` creates the wizard with the action's context, presses
the button chosen for that wizard, and repeats with whatever that returns::

    press(client, "stock.picking", "button_validate", [picking_id],
          choices={"stock.backorder.confirmation": "process"})
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

#: Wizards golive knows how to answer, with the button each choice presses.
KNOWN_WIZARDS: dict[str, dict[str, str]] = {
    "stock.backorder.confirmation": {"keep backorder": "process", "no backorder": "process_cancel_backorder"},
    "stock.immediate.transfer": {"apply": "process"},
}
MAX_STEPS = 10


class Caller(Protocol):
    """Anything with the RPC client's ``call`` signature."""

    def call(self, model: str, method: str, *args: Any, **kwargs: Any) -> Any: ...


class UnexpectedWizard(RuntimeError):
    """A button opened a wizard the caller gave no choice for."""


def press(
    client: Caller,
    model: str,
    button: str,
    ids: list[int],
    *,
    choices: Mapping[str, str] | None = None,
    context: Mapping[str, Any] | None = None,
) -> Any:
    """Press ``button`` on records ``ids`` and answer the wizards it opens.

    ``choices`` maps a wizard model to the button to press on it (a method name, or a label from
    :data:`KNOWN_WIZARDS` such as ``"keep backorder"``). Returns the last non-wizard result.
    """
    choices = dict(choices or {})
    result = client.call(model, button, ids, context=dict(context or {}))
    for _ in range(MAX_STEPS):
        if not _is_wizard(result):
            return result
        wizard_model = result["res_model"]
        if wizard_model not in choices:
            raise UnexpectedWizard(
                f"{model}.{button} opened the wizard {wizard_model!r}; "
                f"say which button to press on it (choices={{{wizard_model!r}: ...}})"
            )
        wizard_button = KNOWN_WIZARDS.get(wizard_model, {}).get(choices[wizard_model], choices[wizard_model])
        wizard_context = dict(result.get("context") or {})
        wizard_id = result.get("res_id") or client.call(wizard_model, "create", {}, context=wizard_context)
        result = client.call(wizard_model, wizard_button, [wizard_id], context=wizard_context)
    raise UnexpectedWizard(f"{model}.{button} kept opening wizards after {MAX_STEPS} steps")


def _is_wizard(result: Any) -> bool:
    return (
        isinstance(result, dict)
        and result.get("type") == "ir.actions.act_window"
        and result.get("target") == "new"
        and bool(result.get("res_model"))
    )
