"""Offline tests of reading the Odoo target from the environment, and of secret redaction."""

import pytest

from drivers.errors import GoliveError
from drivers.rpc import redact
from fixtures.harness import template_name
from fixtures.namespace import Namespace, scenario_seed
from fixtures.target import target_from_env

FULL = {
    "ODOO_URL": "http://odoo:8069/",
    "ODOO_DB": "staging",
    "ODOO_USER": "admin",
    "ODOO_PASSWORD": "s3cret",
}


def test_unset_url_means_no_target():
    assert target_from_env({"ODOO_DB": "x"}) is None


def test_full_environment_gives_a_target_without_trailing_slash():
    target = target_from_env(FULL)
    assert (target.url, target.db, target.user) == ("http://odoo:8069", "staging", "admin")


def test_missing_variables_are_named_in_one_line():
    with pytest.raises(GoliveError) as caught:
        target_from_env({"ODOO_URL": "http://odoo:8069", "ODOO_USER": "admin"})
    message = str(caught.value)
    assert "ODOO_DB, ODOO_PASSWORD are not" in message
    assert "\n" not in message


def test_password_never_shows_in_repr_or_safe_url():
    target = target_from_env(FULL | {"ODOO_URL": "http://bob:pw@odoo:8069"})
    assert "s3cret" not in repr(target)
    assert target.safe_url == "http://odoo:8069"
    assert "pw" not in repr(target)


def test_redact_hides_passwords_keys_and_session_ids_at_any_depth():
    call = {"vals": [{"login": "bob", "password": "x", "api_key": "k"}], "session_id": "abc", "qty": 3}
    assert redact(call) == {
        "vals": [{"login": "bob", "password": "***", "api_key": "***"}],
        "session_id": "***",
        "qty": 3,
    }


def test_scenario_seed_depends_on_run_seed_and_test_id_only():
    assert scenario_seed(7, "t[1]") == scenario_seed(7, "t[1]")
    assert scenario_seed(7, "t[1]") != scenario_seed(7, "t[2]")
    assert scenario_seed(7, "t[1]") != scenario_seed(8, "t[1]")


def test_namespaces_differ_by_worker_and_test():
    a = Namespace("gl01", "gw0", "t[1]")
    assert a.prefix != Namespace("gl01", "gw1", "t[1]").prefix != Namespace("gl01", "gw0", "t[2]").prefix
    assert a.code("widget").startswith(a.prefix) and a.worker_prefix == "gl01-gw0"


def test_template_name_is_cached_by_version_and_module_set():
    assert template_name("17.0-20240709", ("stock", "sale")) == template_name(
        "17.0-20240709", ("sale", "stock")
    )
    assert template_name("17.0", ("stock",)) != template_name("17.0", ("stock", "mrp"))
    assert template_name("17.0-20240709", ("stock",)).startswith("golive_tpl_17_")
