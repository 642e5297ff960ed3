#!/usr/bin/env bash
# Debian's ffmpeg (ffmpeg + ffprobe): the simulator renders the demo's real MP4 with it, the e2e test reads
# the result with ffprobe. Without it the simulator serves placeholder bytes.
set -euo pipefail
if command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1; then exit 0; fi
PROVISION_LOG="${PROVISION_LOG:-${OMNIHUMAN_RUNTIME_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-omnihuman}/provision-ffmpeg.log}"
source "$(dirname "$0")/progress.sh"
sudo_() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo -n "$@"; fi; }
export DEBIAN_FRONTEND=noninteractive
log "installing Debian's ffmpeg (renders the demo's video)"
run_logged "apt-get install ffmpeg" sudo_ apt-get install -y -q ffmpeg ||
	{ run_logged "apt-get update" sudo_ apt-get update -q && run_logged "apt-get install ffmpeg" sudo_ apt-get install -y -q ffmpeg; }
