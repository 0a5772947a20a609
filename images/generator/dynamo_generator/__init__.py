"""Dynamo MCP sandbox generator: inspects and renders untrusted cookiecutter templates."""

PROTOCOL_VERSION = 1
