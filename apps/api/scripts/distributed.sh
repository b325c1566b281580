#!/usr/bin/env bash
# The distributed run on the local test servers: the API and N workers (default 2) on PostgreSQL + Redis, with the
# settings of settings/profiles/distributed (ACB_PROFILE=distributed). Ctrl-C (or SIGTERM) stops them all gracefully.
#
#   bash apps/api/scripts/distributed.sh [workers]        # then open http://127.0.0.1:3000 (demo@example.com / demo-password)
#
# Environment: PORT (3000), ACB_DB (acb_blocks: a database of its own on the test PostgreSQL, created when missing),
# SKIP_BUILD=1 to reuse dist/, and any ACB_* override (ACB_ADAPTERS__QUEUE__BACKEND=rabbitmq for RabbitMQ).
set -euo pipefail
cd "$(dirname "$0")/../../.."

WORKERS="${1:-2}"
[[ "$WORKERS" =~ ^[0-9]+$ ]] || { echo "usage: $0 [number of workers]" >&2; exit 2; }
DB="${ACB_DB:-acb_blocks}"
[[ "$DB" =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "ACB_DB must be a plain database name" >&2; exit 2; }

bash scripts/servers.sh ensure
set -a; . ./.servers/env; set +a
PG_PORT="${TEST_POSTGRES_URL##*:}"; PG_PORT="${PG_PORT%%/*}"
if ! psql -h 127.0.0.1 -p "$PG_PORT" -U acb -d acb -Atc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
  psql -h 127.0.0.1 -p "$PG_PORT" -U acb -d acb -qc "CREATE DATABASE $DB"
fi
[[ "${SKIP_BUILD:-}" == 1 ]] || npm run build

export ACB_PROFILE=distributed
export ACB_SQL__URL="${ACB_SQL__URL:-postgres://acb@127.0.0.1:$PG_PORT/$DB}"
export ACB_ADAPTERS__QUEUE__REDIS__URL="${ACB_ADAPTERS__QUEUE__REDIS__URL:-$TEST_REDIS_URL/0}"
export ACB_CACHE__URL="${ACB_CACHE__URL:-$TEST_REDIS_URL/1}"
export ACB_ADAPTERS__QUEUE__RABBITMQ__URL="${ACB_ADAPTERS__QUEUE__RABBITMQ__URL:-$TEST_RABBITMQ_URL}"
# RabbitMQ cannot look a message up by id: task records go to a status store on Redis shared by every process, so
# the API's GET /tasks/:id and the operations page see what the workers did.
if [[ "${ACB_ADAPTERS__QUEUE__BACKEND:-}" == rabbitmq ]]; then
  export ACB_ADAPTERS__QUEUE__BACKEND_OPTIONS__STATUS_STORE_URL="${ACB_ADAPTERS__QUEUE__BACKEND_OPTIONS__STATUS_STORE_URL:-$TEST_REDIS_URL/2}"
fi

pids=()
stop() {
  trap - INT TERM EXIT
  [[ ${#pids[@]} -gt 0 ]] && kill -TERM "${pids[@]}" 2>/dev/null || true
  wait || true
}
trap stop INT TERM EXIT

node dist/apps/api/src/main.js &
pids+=("$!")
# NOTE: every process keeps app.name: viaQueue event tasks are named after it (acb.event:<app>:<handler>).
for _ in $(seq 1 "$WORKERS"); do
  node dist/apps/worker/src/main.js &
  pids+=("$!")
done
echo "distributed: api pid ${pids[0]}, workers ${pids[*]:1} (ACB_PROFILE=distributed, database $DB)" >&2
# The first process to exit ends the run (and the trap stops the others).
wait -n
