#!/usr/bin/env bash
# Runs every test of the solution on a fresh Debian machine with the .NET SDK: installs what the
# tests need (system packages, a pinned helm, npm packages), builds with warnings as errors, tests.
# Extra arguments go to `dotnet test` (for example: --project tests/Api.Tests).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-prereqs.sh
scripts/install-helm.sh >/dev/null
export PATH="$PWD/.tools/bin:$PATH"
# The TypeScript MCP SDK client that the bridge tests drive (pinned by package-lock.json).
npm ci --prefix tests/McpBridge.Tests/ts-client --no-audit --no-fund --loglevel=error
# The official MCP conformance suite and the Node 22 it needs, run against local mode (pinned by package-lock.json).
npm ci --prefix tests/McpBridge.Tests/conformance --no-audit --no-fund --loglevel=error
# Real MCP servers from npm (server-everything, server-memory, server-filesystem) that the probe and stdio-front tests run (pinned by package-lock.json).
npm ci --prefix tests/mcp-servers --no-audit --no-fund --loglevel=error
# A real S3-compatible server (s3rver, wrapped by server.js to verify SigV4 signatures) that the generator's deliver tests upload to (pinned by package-lock.json).
npm ci --prefix tests/s3-server --no-audit --no-fund --loglevel=error

dotnet build Operator.sln -c Release -warnaserror
dotnet test --solution Operator.sln -c Release --no-build "$@"
