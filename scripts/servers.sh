#!/usr/bin/env bash
# Private Redis, PostgreSQL and RabbitMQ on loopback, for the integration tests and benchmarks.
#
#   scripts/servers.sh install   apt-get the three servers if they are missing (needs root)
#   scripts/servers.sh start     start whatever is not running (idempotent), write .servers/env
#   scripts/servers.sh ensure    like start, but only the servers that are installed; never fails outside CI
#                                (`npm test` runs it first, so one command runs every test where the servers exist)
#   scripts/servers.sh stop      stop what this script started, by pid
#   scripts/servers.sh status
#
# Ports (override with ACB_REDIS_PORT, ACB_PG_PORT, ACB_RABBITMQ_PORT): 6390, 5440, 5680 — not the defaults, so a
# server already on the machine is never touched. `set -a; . .servers/env; set +a` exports TEST_*_URL.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${ACB_SERVERS_DIR:-$root/.servers}"
redis_port="${ACB_REDIS_PORT:-6390}"
pg_port="${ACB_PG_PORT:-5440}"
rabbit_port="${ACB_RABBITMQ_PORT:-5680}"
rabbit_dist_port=$((rabbit_port + 20000))
rabbit_node="acb${rabbit_port}@localhost"
pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
# PostgreSQL and RabbitMQ run as their own users, who must reach their data dirs: when this checkout sits under a
# directory they cannot enter, their data goes to /tmp instead.
daemon_dir="$dir"
if id postgres >/dev/null 2>&1 && ! su postgres -s /bin/sh -c "test -x '$root'" 2>/dev/null; then
  daemon_dir="/tmp/acb-servers-$(id -u)"
fi

log() { printf '[servers] %s\n' "$*" >&2; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
  local port=$1 name=$2 seconds=$3
  for _ in $(seq 1 $((seconds * 4))); do
    port_open "$port" && return 0
    sleep 0.25
  done
  log "$name did not open port $port within ${seconds}s"
  return 1
}

install() {
  local missing=()
  command -v redis-server >/dev/null || missing+=(redis-server)
  [ -n "$pg_bin" ] || missing+=(postgresql)
  command -v rabbitmq-server >/dev/null || missing+=(rabbitmq-server)
  # Browser tests of apps/api: Debian's Chromium, driven by playwright-core (no browser download).
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  if [ ${#missing[@]} -eq 0 ]; then log "redis, postgresql, rabbitmq and chromium are installed"; return 0; fi
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
  pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
}

start_redis() {
  if port_open "$redis_port"; then log "redis already on $redis_port"; return 0; fi
  mkdir -p "$dir/redis"
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --dir "$dir/redis" --pidfile "$dir/redis/redis.pid" --logfile "$dir/redis/redis.log"
  wait_port "$redis_port" redis 10
  log "redis on 127.0.0.1:$redis_port"
}

start_postgres() {
  if port_open "$pg_port"; then log "postgres already on $pg_port"; return 0; fi
  mkdir -p "$daemon_dir/pg"
  chown postgres "$daemon_dir/pg"
  if [ ! -f "$daemon_dir/pg/data/PG_VERSION" ]; then
    su postgres -s /bin/sh -c "'$pg_bin/initdb' -D '$daemon_dir/pg/data' -A trust -U acb >'$daemon_dir/pg/initdb.log' 2>&1"
  fi
  su postgres -s /bin/sh -c "'$pg_bin/pg_ctl' -D '$daemon_dir/pg/data' -l '$daemon_dir/pg/pg.log' -w -t 30 \
    -o \"-p $pg_port -k '$daemon_dir/pg' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300\" start >/dev/null"
  "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U acb -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='acb'" | grep -q 1 \
    || "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U acb acb
  log "postgres on 127.0.0.1:$pg_port (user acb, database acb)"
}

rabbit_env() {
  export RABBITMQ_NODENAME="$rabbit_node"
  export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  export RABBITMQ_NODE_PORT="$rabbit_port"
  export RABBITMQ_DIST_PORT="$rabbit_dist_port"
  export RABBITMQ_MNESIA_BASE="$daemon_dir/rabbitmq/mnesia"
  export RABBITMQ_LOG_BASE="$daemon_dir/rabbitmq/log"
  export RABBITMQ_FEATURE_FLAGS_FILE="$daemon_dir/rabbitmq/feature_flags"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$daemon_dir/rabbitmq/enabled_plugins"
  export RABBITMQ_PID_FILE="$daemon_dir/rabbitmq/rabbitmq.pid"
  export RABBITMQ_CONFIG_FILE="$daemon_dir/rabbitmq/rabbitmq"
}

start_rabbitmq() {
  if port_open "$rabbit_port"; then log "rabbitmq already on $rabbit_port"; return 0; fi
  mkdir -p "$daemon_dir/rabbitmq/mnesia" "$daemon_dir/rabbitmq/log"
  [ -f "$daemon_dir/rabbitmq/enabled_plugins" ] || echo '[].' > "$daemon_dir/rabbitmq/enabled_plugins"
  # loopback_users: guest may only connect from loopback, which is all these tests do.
  printf 'listeners.tcp.default = 127.0.0.1:%s\nloopback_users.guest = true\n' "$rabbit_port" > "$daemon_dir/rabbitmq/rabbitmq.conf"
  chown -R rabbitmq:rabbitmq "$daemon_dir/rabbitmq"
  rabbit_env
  rabbitmq-server -detached >"$daemon_dir/rabbitmq/start.log" 2>&1 || true
  if ! wait_port "$rabbit_port" rabbitmq 60; then
    tail -n 30 "$daemon_dir/rabbitmq/log/"*.log >&2 2>/dev/null || true
    return 1
  fi
  log "rabbitmq on 127.0.0.1:$rabbit_port (node $rabbit_node)"
}

write_env() {
  cat > "$dir/env" <<ENV
TEST_REDIS_URL=redis://127.0.0.1:$redis_port
TEST_POSTGRES_URL=postgres://acb@127.0.0.1:$pg_port/acb
TEST_RABBITMQ_URL=amqp://guest:guest@127.0.0.1:$rabbit_port
ENV
  log "wrote $dir/env"
}

stop_all() {
  if [ -f "$dir/redis/redis.pid" ]; then
    kill "$(cat "$dir/redis/redis.pid")" 2>/dev/null || true
    rm -f "$dir/redis/redis.pid"
    log "redis stopped"
  fi
  if [ -f "$daemon_dir/pg/data/postmaster.pid" ]; then
    su postgres -s /bin/sh -c "'$pg_bin/pg_ctl' -D '$daemon_dir/pg/data' -m fast -w stop >/dev/null" || true
    log "postgres stopped"
  fi
  if [ -d "$daemon_dir/rabbitmq" ]; then
    rabbit_env
    rabbitmqctl -n "$rabbit_node" stop "$RABBITMQ_PID_FILE" >/dev/null 2>&1 || true
    if [ -f "$RABBITMQ_PID_FILE" ]; then kill "$(cat "$RABBITMQ_PID_FILE")" 2>/dev/null || true; fi
    log "rabbitmq stopped"
  fi
  rm -f "$dir/env"
}

status() {
  for pair in "redis:$redis_port" "postgres:$pg_port" "rabbitmq:$rabbit_port"; do
    if port_open "${pair#*:}"; then echo "${pair%%:*} up (${pair#*:})"; else echo "${pair%%:*} down (${pair#*:})"; fi
  done
}

case "${1:-}" in
  install) install ;;
  start)
    mkdir -p "$dir"
    start_redis
    start_postgres
    start_rabbitmq
    write_env
    ;;
  ensure)
    mkdir -p "$dir"
    ok=1
    if command -v redis-server >/dev/null; then start_redis || ok=0; else log "redis-server not installed"; ok=0; fi
    if [ -n "$pg_bin" ]; then start_postgres || ok=0; else log "postgresql not installed"; ok=0; fi
    if command -v rabbitmq-server >/dev/null; then start_rabbitmq || ok=0; else log "rabbitmq-server not installed"; ok=0; fi
    if [ "$ok" = 1 ]; then
      write_env
    else
      rm -f "$dir/env"
      if [ "${CI:-}" = "true" ] || [ "${CI:-}" = "1" ]; then log "a server is missing and CI requires all three"; exit 1; fi
      log "*** not every server could start: integration suites that need one are SKIPPED (scripts/servers.sh install) ***"
    fi
    ;;
  stop) stop_all ;;
  status) status ;;
  *) echo "usage: $0 install|start|stop|status" >&2; exit 2 ;;
esac
