"""Reusable test helpers (loopback HTTP server, hostile-server handlers)."""

from tests.support.httpserver import HTTPTestServer, Request, Tarpit, drip, endless, refused_port

__all__ = ["HTTPTestServer", "Request", "Tarpit", "drip", "endless", "refused_port"]
