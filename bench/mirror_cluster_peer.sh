#!/usr/bin/env bash
# presswatch through the cluster as a peer of the shared mirror benchmark (run_all.sh --peer
# NAME='bash THIS {seeds} {out} {site}'): the sites.toml presswatch_peer.sh writes with PW_FAST=1
# (download_delay 0, concurrency_per_domain 16) plus [cluster] on a redis-server started here on
# a free port, W `presswatch worker` processes (PW_WORKERS, default 2), `dispatch` of every site,
# then one `presswatch ingest --exit-when-idle` (it ends when no job is queued or running and the
# stream is empty: everything stored and indexed), the workers and Redis stopped, everything
# exported and converted as presswatch_peer.sh does.  All of it runs under run_all.sh's timer.
set -euo pipefail
seeds=$1 out=$2 site=$3
here=$(cd "$(dirname "$0")" && pwd)
mirror=${MIRROR:-$here/../../shared/bench/mirror}
PW=${PW:-presswatch}
workers=${PW_WORKERS:-2}
work=$(mktemp -d "${TMPDIR:-/tmp}/pw-cluster-peer.XXXX")
echo "[runner] presswatch-cluster: $($PW --version 2>/dev/null | head -n 1), $workers workers" >&2
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 "$mirror/peers/presswatch_config.py" "$site/manifest.json" --fast >"$work/sites.toml"
printf '\n[cluster]\nredis_url = "redis://127.0.0.1:%s/0"\n' "$port" >>"$work/sites.toml"
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" \
  --daemonize no >"$work/redis.log" 2>&1 &
redis=$!
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  kill -TERM "$redis" 2>/dev/null || true
  wait "$redis" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 100); do
  redis-cli -p "$port" ping >/dev/null 2>&1 && break
  sleep 0.1
done
config=(--config "$work/sites.toml")
$PW "${config[@]}" --data "$work/data" dispatch >&2
for n in $(seq "$workers"); do
  # not through a shell function: $! must be the worker itself, which SIGTERM stops
  $PW "${config[@]}" --data "$work/worker-$n" worker --name "w$n" >&2 &
  pids+=($!)
done
$PW "${config[@]}" --data "$work/data" ingest --exit-when-idle >&2
cleanup
trap - EXIT
$PW "${config[@]}" --data "$work/data" export '*' -o "$work/all.jsonl" >&2
python3 "$mirror/peers/presswatch_export.py" "$work/all.jsonl" "$out"
