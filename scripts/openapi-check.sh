#!/usr/bin/env bash
# The contract in CI: the committed document and client are what the code generates, and the
# document passes Spectral (our rules) and Redocly (recommended) with 0 errors and 0 warnings.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
npx ts-node -r tsconfig-paths/register --transpile-only apps/api/src/openapi-export.ts "$tmp/openapi.json" >/dev/null
npx openapi-typescript "$tmp/openapi.json" -o "$tmp/schema.ts" >/dev/null 2>&1
if ! diff -q "$tmp/openapi.json" openapi/openapi.json >/dev/null; then
  echo "openapi/openapi.json is stale: run npm run openapi:generate and commit" >&2
  diff -u openapi/openapi.json "$tmp/openapi.json" | head -40 >&2
  exit 1
fi
if ! diff -q "$tmp/schema.ts" libs/api-client/src/schema.ts >/dev/null; then
  echo "libs/api-client/src/schema.ts is stale: run npm run openapi:generate and commit" >&2
  exit 1
fi
npx spectral lint openapi/openapi.json --fail-severity=warn
npx redocly lint openapi/openapi.json --max-problems 200
echo "openapi: up to date, spectral and redocly clean"
