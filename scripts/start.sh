#!/usr/bin/env bash
# `npm start`: brings up what the app needs (scripts/env.sh), then runs it with demo data, and
# prints the URL and the demo accounts once it is ready. Production runs `node dist/main.js` with
# the heap flags below (as the Dockerfile does).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cv_env app
cd "$CV_ROOT"

port="${PORT:-3000}"
if cv_tcp_open 127.0.0.1 "$port"; then
  cv_fail "port $port is already in use (another Countervoice?): stop it, or choose a port with PORT=3001 npm start"
  exit 1
fi
export DEMO_MODE="${DEMO_MODE:-true}"

# The app takes this shell's place (same pid), so Ctrl-C and SIGTERM reach it directly and it
# shuts down cleanly; the announcer, detached from it so nobody has to reap it, watches that pid.
(node scripts/app-probe.mjs announce "$port" --pid $$ &)
exec node --max-semi-space-size=16 --max-old-space-size=512 dist/main.js
