"""Offline: how the driver names positional arguments for JSON-2, and that secrets never show."""

from __future__ import annotations

import doctest
import importlib

import pytest

from drivers.rpc import Secret, json2_body, redact


@pytest.mark.parametrize(
    ("method", "args", "kwargs", "body"),
    [
        ("create", ({"name": "x"},), {}, {"vals_list": {"name": "x"}}),
        (
            "create",
            ([{"name": "x"}, {"name": "y"}],),
            {"context": {}},
            {"vals_list": [{"name": "x"}, {"name": "y"}], "context": {}},
        ),
        ("search", ([("a", "=", 1)], 5, 10), {}, {"domain": [("a", "=", 1)], "offset": 5, "limit": 10}),
        ("search_read", ([],), {"fields": ["name"]}, {"domain": [], "fields": ["name"]}),
        ("read", ([1, 2], ["name"]), {}, {"ids": [1, 2], "fields": ["name"]}),
        ("read", (4,), {"fields": ["name"]}, {"ids": [4], "fields": ["name"]}),
        ("write", ([3], {"name": "y"}), {}, {"ids": [3], "vals": {"name": "y"}}),
        ("set_param", ("golive.test_database", "1"), {}, {"key": "golive.test_database", "value": "1"}),
        ("button_validate", ([9],), {"context": {"skip": 1}}, {"ids": [9], "context": {"skip": 1}}),
        ("action_archive", (), {}, {"ids": []}),
    ],
)
def test_positional_arguments_get_the_orm_signatures_names(method, args, kwargs, body):
    assert json2_body(method, args, kwargs) == body


def test_a_positional_argument_json2_cannot_name_is_refused_not_guessed():
    with pytest.raises(TypeError, match="button_validate: 1 positional argument"):
        json2_body("button_validate", ([9], {"unexpected": True}), {})
    with pytest.raises(TypeError, match="fields given both by position and by name"):
        json2_body("read", ([1], ["name"]), {"fields": ["email"]})


def test_secrets_show_as_stars_but_send_as_themselves():
    key = Secret("0f3a9c")
    assert repr([key]) == "['***']" and f"bearer {key}" == "bearer 0f3a9c" and key == "0f3a9c"
    assert redact({"Authorization": "bearer 0f3a9c", "args": [{"password": "x"}]}) == {
        "Authorization": "***",
        "args": [{"password": "***"}],
    }


@pytest.mark.parametrize("name", ["drivers.rpc", "fixtures.deselection", "fixtures.api_keys"])
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0, result


@pytest.mark.parametrize(
    "method", ["write", "create", "unlink", "action_confirm", "button_validate", "copy", "load", "execute_kw"]
)
def test_a_read_only_client_refuses_any_other_method_before_sending_it(method):
    import requests

    from drivers.errors import ReadOnlyRefusal
    from drivers.rpc import OdooRpc

    # Port 9 (discard): were anything sent, the call would fail with a connection problem instead.
    client = OdooRpc("http://127.0.0.1:9", "db", "admin", 2, requests.Session())
    with pytest.raises(ReadOnlyRefusal, match=rf"stock\.quant\.{method} is not a reading method"):
        client.read_only().call("stock.quant", method, [1], {"quantity": 0})
    assert client.stats.calls == 0


def test_a_read_only_client_sends_reads():
    import requests

    from drivers.errors import ConnectionProblem
    from drivers.rpc import READ_ONLY_METHODS, OdooRpc

    client = OdooRpc("http://127.0.0.1:9", "db", "admin", 2, requests.Session(), timeout=(0.5, 0.5))
    assert {"search_read", "read", "search_count", "fields_get", "formatted_read_group"} <= READ_ONLY_METHODS
    with pytest.raises(ConnectionProblem):  # sent (and nobody listens there)
        client.read_only().call("stock.quant", "search_count", [])
