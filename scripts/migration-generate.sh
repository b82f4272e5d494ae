#!/usr/bin/env bash
# Generate a migration from the difference between the entities and a freshly migrated database.
#   npm run migration:generate -- AddSomething        writes libs/schema/src/migrations/<ts>-AddSomething.ts
#   npm run migration:check                           fails if the entities and migrations disagree
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:?usage: migration-generate.sh <Name>|--check}
db_url=${DRIFT_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/tenggat_drift_test_$$}
db=${db_url##*/}
psql "${db_url%/*}/postgres" -qc "DROP DATABASE IF EXISTS \"$db\"" >/dev/null
export DATABASE_URL=$db_url
typeorm() { node -r ts-node/register/transpile-only -r tsconfig-paths/register node_modules/typeorm/cli.js "$@"; }
export TS_NODE_PROJECT=tsconfig.json
node -r ts-node/register/transpile-only -r tsconfig-paths/register apps/cli/src/migrate.ts
if [ "$mode" = "--check" ]; then
  typeorm migration:generate -d libs/schema/src/data-source.ts --check libs/schema/src/migrations/Drift
  echo "migrations and entities agree"
else
  typeorm migration:generate -d libs/schema/src/data-source.ts --pretty "libs/schema/src/migrations/$mode"
fi
psql "${db_url%/*}/postgres" -qc "DROP DATABASE IF EXISTS \"$db\"" >/dev/null
