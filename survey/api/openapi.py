"""The OpenAPI 3 description of /api/v1, built with apispec and served at /api/v1/openapi.json."""
from __future__ import annotations

from typing import Any

from apispec import APISpec

_ERROR = {"$ref": "#/components/schemas/Error"}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ERROR}}}


SCHEMAS: dict[str, dict[str, Any]] = {
    "Error": {
        "type": "object",
        "required": ["error", "status"],
        "properties": {
            "error": {"type": "string", "description": "What went wrong, in the user's language"},
            "code": {"type": "string", "description": "Stable code the page acts on",
                     "enum": ["login_required", "csrf", "malformed_json", "bad_batch", "batch_too_large",
                              "out_of_scope", "busy"]},
            "detail": {"type": "string", "nullable": True},
            "status": {"type": "integer"},
            "login": {"type": "boolean", "description": "True when logging in again will let the request pass"},
            "limit": {"type": "integer", "description": "Largest batch accepted (413 only)"},
            "items": {"type": "array", "items": {"type": "string"},
                      "description": "Client UUIDs of items outside the sender's scope (403 only)"},
            "areas": {"type": "array", "items": {"type": "string"}},
        },
    },
    "Session": {
        "type": "object",
        "required": ["username", "role", "csrf_token", "batch_limit"],
        "properties": {
            "username": {"type": "string"},
            "full_name": {"type": "string"},
            "role": {"type": "string", "enum": ["admin", "officer", "leader"]},
            "areas": {"type": "array", "items": {"type": "string"}, "description": "Area codes in scope"},
            "csrf_token": {"type": "string", "description": "Send as the X-CSRFToken header on every POST"},
            "batch_limit": {"type": "integer", "description": "Most items one POST /submissions may carry"},
        },
    },
    "SubmissionItem": {
        "type": "object",
        "required": ["client_uuid", "wave", "area", "answers"],
        "properties": {
            "client_uuid": {"type": "string", "format": "uuid",
                            "description": "Made by the phone when the interview starts; the idempotency key"},
            "wave": {"type": "string", "example": "VT-2026Q4-CT09"},
            "area": {"type": "string", "description": "Residential group code", "example": "VT-01"},
            "answers": {"type": "object", "additionalProperties": True,
                        "description": "Keyed by question id: a value or a list of values, as a form sends them"},
            "started_at": {"type": "string", "format": "date-time"},
            "finished_at": {"type": "string", "format": "date-time",
                            "description": "When the interview ended on the phone (kept as the submission time)"},
        },
    },
    "SubmissionBatch": {
        "type": "object",
        "required": ["items"],
        "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/SubmissionItem"}}},
    },
    "ItemResult": {
        "type": "object",
        "required": ["client_uuid", "status"],
        "properties": {
            "client_uuid": {"type": "string", "nullable": True},
            "status": {"type": "string", "enum": ["created", "duplicate", "rejected"]},
            "receipt": {"type": "string", "description": "Receipt code of the stored response (own ones only)"},
            "reason": {"type": "string", "enum": ["client_uuid", "malformed", "unknown_wave", "unknown_area",
                                                  "wave_closed", "area_not_in_wave", "invalid_answers"]},
            "errors": {"type": "object", "additionalProperties": {"type": "string"},
                       "description": "Message per question id when answers were refused"},
        },
    },
    "BatchResult": {
        "type": "object",
        "required": ["results", "counts"],
        "properties": {
            "results": {"type": "array", "items": {"$ref": "#/components/schemas/ItemResult"},
                        "description": "One result per item, in the order sent"},
            "counts": {"type": "object", "properties": {
                "created": {"type": "integer"}, "duplicate": {"type": "integer"}, "rejected": {"type": "integer"}}},
        },
    },
}

PATHS: dict[str, dict[str, Any]] = {
    "/me": {"get": {
        "summary": "Who is logged in, the CSRF token for POSTs and the batch size limit",
        "operationId": "getSession",
        "security": [{"sessionCookie": []}],
        "responses": {
            "200": {"description": "The logged-in user",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Session"}}}},
            "401": _error("Not logged in, or the session ended (log in again; the phone keeps its queue)"),
        },
    }},
    "/submissions": {"post": {
        "summary": "Sync a batch of assisted interviews collected offline; each is stored exactly once",
        "description": "Each item is judged alone: created, duplicate (its client UUID is already stored for the "
                       "wave) or rejected with the reason. Repeating a batch, whole or in part, stores nothing "
                       "twice. A batch naming a group outside the sender's scope is refused whole (403, audited).",
        "operationId": "postSubmissions",
        "security": [{"sessionCookie": [], "csrfHeader": []}],
        "requestBody": {"required": True, "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/SubmissionBatch"}}}},
        "responses": {
            "200": {"description": "Per-item results",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/BatchResult"}}}},
            "400": _error("Malformed JSON, or a body without an items list (the reason is given)"),
            "401": _error("Not logged in, or the session ended"),
            "403": _error("Missing or wrong CSRF token (code csrf), or items outside the sender's scope "
                          "(code out_of_scope, with their client UUIDs)"),
            "413": _error("More items than the batch limit, or a body over the size limit"),
            "503": _error("The database was busy; nothing is lost, send the batch again later"),
        },
    }},
    "/openapi.json": {"get": {
        "summary": "This description",
        "operationId": "getOpenAPI",
        "security": [],
        "responses": {"200": {"description": "OpenAPI 3 document", "content": {"application/json": {}}}},
    }},
}


def build_spec() -> dict[str, Any]:
    """The OpenAPI document as a dict (servers relative to the site, so it is right behind any proxy)."""
    spec = APISpec(
        title="Thước Đo API", version="1.0.0", openapi_version="3.0.3",
        info={"description": "JSON API of Thước Đo. Authentication is the logged-in session cookie; every POST "
                             "carries the CSRF token from GET /me in the X-CSRFToken header."},
        servers=[{"url": "/api/v1"}],
    )
    spec.components.security_scheme("sessionCookie", {"type": "apiKey", "in": "cookie", "name": "session"})
    spec.components.security_scheme("csrfHeader", {"type": "apiKey", "in": "header", "name": "X-CSRFToken"})
    for name, schema in SCHEMAS.items():
        spec.components.schema(name, schema)
    for path, operations in PATHS.items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()
