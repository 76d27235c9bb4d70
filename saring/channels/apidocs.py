"""What the OpenAPI document says beyond what FastAPI infers, and the API reference page.

The routes read their bodies themselves (a webhook's signature covers the raw bytes; the
ingest key is checked before a byte is read), so FastAPI cannot see those bodies: they are
described here, with the credentials and the error statuses each route really answers. The
reference at /api/docs is rendered on the server from the same document: no script, nothing
from a CDN, readable offline.
"""

from __future__ import annotations

from html import escape
from typing import Any

from pydantic import BaseModel

SECURITY_SCHEMES = {
    "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key",
               "description": "the ingest key (SARING_API_KEY)"},
    "bearer": {"type": "http", "scheme": "bearer",
               "description": "the ingest key (or, on /api/admin, the admin key) as a Bearer token"},
    "basic": {"type": "http", "scheme": "basic",
              "description": "the newsroom login (SARING_ADMIN_USER, SARING_ADMIN_PASSWORD); "
                             "failed logins are throttled per address"},
    "adminKey": {"type": "apiKey", "in": "header", "name": "X-Admin-Key",
                 "description": "the newsroom key (SARING_ADMIN_KEY), for scripts"},
}

_REASONS = {
    400: "the request is malformed (bad JSON, missing fields)",
    401: "missing or wrong credentials or signature",
    403: "the route's credentials are not configured on this server",
    404: "not found",
    409: "the request contradicts itself (a question group as its own duplicate)",
    413: "the body is over the size limit",
    415: "the body must be application/json",
    429: "too many requests (searches per minute, or failed logins): see Retry-After",
    503: "the channel is not configured, or the state is unavailable",
}
# Some character that is not white space to Python's str.strip either (it also strips \x1c-\x1f).
NOT_BLANK = r"[^\s\x1c-\x1f]"
_ERROR = {"type": "object", "properties": {"error": {"type": "string"}}, "required": ["error"]}


class Received(BaseModel):
    """A webhook's acknowledgement: messages read and messages not seen before."""

    received: int
    new: int


def responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {code: {"description": _REASONS[code],
                   "content": {"application/json": {"schema": _ERROR}}} for code in codes}


def validation_errors_as_errors(schema: dict[str, Any]) -> None:
    """FastAPI documents its 422 as {"detail": [...]}; this server answers {"error": "..."}."""
    for operations in schema.get("paths", {}).values():
        for op in operations.values():
            if "422" in op.get("responses", {}):
                op["responses"]["422"] = {"description": "a parameter is missing or out of range",
                                          "content": {"application/json": {"schema": _ERROR}}}
    for name in ("HTTPValidationError", "ValidationError"):
        schema.get("components", {}).get("schemas", {}).pop(name, None)


def json_body(description: str) -> dict[str, Any]:
    return {"requestBody": {"required": True, "description": description,
                            "content": {"application/json": {"schema": {"type": "object"}}}}}


def ingest_body() -> dict[str, Any]:
    item = {"type": "object", "description": "an Article or a FactCheck as `saring extract "
            "--json` prints it (a `claim` or `verdict`, or `\"kind\": \"factcheck\"`, makes a "
            "fact-check); `url`, when given, must be http(s)",
            "properties": {"kind": {"type": "string", "enum": ["news", "factcheck"]},
                           "url": {"type": "string"}, "title": {"type": "string"},
                           "claim": {"type": "string"}, "verdict": {"type": "string"}}}
    return {"requestBody": {"required": True, "content": {
        "application/json": {"schema": {"oneOf": [item, {"type": "array", "items": item}]}},
        "application/x-ndjson": {"schema": {"type": "string", "description": "one item per line"}},
    }}}


def block_body() -> dict[str, Any]:
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": {
        "type": "object", "required": ["channel", "user_id"],
        "properties": {"channel": {"type": "string", "enum": ["whatsapp", "telegram"]},
                       "user_id": {"type": "string", "pattern": NOT_BLANK},
                       "reason": {"type": "string"}}}}}}}


def question_action_body() -> dict[str, Any]:
    from saring.channels.reportback import ACTIONS

    needs_value = ["link", "duplicate", "assign"]  # item id or URL, group id, a name

    def shape(actions: list[str], value: dict[str, Any]) -> dict[str, Any]:
        return {"type": "object", "required": ["id", "action", "value"] if "pattern" in value
                else ["id", "action"],
                "properties": {"id": {"type": "string", "description": "a question group's id"},
                               "action": {"type": "string", "enum": actions}, "value": value}}

    return {"requestBody": {"required": True, "content": {"application/json": {"schema": {"oneOf": [
        shape(needs_value, {"type": "string", "pattern": NOT_BLANK}),
        shape([a for a in ACTIONS if a not in needs_value], {"type": "string"})]}}}}}


def reference_html(schema: dict[str, Any]) -> str:
    """Every operation of the document: method, path, summary, credentials, parameters,
    statuses."""
    rows = []
    for path, operations in schema.get("paths", {}).items():
        for method, op in operations.items():
            security = " or ".join(name for option in op.get("security", []) for name in option)
            params = ", ".join(p["name"] for p in op.get("parameters", []))
            statuses = ", ".join(sorted(op.get("responses", {})))
            doc = (op.get("description") or op.get("summary") or "").strip()
            rows.append(
                f'<tr><td><b>{escape(method.upper())}</b> <code>{escape(path)}</code></td>'
                f'<td>{escape(doc)}</td><td>{escape(security or "—")}</td>'
                f'<td>{escape(params or "—")}</td><td>{escape(statuses)}</td></tr>')
    return (f'<h1>API</h1><p>{escape(schema.get("info", {}).get("description", ""))}</p>'
            '<p>The machine-readable document: <a href="/openapi.json">/openapi.json</a>.</p>'
            '<table><thead><tr><th>Route</th><th>What it does</th><th>Credentials</th>'
            '<th>Parameters</th><th>Statuses</th></tr></thead><tbody>'
            + "".join(rows) + "</tbody></table>")
