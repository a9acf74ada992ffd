"""/api/v1/openapi.json describes every route of the API, and is a valid OpenAPI 3 document."""
import re

import pytest


def _spec(client):
    answer = client.get("/api/v1/openapi.json")
    assert answer.status_code == 200 and answer.is_json
    return answer.json


def test_the_spec_is_valid_openapi(client):
    validator = pytest.importorskip("openapi_spec_validator")
    validator.validate(_spec(client))


def test_every_api_route_is_described_with_its_methods(client, app):
    spec = _spec(client)
    assert spec["openapi"].startswith("3.") and spec["servers"] == [{"url": "/api/v1"}]
    routes = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api."):
            path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
            routes[path] = {m.lower() for m in rule.methods - {"HEAD", "OPTIONS"}}
    assert routes == {path: set(operations) for path, operations in spec["paths"].items()}


def test_every_reference_resolves_and_the_sync_answers_are_described(client):
    spec = _spec(client)
    text = str(spec)
    refs = set(re.findall(r"#/components/schemas/(\w+)", text))
    assert {"SubmissionBatch", "BatchResult", "Error"} <= refs
    assert refs <= set(spec["components"]["schemas"])
    post = spec["paths"]["/submissions"]["post"]
    assert {"200", "400", "401", "403", "413"} <= set(post["responses"])
    assert {"sessionCookie", "csrfHeader"} <= set(post["security"][0])
    item = spec["components"]["schemas"]["ItemResult"]["properties"]
    assert item["status"]["enum"] == ["created", "duplicate", "rejected"]


def test_the_spec_names_every_rejection_reason_of_an_assisted_interview():
    import inspect

    from survey.api.openapi import SCHEMAS
    from survey.services import sync

    given = set(re.findall(r'"rejected", "(\w+)"', inspect.getsource(sync)))
    given |= {"client_uuid", "wave_closed", "area_not_in_wave", "invalid_answers"}  # from submit_response
    assert {"malformed", "unknown_wave", "unknown_area"} <= given
    assert given == set(SCHEMAS["ItemResult"]["properties"]["reason"]["enum"])
