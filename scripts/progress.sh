# Sourced by the provisioning scripts: prints each step with the time since the start, runs long commands
# with their full output in a log file (its path is printed) and a heartbeat line while they run.
#   PROVISION_LOG                 the log file (the sourcing script sets a default)
#   PROVISION_HEARTBEAT_SECONDS   seconds between heartbeat lines (default 15)

progress_started=$SECONDS

elapsed() { printf '%d:%02d' $(((SECONDS - progress_started) / 60)) $(((SECONDS - progress_started) % 60)); }

log() { printf '[provision %s] %s\n' "$(elapsed)" "$*" >&2; }

# What an npm install in the current folder has unpacked so far (cheap to count: top-level folders only).
installed_so_far() {
	[[ -d node_modules ]] || return 0
	printf ', %d packages unpacked' "$(ls -d node_modules/[!.@]*/ node_modules/@*/*/ 2>/dev/null | wc -l)"
}

# run_logged "<step name>" command [args...]: the command's stdout and stderr go to $PROVISION_LOG only.
run_logged() {
	local step=$1 started=$SECONDS beat=${PROVISION_HEARTBEAT_SECONDS:-15} pid status=0
	shift
	mkdir -p "$(dirname "$PROVISION_LOG")"
	printf '\n### %s  %s\n### $ %s\n' "$(date -u +%FT%TZ)" "$step" "$*" >>"$PROVISION_LOG"
	log "$step… (full output: $PROVISION_LOG)"
	"$@" >>"$PROVISION_LOG" 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		sleep 1
		if (((SECONDS - started) % beat == 0)) && kill -0 "$pid" 2>/dev/null; then
			log "  … $step: still working, $((SECONDS - started)) s$(installed_so_far)"
		fi
	done
	wait "$pid" || status=$?
	if ((status != 0)); then
		log "$step failed (exit $status) after $((SECONDS - started)) s; the end of $PROVISION_LOG:"
		tail -n 25 "$PROVISION_LOG" >&2
		return "$status"
	fi
	log "$step: done in $((SECONDS - started)) s"
}
