"""Schemathesis against /openapi.json: every operation with requests drawn from its own
description, without credentials and with them. No server error, and every response must be
what the document says (status codes, content types, credentials it demands): the document is
checked for truthfulness by the same run. Bounded: a fixed number of examples per operation
(about a minute on a laptop)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.specs.openapi.checks import ignored_auth

from tests.hostile_helpers import ADMIN_KEY, API_KEY, Tracebacks, hostile_app

EXAMPLES = 60


@pytest.fixture(scope="module")
def schema(tmp_path_factory):
    app = hostile_app(tmp_path_factory.mktemp("fuzz"))
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def operations(schema) -> list:
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("credentials", [False, True], ids=["anonymous", "with-keys"])
def test_fuzz_the_documented_api(schema, credentials):
    headers = {"x-api-key": API_KEY, "x-admin-key": ADMIN_KEY} if credentials else {}
    # Sending the keys on every request is what this run is for: the check that no operation
    # accepts a request without its credentials belongs to the anonymous run.
    excluded = [ignored_auth] if credentials else []
    failures: list[str] = []
    for operation in operations(schema):
        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, phases=[Phase.generate],
                  suppress_health_check=list(HealthCheck), database=None)
        def run(case) -> None:
            case.call_and_validate(headers=headers, excluded_checks=excluded)

        with Tracebacks() as tracebacks:
            try:
                run()
            except (Exception, BaseExceptionGroup) as exc:  # one failure must not hide the others
                failures.append(f"{operation.label}: {' | '.join(str(exc).split(chr(10))[:8])}")
        failures += [f"{operation.label}: traceback {r.getMessage()}" for r in tracebacks.records]
    assert not failures, "\n".join(failures)
