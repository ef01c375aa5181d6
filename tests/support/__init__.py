"""Reusable test helpers (loopback HTTP server, hostile-server handlers)."""

from tests.support.httpserver import (
    HTTPTestServer,
    RawServer,
    Request,
    Tarpit,
    drip,
    endless,
    hang,
    refused_port,
)

__all__ = ["HTTPTestServer", "RawServer", "Request", "Tarpit", "drip", "endless", "hang",
           "refused_port"]
