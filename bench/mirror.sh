#!/usr/bin/env bash
# The shared mirror benchmark (../shared/bench/mirror): presswatch beside trafilatura's crawler
# on N real article pages served by nginx on 127.0.0.1, in the same run.  presswatch runs with
# PW_FAST=1 (download_delay 0, concurrency_per_domain 16), as the peers use no delay.
# Usage (root, from the repository root): bash bench/mirror.sh 1000   (or 10000)
# Results: /tmp/bench-mirror/N/results.md (articles/s, CPU s, tree peak RSS, recall, ...).
set -euo pipefail
articles=${1:-1000}
root=$(cd "$(dirname "$0")/.." && pwd)
mirror=${MIRROR:-$root/../shared/bench/mirror}
pw=$root/.venv/bin/presswatch
bash "$mirror/run_all.sh" --articles "$articles" --reuse-site --peers trafilatura \
  --peer presswatch="PW_FAST=1 PW=$pw bash $mirror/peers/presswatch_peer.sh {seeds} {out} {site}"
