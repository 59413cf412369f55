"""An API key logs in and calls Odoo through the server version's external API, never showing the key.

Live, against the local harness (the key is written into the run's database: fixtures/api_keys.py):
``/jsonrpc`` execute_kw on Odoo 16 to 18, JSON-2 on 19
(``ODOO_HOME=/opt/odoo19 pytest tests/test_api_keys.py``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from drivers.errors import ConnectionProblem, OdooError
from drivers.rpc import JSON2_SINCE, OdooRpc
from fixtures.api_keys import create_api_key
from fixtures.harness import PgSettings
from fixtures.live import LiveOdoo

pytestmark = pytest.mark.harness
KEY_NAME = "golive api key test"


@pytest.fixture(scope="module")
def api_key(live_odoo: LiveOdoo) -> Iterator[str]:
    pg, db = PgSettings.from_env(os.environ), live_odoo.target.db
    with pg.cursor(db) as cur:
        key = create_api_key(cur, user_id=live_odoo.admin.uid, name=KEY_NAME)
    yield key
    with pg.cursor(db) as cur:
        cur.execute("DELETE FROM res_users_apikeys WHERE name = %s", (KEY_NAME,))


@pytest.fixture
def key_client(live_odoo: LiveOdoo, api_key: str) -> OdooRpc:
    target = live_odoo.target
    return OdooRpc.login(target.url, target.db, target.user, api_key)


def test_api_key_logs_in_through_the_versions_external_api(live_odoo: LiveOdoo, key_client: OdooRpc):
    expected = "json2" if live_odoo.version.major >= JSON2_SINCE else "jsonrpc"
    assert key_client.transport == expected and not key_client.uses_web_session
    assert key_client.uid == live_odoo.admin.uid
    rows = key_client.call("res.users", "read", [key_client.uid], ["login"])
    assert rows == [{"id": key_client.uid, "login": live_odoo.target.user}]


def test_api_key_client_creates_writes_searches_and_presses_a_button(key_client: OdooRpc):
    partner_id = key_client.call("res.partner", "create", {"name": "golive api key partner"})
    assert isinstance(partner_id, int)
    two = key_client.call("res.partner", "create", [{"name": "golive key a"}, {"name": "golive key b"}])
    assert len(two) == 2 and all(isinstance(i, int) for i in two)
    assert key_client.call("res.partner", "write", [partner_id], {"email": "key@example.com"}) is True
    found = key_client.call(
        "res.partner", "search_read", [("id", "=", partner_id)], fields=["email", "active"], limit=1
    )
    assert found == [{"id": partner_id, "email": "key@example.com", "active": True}]
    key_client.call("res.partner", "action_archive", [partner_id], context={"lang": "en_US"})
    assert key_client.call("res.partner", "search", [("id", "=", partner_id)]) == []
    archived = key_client.call("res.partner", "read", [partner_id], ["active"], context={"lang": "en_US"})
    assert archived == [{"id": partner_id, "active": False}]


def test_an_odoo_refusal_reads_the_same_through_the_key_and_the_password(
    live_odoo: LiveOdoo, key_client: OdooRpc
):
    """Odoo refuses deleting the admin's partner: the same OdooError, with Odoo's own message, either way."""
    partner_id = live_odoo.admin.call("res.users", "read", [live_odoo.admin.uid], ["partner_id"])[0][
        "partner_id"
    ][0]
    refusals = []
    for client in (live_odoo.admin, key_client):
        with pytest.raises(OdooError) as caught:
            client.call("res.partner", "unlink", [partner_id])
        refusals.append(caught.value)
    by_password, by_key = refusals
    assert by_key.name == by_password.name and by_key.name.startswith("odoo.exceptions.")
    assert str(by_key) == str(by_password) and by_key.message


def test_the_key_is_never_shown(api_key: str, key_client: OdooRpc):
    with pytest.raises(OdooError) as caught:
        key_client.call("res.partner", "write", [1], {"golive_no_such_field": 1})
    caught.traceback = caught.traceback[1:]  # golive's frames; this test's own frame holds the key
    traceback = str(caught.getrepr(style="long", showlocals=True))
    assert "golive_no_such_field" in traceback
    shown = [repr(key_client), str(caught.value), repr(key_client.stats.log), traceback]
    assert not [text for text in shown if api_key in text]
    assert key_client.stats.log[-1].error == str(caught.value)


def test_a_wrong_key_is_named_without_showing_it(live_odoo: LiveOdoo):
    target, wrong = live_odoo.target, "0123456789abcdef0123456789abcdef01234567"
    with pytest.raises(ConnectionProblem, match="wrong user or password") as caught:
        OdooRpc.login(target.url, target.db, target.user, wrong)
    assert wrong not in str(caught.value) and "\n" not in str(caught.value)
