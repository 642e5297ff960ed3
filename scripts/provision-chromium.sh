#!/usr/bin/env bash
# Headless Chromium (Debian package) for the editor screenshot in the e2e tests.
set -euo pipefail
if command -v "${CHROMIUM_BIN:-/usr/bin/chromium}" >/dev/null 2>&1; then exit 0; fi
echo "[provision] installing Debian's chromium for the editor screenshot" >&2
sudo_() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }
export DEBIAN_FRONTEND=noninteractive
sudo_ apt-get install -y -q chromium >&2 || { sudo_ apt-get update -q >&2 && sudo_ apt-get install -y -q chromium >&2; }
