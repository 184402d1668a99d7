#!/usr/bin/env bash
# The shared mirror benchmark (../shared/bench/mirror) of a 2-worker cluster run beside a local
# crawl of the same mirror, in the same run: presswatch-local is bench/mirror.sh's presswatch
# (PW_FAST=1: download_delay 0, concurrency_per_domain 16), presswatch-cluster-Ww is
# bench/mirror_cluster_peer.sh (redis-server on a free port, W workers, dispatch, one ingest).
# Both are timed, measured (CPU s, peak RSS of the process tree) and scored (recall,
# duplicates) by run_all.sh exactly as any peer.
# Usage (root, from the repository root): bash bench/mirror_cluster.sh 1000 [W=2]
# Results: /tmp/bench-mirror/N/results.md (runs/presswatch-local.*, runs/presswatch-cluster-2w.*).
# nginx is left as found: started and stopped by run_all.sh unless it was already running.
set -euo pipefail
articles=${1:-1000}
workers=${2:-2}
root=$(cd "$(dirname "$0")/.." && pwd)
mirror=${MIRROR:-$root/../shared/bench/mirror}
pw=$root/.venv/bin/presswatch
keep=()
if [ -f "/tmp/bench-mirror/$articles/server/nginx.pid" ] && \
   kill -0 "$(cat "/tmp/bench-mirror/$articles/server/nginx.pid")" 2>/dev/null; then
  keep=(--keep-server)
fi
PATH=$root/.venv/bin:$PATH bash "$mirror/run_all.sh" --articles "$articles" --reuse-site --peers "" \
  "${keep[@]}" \
  --peer presswatch-local="PW_FAST=1 PW=$pw bash $mirror/peers/presswatch_peer.sh {seeds} {out} {site}" \
  --peer presswatch-cluster-${workers}w="MIRROR=$mirror PW_WORKERS=$workers PW=$pw bash $root/bench/mirror_cluster_peer.sh {seeds} {out} {site}"
