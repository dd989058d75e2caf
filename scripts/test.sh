#!/usr/bin/env bash
# `npm test [-- jest arguments]`: brings up what the tests need (scripts/env.sh), then runs Jest.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cv_env test
cd "$CV_ROOT"
# NestJS 12 is ESM-only, so Jest runs in ESM mode (see README, Development).
export NODE_OPTIONS="--experimental-vm-modules --no-warnings=ExperimentalWarning${NODE_OPTIONS:+ $NODE_OPTIONS}"
exec node_modules/.bin/jest "$@"
