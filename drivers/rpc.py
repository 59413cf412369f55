"""The RPC client: one logged-in Odoo web session per user, and the one call method every step uses.

Calls go through the web session's ``/web/dataset/call_kw`` endpoint on a keep-alive HTTP connection.
A password that is really an API key cannot open a web session on Odoo 17, so such logins fall back to
``/jsonrpc`` ``execute_kw``. Every call has a timeout, is counted, and is logged (arguments redacted)::

    client = OdooRpc.login("http://127.0.0.1:8069", "staging", "admin", "secret")
    partner_ids = client.call("res.partner", "search", [[("is_company", "=", True)]], limit=5)
    client.stats.calls  # -> 1
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from typing import Any

import requests

from drivers.errors import ConnectionProblem, OdooError

#: (connect, read) timeouts in seconds; validating a large picking can take a while.
DEFAULT_TIMEOUT: tuple[float, float] = (5.0, 300.0)
_SECRET_KEYS = frozenset({"password", "new_password", "api_key", "key", "session_id", "token"})


def redact(value: Any) -> Any:
    """Return ``value`` with every password, API key or session id replaced by ``'***'``.

    >>> redact({"login": "bob", "password": "hunter2", "ids": [1]})
    {'login': 'bob', 'password': '***', 'ids': [1]}
    """
    if isinstance(value, dict):
        return {k: "***" if str(k).lower() in _SECRET_KEYS else redact(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(redact(v) for v in value)
    return value


@dataclass(frozen=True)
class CallRecord:
    """One Odoo call as it appears in a report: arguments redacted, duration in milliseconds."""

    model: str
    method: str
    args: Any
    kwargs: Any
    ms: float
    error: str | None = None


@dataclass
class CallStats:
    """What a client has sent: the call count (a machine-independent figure) and a log of recent calls."""

    calls: int = 0
    log: list[CallRecord] = field(default_factory=list)
    keep: int = 200

    def record(self, entry: CallRecord) -> None:
        self.calls += 1
        self.log.append(entry)
        if len(self.log) > self.keep:
            del self.log[: len(self.log) - self.keep]


class OdooRpc:
    """A logged-in Odoo user. Build it with :meth:`login`; call Odoo with :meth:`call`."""

    def __init__(
        self,
        url: str,
        db: str,
        login: str,
        uid: int,
        http: requests.Session,
        *,
        password: str | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    ) -> None:
        self.url = url.rstrip("/")
        self.db = db
        self.login_name = login
        self.uid = uid
        self.timeout = timeout
        self.stats = CallStats()
        self._http = http
        # Kept only for the execute_kw fallback (API keys); never logged, never part of repr().
        self._password = password
        self._ids = itertools.count(1)
        #: Context keys sent with every call (a call's own ``context`` wins), e.g. ``allowed_company_ids``
        #: while a scenario runs in a company of its own; set through :meth:`use_default_context`.
        self.default_context: dict[str, Any] = {}

    def __repr__(self) -> str:
        return f"OdooRpc(url={self.url!r}, db={self.db!r}, login={self.login_name!r}, uid={self.uid})"

    @property
    def uses_web_session(self) -> bool:
        """True when calls go through /web/dataset/call_kw (False: the API-key execute_kw fallback)."""
        return self._password is None

    # -- logging in -------------------------------------------------------------------------------

    @classmethod
    def login(
        cls, url: str, db: str, login: str, password: str, *, timeout: tuple[float, float] = DEFAULT_TIMEOUT
    ) -> OdooRpc:
        """Open a web session for ``login``; fall back to /jsonrpc when ``password`` is an API key.

        Raises :class:`ConnectionProblem` with one line naming what is wrong (URL, server, database,
        credentials) and never the password.
        """
        url = url.rstrip("/")
        http = requests.Session()
        reply = _post(
            http,
            f"{url}/web/session/authenticate",
            {"db": db, "login": login, "password": password},
            timeout,
            what=f"Odoo at {url}",
        )
        error = reply.get("error")
        if error is None and reply.get("result", {}).get("uid"):
            return cls(url, db, login, reply["result"]["uid"], http, timeout=timeout)
        name = (error or {}).get("data", {}).get("name", "")
        if error and "AccessDenied" not in name:
            raise _login_problem(url, db, login, error)
        # Odoo 17 refuses API keys for web sessions: try the external API, which accepts them.
        uid = _jsonrpc(http, url, timeout, "common", "authenticate", [db, login, password, {}])
        if not uid:
            raise ConnectionProblem(
                f"Odoo at {url} refused the login {login!r} on database {db!r}: wrong user or password "
                "(check ODOO_USER and ODOO_PASSWORD)"
            )
        return cls(url, db, login, uid, http, password=password, timeout=timeout)

    # -- calling ----------------------------------------------------------------------------------

    def use_default_context(self, **context: Any) -> None:
        """Send ``context`` with every later call (replacing the previous default; none clears it)::

        client.use_default_context(allowed_company_ids=[7, 1])   # acts in company 7 from now on
        client.use_default_context()                             # back to the user's own company
        """
        self.default_context = dict(context)

    def call(self, model: str, method: str, *args: Any, **kwargs: Any) -> Any:
        """Call ``model.method(*args, **kwargs)`` as this user and return Odoo's result.

        Raises :class:`OdooError` carrying Odoo's own message when Odoo refuses.
        """
        if self.default_context:
            kwargs = {**kwargs, "context": {**self.default_context, **(kwargs.get("context") or {})}}
        started = time.perf_counter()
        try:
            if self._password is None:
                params = {"model": model, "method": method, "args": list(args), "kwargs": kwargs}
                reply = _post(
                    self._http,
                    f"{self.url}/web/dataset/call_kw/{model}/{method}",
                    params,
                    self.timeout,
                    what=f"Odoo at {self.url}",
                    rpc_id=next(self._ids),
                )
                if "error" in reply:
                    raise self._odoo_error(reply["error"], model, method)
                result = reply.get("result")
            else:
                result = _jsonrpc(
                    self._http,
                    self.url,
                    self.timeout,
                    "object",
                    "execute_kw",
                    [self.db, self.uid, self._password, model, method, list(args), kwargs],
                    on_error=lambda e: self._odoo_error(e, model, method),
                )
        except Exception as exc:
            self._log(model, method, args, kwargs, started, error=str(exc))
            raise
        self._log(model, method, args, kwargs, started)
        return result

    def version(self) -> dict[str, Any]:
        """The server's version info (``server_version_info`` is ``[17, 0, 0, 'final', 0, '']`` or so)."""
        return _jsonrpc(self._http, self.url, self.timeout, "common", "version", [])

    def _odoo_error(self, error: dict[str, Any], model: str, method: str) -> OdooError:
        data = error.get("data") or {}
        message = (data.get("message") or error.get("message") or "unknown error").strip()
        return OdooError(message, name=data.get("name", ""), model=model, method=method, user=self.login_name)

    def _log(
        self, model: str, method: str, args: Any, kwargs: Any, started: float, error: str | None = None
    ) -> None:
        ms = (time.perf_counter() - started) * 1000
        self.stats.record(CallRecord(model, method, redact(list(args)), redact(kwargs), round(ms, 1), error))


def server_version(url: str, *, timeout: tuple[float, float] = DEFAULT_TIMEOUT) -> dict[str, Any]:
    """Ask an Odoo server for its version without logging in (raises ConnectionProblem when unreachable)."""
    return _jsonrpc(requests.Session(), url.rstrip("/"), timeout, "common", "version", [])


def _post(
    http: requests.Session,
    endpoint: str,
    params: dict[str, Any],
    timeout: tuple[float, float],
    *,
    what: str,
    rpc_id: int = 0,
) -> dict[str, Any]:
    payload = {"jsonrpc": "2.0", "method": "call", "params": params, "id": rpc_id}
    try:
        response = http.post(endpoint, json=payload, timeout=timeout)
    except requests.exceptions.ConnectTimeout as exc:
        raise ConnectionProblem(
            f"{what} did not answer within {timeout[0]:g} s (is ODOO_URL right?)"
        ) from exc
    except requests.exceptions.ConnectionError as exc:
        raise ConnectionProblem(
            f"{what} is not reachable: connection refused or host unknown "
            "(is Odoo running, is ODOO_URL right?)"
        ) from exc
    except requests.exceptions.ReadTimeout as exc:
        raise ConnectionProblem(f"{what} did not reply within {timeout[1]:g} s") from exc
    if response.status_code == 404:
        raise ConnectionProblem(
            f"{what} answered 404 for {endpoint.split('/', 3)[-1]!r}: "
            "this URL does not look like an Odoo server (is ODOO_URL right?)"
        )
    try:
        reply = response.json()
    except ValueError as exc:
        raise ConnectionProblem(
            f"{what} answered HTTP {response.status_code} with something that is not "
            "JSON-RPC: this URL does not look like an Odoo server (is ODOO_URL right?)"
        ) from exc
    # Odoo leaves "result" out when a method returns None.
    if not isinstance(reply, dict) or reply.get("jsonrpc") != "2.0":
        raise ConnectionProblem(f"{what} did not answer JSON-RPC (is ODOO_URL right?)")
    return reply


def _jsonrpc(
    http: requests.Session,
    url: str,
    timeout: tuple[float, float],
    service: str,
    method: str,
    args: list[Any],
    on_error: Any = None,
) -> Any:
    reply = _post(
        http,
        f"{url}/jsonrpc",
        {"service": service, "method": method, "args": args},
        timeout,
        what=f"Odoo at {url}",
    )
    if "error" in reply:
        if on_error is not None:
            raise on_error(reply["error"])
        raise _login_problem(url, args[0] if args else "", "", reply["error"])
    return reply["result"]


def _login_problem(url: str, db: Any, login: str, error: dict[str, Any]) -> ConnectionProblem:
    data = error.get("data") or {}
    message = (data.get("message") or error.get("message") or "").strip()
    low = message.lower()
    unknown_db = "database" in low and ("not exist" in low or "not found" in low)
    if unknown_db or "KeyError" in data.get("name", ""):
        return ConnectionProblem(f"Odoo at {url} has no database {db!r} (check ODOO_DB)")
    who = f" for {login!r}" if login else ""
    return ConnectionProblem(
        f"Odoo at {url} refused the login{who} on database {db!r}: {message or 'unknown error'}"
    )
