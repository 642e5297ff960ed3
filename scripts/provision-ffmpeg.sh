#!/usr/bin/env bash
# Debian's ffmpeg (ffmpeg + ffprobe) and espeak-ng: the simulator renders the demo's real MP4 with ffmpeg (a mouth
# that moves with the speech), speaks scripts with espeak-ng, and the e2e tests read the result with ffprobe.
# Without them the simulator serves placeholder bytes and silent speech.
set -euo pipefail
if command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1 && command -v espeak-ng >/dev/null 2>&1; then exit 0; fi
PROVISION_LOG="${PROVISION_LOG:-${OMNIHUMAN_RUNTIME_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-omnihuman}/provision-ffmpeg.log}"
source "$(dirname "$0")/progress.sh"
sudo_() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo -n "$@"; fi; }
export DEBIAN_FRONTEND=noninteractive
log "installing Debian's ffmpeg and espeak-ng (render the demo's video and speak its scripts)"
run_logged "apt-get install ffmpeg espeak-ng" sudo_ apt-get install -y -q ffmpeg espeak-ng ||
	{ run_logged "apt-get update" sudo_ apt-get update -q && run_logged "apt-get install ffmpeg espeak-ng" sudo_ apt-get install -y -q ffmpeg espeak-ng; }
