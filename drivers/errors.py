"""The errors golive raises: Odoo's own refusals, and the reasons a connection could not be made.

Every message is one line a user can act on, and none of them carries a password, API key or session id::

    try:
        client.call("stock.quant", "action_apply_inventory", [quant_id])
    except OdooError as exc:
        print(exc)  # Odoo refused stock.quant.action_apply_inventory as 'gl1a-operator' (...): ...
"""

from __future__ import annotations


class GoliveError(Exception):
    """Base class of golive's errors; ``str(error)`` is the one line shown to the user."""


class ConnectionProblem(GoliveError):
    """golive could not reach or log into Odoo (wrong URL, server down, wrong password, unknown database)."""


class DatabaseNotMarked(GoliveError):
    """The database is not marked for testing, so golive refuses to write to it."""


class ReadOnlyRefusal(GoliveError):
    """A read-only client (drivers/rpc.py ``ReadOnlyRpc``) was asked to call a method that is not a read;
    raised before anything is sent."""


class OdooError(GoliveError):
    """Odoo refused a call: carries Odoo's own message with the model, method and acting user.

    ``name`` is Odoo's exception class (for example ``odoo.exceptions.UserError``).
    """

    def __init__(self, message: str, *, name: str, model: str, method: str, user: str) -> None:
        self.message = message
        self.name = name
        self.model = model
        self.method = method
        self.user = user
        short = name.rsplit(".", 1)[-1] if name else "error"
        super().__init__(f"Odoo refused {model}.{method} as {user!r} ({short}): {message}")
