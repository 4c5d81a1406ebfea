"""One Prefect test harness per test session (it takes several seconds to start).

Use it by importing the fixture into a test module: `from tests.support.prefect import prefect_harness`
and requesting `prefect_harness` in the tests that run flows.
"""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def prefect_harness():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield
