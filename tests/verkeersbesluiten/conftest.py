"""Dates for the verkeersbesluit tests (shared with every test: tests/conftest.py); the approved locations they
start from are there too."""

from tests.conftest import D, om  # noqa: F401 - re-exported for the verkeersbesluit tests
