"""Test suite (a package so tests can import tests.support)."""
