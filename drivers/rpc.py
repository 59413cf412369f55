"""The RPC client: one logged-in Odoo user per client, and the one call method every step uses.

A password logs into a web session and every call goes through ``/web/dataset/call_kw`` on a keep-alive
HTTP connection, on every Odoo version. An API key cannot open a web session, so its calls take the external
API of the server's version (:data:`JSON2_SINCE`): ``/jsonrpc`` ``execute_kw`` on Odoo 16 to 18, JSON-2
(``/json/2/<model>/<method>``, ``Authorization: bearer <key>``, ``X-Odoo-Database``) from Odoo 19 on.
JSON-2 takes named arguments only, so :func:`json2_body` names the positional ones. Every call has a
timeout, is counted, and is logged (arguments redacted; the key never). When Odoo has dropped a web session
(restarted without its sessions, or expired), the client logs in again with the password it keeps (never
shown) and sends the call once more::

    client = OdooRpc.login("http://127.0.0.1:8069", "staging", "admin", "secret")
    partner_ids = client.call("res.partner", "search", [("is_company", "=", True)], limit=5)
    client.stats.calls, client.transport  # -> (1, 'call_kw')
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from typing import Any

import requests
import urllib3

from drivers.errors import ConnectionProblem, GoliveError, OdooError, ReadOnlyRefusal

#: Odoo errors that mean the transaction was rolled back by a concurrent update (safe to send again).
_ROLLED_BACK = ("SerializationFailure", "TransactionRollbackError", "DeadlockDetected")
#: How many times one call is sent when Odoo rolls it back for a concurrent update.
CONCURRENCY_RETRIES = 4
#: (connect, read) timeouts in seconds; validating a large picking can take a while.
DEFAULT_TIMEOUT: tuple[float, float] = (5.0, 300.0)
_SECRET_KEYS = frozenset(
    {"password", "new_password", "api_key", "key", "session_id", "token", "authorization"}
)

#: Odoo's error when a web session is gone (expired, or deleted on the server): log in again.
SESSION_EXPIRED = "SessionExpiredException"

#: Odoo's errors when its PostgreSQL connection broke (server restarted or gone): not Odoo refusing.
DATABASE_LOST = frozenset(
    {
        "psycopg2.OperationalError",
        "psycopg2.InterfaceError",
        "psycopg2.errors.AdminShutdown",
        "psycopg2.errors.CrashShutdown",
        "psycopg2.errors.CannotConnectNow",
    }
)

#: The first Odoo major version whose API-key calls go through JSON-2 instead of /jsonrpc execute_kw.
JSON2_SINCE = 19

#: JSON-2 names every argument. For each method golive calls with positional arguments, their names in
#: Odoo 19's signatures (odoo/orm/models.py; ir.config_parameter, res.users). Model-level methods
#: (``@api.model``) take no ids; for every other method the first positional argument is the record ids,
#: and a method in neither table (a button such as ``action_confirm``) takes ids and ``context`` only.
#: Any other positional argument is refused with a TypeError, never guessed.
MODEL_METHOD_PARAMS: dict[str, tuple[str, ...]] = {
    "create": ("vals_list",),
    "search": ("domain", "offset", "limit", "order"),
    "search_read": ("domain", "fields", "offset", "limit", "order"),
    "set_param": ("key", "value"),
    "context_get": (),
}
RECORD_METHOD_PARAMS: dict[str, tuple[str, ...]] = {
    "read": ("fields", "load"),
    "write": ("vals",),
}


class Secret(str):
    """A password or API key: a ``str`` to send, ``'***'`` to show, so tracebacks and logs never carry it.

    >>> key = Secret("0f3a9c"); [key], f"bearer {key}"
    (['***'], 'bearer 0f3a9c')
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return "'***'"


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


def json2_body(method: str, args: tuple[Any, ...] | list[Any], kwargs: dict[str, Any]) -> dict[str, Any]:
    """The JSON-2 request body of ``call(model, method, *args, **kwargs)``: every argument named.

    >>> json2_body("read", ([7], ["name"]), {"context": {"lang": "en_US"}})
    {'ids': [7], 'fields': ['name'], 'context': {'lang': 'en_US'}}
    >>> json2_body("search", ([("active", "=", True)],), {"limit": 5})
    {'domain': [('active', '=', True)], 'limit': 5}
    >>> json2_body("action_confirm", (3,), {})
    {'ids': [3]}
    """
    if method in MODEL_METHOD_PARAMS:
        names, body = MODEL_METHOD_PARAMS[method], {}
    else:
        names = RECORD_METHOD_PARAMS.get(method, ())
        ids, *args = args or [[]]
        body = {"ids": [ids] if isinstance(ids, int) else list(ids)}
    if len(args) > len(names):
        raise TypeError(
            f"{method}: {len(args)} positional argument(s) but JSON-2 knows the names of {len(names)}; "
            "pass the others by name, or add the method's parameter names to drivers/rpc.py"
        )
    body.update(zip(names, args, strict=False))
    clash = body.keys() & kwargs.keys()
    if clash:
        raise TypeError(f"{method}: {', '.join(sorted(clash))} given both by position and by name")
    return body | kwargs


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
    #: How many times the client logged in anew because Odoo had dropped its web session.
    relogins: int = 0

    def record(self, entry: CallRecord) -> None:
        self.calls += 1
        self.log.append(entry)
        if len(self.log) > self.keep:
            del self.log[: len(self.log) - self.keep]


class OdooRpc:
    """A logged-in Odoo user. Build it with :meth:`login`; call Odoo with :meth:`call`.

    ``transport`` is how calls travel: ``'call_kw'`` (web session, passwords), ``'jsonrpc'`` (API keys on
    Odoo 16 to 18) or ``'json2'`` (API keys from Odoo 19 on).
    """

    def __init__(
        self,
        url: str,
        db: str,
        login: str,
        uid: int,
        http: requests.Session,
        *,
        api_key: str | None = None,
        password: str | None = None,
        transport: str = "call_kw",
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    ) -> None:
        self.url = url.rstrip("/")
        self.db = db
        self.login_name = login
        self.uid = uid
        self.timeout = timeout
        self.transport = transport
        self.stats = CallStats()
        self._http = http
        # Kept only for the API-key transports; never logged, never part of repr().
        self._api_key = None if api_key is None else Secret(api_key)
        # Kept only to open a new web session when Odoo drops this one; never logged, never in repr().
        self._password = None if password is None else Secret(password)
        self._ids = itertools.count(1)
        #: Context keys sent with every call (a call's own ``context`` wins), e.g. ``allowed_company_ids``
        #: while a scenario runs in a company of its own; set through :meth:`use_default_context`.
        self.default_context: dict[str, Any] = {}

    def __repr__(self) -> str:
        return (
            f"OdooRpc(url={self.url!r}, db={self.db!r}, login={self.login_name!r}, uid={self.uid}, "
            f"transport={self.transport!r})"
        )

    @property
    def uses_web_session(self) -> bool:
        """True when calls go through /web/dataset/call_kw (False: an API key's external API)."""
        return self.transport == "call_kw"

    # -- logging in -------------------------------------------------------------------------------

    @classmethod
    def login(
        cls, url: str, db: str, login: str, password: str, *, timeout: tuple[float, float] = DEFAULT_TIMEOUT
    ) -> OdooRpc:
        """Open a web session for ``login``; when Odoo refuses ``password`` there, try it as an API key.

        Raises :class:`ConnectionProblem` with one line naming what is wrong (URL, server, database,
        credentials) and never the password.
        """
        url, password = url.rstrip("/"), Secret(password)
        http = requests.Session()
        reply = _authenticate(http, url, db, login, password, timeout)
        error = reply.get("error")
        if error is None and reply.get("result", {}).get("uid"):
            return cls(url, db, login, reply["result"]["uid"], http, password=password, timeout=timeout)
        name = (error or {}).get("data", {}).get("name", "")
        if error and "AccessDenied" not in name:
            raise _login_problem(url, db, login, error)
        # Web sessions refuse API keys (Odoo 17 on): log in through the version's external API.
        refused = ConnectionProblem(
            f"Odoo at {url} refused the login {login!r} on database {db!r}: wrong user or password "
            "(check ODOO_USER and ODOO_PASSWORD)"
        )
        major = int(str(server_version(url, timeout=timeout)["server_version_info"][0]).split("~")[-1])
        if major >= JSON2_SINCE:
            # A fresh connection: the refused web login may have left a session cookie, and Odoo refuses
            # a request carrying both a session and X-Odoo-Database.
            client = cls(
                url, db, login, 0, requests.Session(), api_key=password, transport="json2", timeout=timeout
            )
            try:
                client.uid = client._json2("res.users", "context_get", (), {})["uid"]
            except OdooError as exc:
                raise refused from exc
            return client
        uid = _jsonrpc(http, url, timeout, "common", "authenticate", [db, login, password, {}])
        if not uid:
            raise refused
        return cls(url, db, login, uid, http, api_key=password, transport="jsonrpc", timeout=timeout)

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
        for attempt in range(CONCURRENCY_RETRIES):
            try:
                return self._call_once(model, method, args, kwargs)
            except OdooError as exc:
                # Odoo rolled the whole transaction back (two writers met): nothing was written, so the
                # same call is sent again, as Odoo's own HTTP layer does a few times before giving up.
                if not exc.name.endswith(_ROLLED_BACK) or attempt == CONCURRENCY_RETRIES - 1:
                    raise
                time.sleep(0.2 * 2**attempt)
        raise AssertionError("unreachable")

    def _call_once(self, model: str, method: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        started = time.perf_counter()
        try:
            if self.transport == "call_kw":
                reply = self._call_kw(model, method, args, kwargs)
                if _error_name(reply).endswith(SESSION_EXPIRED) and self._password is not None:
                    self._relogin()
                    reply = self._call_kw(model, method, args, kwargs)
                if "error" in reply:
                    raise self._odoo_error(reply["error"], model, method)
                result = reply.get("result")
            elif self.transport == "json2":
                result = self._json2(model, method, args, kwargs)
            else:
                result = _jsonrpc(
                    self._http,
                    self.url,
                    self.timeout,
                    "object",
                    "execute_kw",
                    [self.db, self.uid, self._api_key, model, method, list(args), kwargs],
                    on_error=lambda e: self._odoo_error(e, model, method),
                )
        except Exception as exc:
            self._log(model, method, args, kwargs, started, error=str(exc))
            raise
        self._log(model, method, args, kwargs, started)
        return result

    def _call_kw(self, model: str, method: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict:
        params = {"model": model, "method": method, "args": list(args), "kwargs": kwargs}
        return _post(
            self._http,
            f"{self.url}/web/dataset/call_kw/{model}/{method}",
            params,
            self.timeout,
            what=f"Odoo at {self.url}",
            rpc_id=next(self._ids),
            # This client has logged in there, so the server is Odoo: it could not open the database
            # (Odoo then routes the request as if there were none; its PostgreSQL is down or restarting).
            not_found=f"Odoo could not open database {self.db!r} (is its PostgreSQL running?)",
        )

    def _relogin(self) -> None:
        """Open a new web session on the same connection after Odoo dropped this client's one."""
        reply = _authenticate(self._http, self.url, self.db, self.login_name, self._password, self.timeout)
        if "error" in reply or not (reply.get("result") or {}).get("uid"):
            raise ConnectionProblem(
                f"Odoo at {self.url} dropped the session of {self.login_name!r} on {self.db!r} and refused "
                "to log it in again (was its password changed, or the database replaced?)"
            )
        self.stats.relogins += 1

    def read_only(self) -> ReadOnlyRpc:
        """This user's calls restricted to reading (see :class:`ReadOnlyRpc`); the same connection."""
        return ReadOnlyRpc(self)

    def version(self) -> dict[str, Any]:
        """The server's version info (``server_version_info`` is ``[17, 0, 0, 'final', 0, '']`` or so)."""
        return server_version(self.url, timeout=self.timeout)

    def _json2(self, model: str, method: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """One JSON-2 call; a single-record ``create`` answers the id, as call_kw does."""
        endpoint = f"{self.url}/json/2/{model}/{method}"
        headers = {"Authorization": Secret(f"bearer {self._api_key}"), "X-Odoo-Database": self.db}
        body = json2_body(method, args, kwargs)
        response = _send(self._http, endpoint, body, self.timeout, f"Odoo at {self.url}", headers)
        try:
            reply = response.json()
        except ValueError as exc:
            raise ConnectionProblem(
                f"Odoo at {self.url} answered HTTP {response.status_code} to {endpoint.split('/', 3)[-1]!r} "
                "with something that is not JSON (is the rpc module installed, is ODOO_DB right?)"
            ) from exc
        if response.status_code != 200:
            error = reply if isinstance(reply, dict) else {}
            raise OdooError(
                str(error.get("message") or f"HTTP {response.status_code}").strip(),
                name=str(error.get("name", "")),
                model=model,
                method=method,
                user=self.login_name,
            )
        if method == "create" and isinstance((args or [kwargs.get("vals_list")])[0], dict):
            return reply[0]
        return reply

    def _odoo_error(self, error: dict[str, Any], model: str, method: str) -> GoliveError:
        data = error.get("data") or {}
        message = (data.get("message") or error.get("message") or "unknown error").strip()
        if data.get("name") in DATABASE_LOST:  # not a refusal: Odoo could not reach its database
            first = message.splitlines()[0] if message else "no message"
            return ConnectionProblem(
                f"Odoo at {self.url} lost its connection to PostgreSQL during {model}.{method}: {first}"
            )
        return OdooError(message, name=data.get("name", ""), model=model, method=method, user=self.login_name)

    def _log(
        self, model: str, method: str, args: Any, kwargs: Any, started: float, error: str | None = None
    ) -> None:
        ms = (time.perf_counter() - started) * 1000
        self.stats.record(CallRecord(model, method, redact(list(args)), redact(kwargs), round(ms, 1), error))


#: The methods a read-only client sends (``formatted_read_group`` is Odoo 19's public ``read_group``).
READ_ONLY_METHODS = frozenset(
    {"search", "search_read", "read", "read_group", "formatted_read_group", "fields_get", "search_count"}
)


class ReadOnlyRpc:
    """An :class:`OdooRpc` that only reads: any method outside :data:`READ_ONLY_METHODS` raises
    :class:`ReadOnlyRefusal` before anything is sent. The reconciler and the digital twin read Odoo through
    it, so they cannot change what they compare::

        auditor = client.read_only()
        auditor.call("stock.quant", "search_read", [("quantity", "!=", 0)], fields=["quantity"])
        auditor.call("stock.quant", "write", [1], {"quantity": 0})   # ReadOnlyRefusal, nothing sent
    """

    def __init__(self, client: OdooRpc) -> None:
        self.client = client

    def __repr__(self) -> str:
        return f"ReadOnlyRpc({self.client!r})"

    def call(self, model: str, method: str, *args: Any, **kwargs: Any) -> Any:
        """:meth:`OdooRpc.call` for a reading method; :class:`ReadOnlyRefusal` for any other."""
        if method not in READ_ONLY_METHODS:
            raise ReadOnlyRefusal(
                f"read-only client: {model}.{method} is not a reading method "
                f"({', '.join(sorted(READ_ONLY_METHODS))}); nothing was sent to Odoo"
            )
        return self.client.call(model, method, *args, **kwargs)


def server_version(url: str, *, timeout: tuple[float, float] = DEFAULT_TIMEOUT) -> dict[str, Any]:
    """Ask an Odoo server for its version without logging in (raises ConnectionProblem when unreachable).

    ``/web/webclient/version_info`` answers the same as ``/jsonrpc`` ``common.version`` and is there on
    every version, whatever API modules the database has.
    """
    url = url.rstrip("/")
    reply = _post(requests.Session(), f"{url}/web/webclient/version_info", {}, timeout, what=f"Odoo at {url}")
    if "error" in reply:
        raise _login_problem(url, "", "", reply["error"])
    return reply["result"]


def _send(
    http: requests.Session,
    endpoint: str,
    payload: dict[str, Any],
    timeout: tuple[float, float],
    what: str,
    headers: dict[str, str] | None = None,
) -> requests.Response:
    """POST ``payload`` as JSON; a network failure becomes one ConnectionProblem line."""
    try:
        return http.post(endpoint, json=payload, timeout=timeout, headers=headers)
    except requests.exceptions.ConnectTimeout as exc:
        raise ConnectionProblem(
            f"{what} did not answer within {timeout[0]:g} s (is ODOO_URL right?)"
        ) from exc
    except requests.exceptions.ConnectionError as exc:
        if exc.args and isinstance(exc.args[0], urllib3.exceptions.ProtocolError):
            # Connected, then the connection closed before any reply: the server went away mid-call.
            raise ConnectionProblem(
                f"{what} stopped answering: the connection closed before its reply to "
                f"{endpoint.split('/', 3)[-1]!r} (was Odoo stopped or restarted?)"
            ) from exc
        raise ConnectionProblem(
            f"{what} is not reachable: connection refused or host unknown "
            "(is Odoo running, is ODOO_URL right?)"
        ) from exc
    except requests.exceptions.ReadTimeout as exc:
        raise ConnectionProblem(f"{what} did not reply within {timeout[1]:g} s") from exc


def _authenticate(
    http: requests.Session, url: str, db: str, login: str, password: Any, timeout: tuple[float, float]
) -> dict[str, Any]:
    """Odoo's reply to opening a web session for ``login`` on ``http`` (the session cookie lands there)."""
    return _post(
        http,
        f"{url}/web/session/authenticate",
        {"db": db, "login": login, "password": password},
        timeout,
        what=f"Odoo at {url}",
    )


def _post(
    http: requests.Session,
    endpoint: str,
    params: dict[str, Any],
    timeout: tuple[float, float],
    *,
    what: str,
    rpc_id: int = 0,
    not_found: str = "this URL does not look like an Odoo server (is ODOO_URL right?)",
) -> dict[str, Any]:
    """One JSON-RPC request; ``not_found`` says what a 404 means here."""
    payload = {"jsonrpc": "2.0", "method": "call", "params": params, "id": rpc_id}
    response = _send(http, endpoint, payload, timeout, what)
    if response.status_code == 404:
        raise ConnectionProblem(f"{what} answered 404 for {endpoint.split('/', 3)[-1]!r}: {not_found}")
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
    return reply.get("result")  # left out when the method returns None


def _error_name(reply: dict[str, Any]) -> str:
    """The Odoo exception class of a JSON-RPC error reply ('' when the reply is no error)."""
    return str(((reply.get("error") or {}).get("data") or {}).get("name", ""))


def _login_problem(url: str, db: Any, login: str, error: dict[str, Any]) -> ConnectionProblem:
    data = error.get("data") or {}
    message = (data.get("message") or error.get("message") or "").strip()
    if data.get("name") in DATABASE_LOST:
        first = message.splitlines()[0] if message else "no message"
        return ConnectionProblem(f"Odoo at {url} lost its connection to PostgreSQL while logging in: {first}")
    low = message.lower()
    unknown_db = "database" in low and ("not exist" in low or "not found" in low)
    if unknown_db or "KeyError" in data.get("name", ""):
        return ConnectionProblem(f"Odoo at {url} has no database {db!r} (check ODOO_DB)")
    who = f" for {login!r}" if login else ""
    return ConnectionProblem(
        f"Odoo at {url} refused the login{who} on database {db!r}: {message or 'unknown error'}"
    )
