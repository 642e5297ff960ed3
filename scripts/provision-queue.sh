#!/usr/bin/env bash
# Redis and PostgreSQL servers (Debian packages) for the queue-mode end-to-end test.
set -euo pipefail
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if command -v redis-server >/dev/null 2>&1 && [[ -n "$pg_bin" && -x "$pg_bin/pg_ctl" ]]; then exit 0; fi
echo "[provision] installing Debian's redis-server and postgresql for the queue-mode test" >&2
sudo_() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }
export DEBIAN_FRONTEND=noninteractive
sudo_ apt-get install -y -q redis-server postgresql >&2 || { sudo_ apt-get update -q >&2 && sudo_ apt-get install -y -q redis-server postgresql >&2; }
