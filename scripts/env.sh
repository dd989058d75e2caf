# Countervoice's environment, in one place: `npm start` (scripts/start.sh), `npm test`
# (scripts/test.sh) and CI (.ci/run) source this file and call `cv_env app|test`, or its steps.
#
#   cv_node       Node as new as package.json `engines` asks: the machine's if it is, otherwise
#                 node@<major> from the npm registry in ${CV_NODE_CACHE:-~/.cache/cv-node}, put
#                 first on PATH.
#   cv_services   PostgreSQL and Redis where the app (or the tests) will look for them: started when
#                 installed but stopped; when missing, says which, where it looked and how to
#                 install them, and fails.
#   cv_chromium   the browser the UI tests drive (installed with apt-get when root).
#   cv_install    `npm ci` only when package-lock.json or the Node major changed since last time.
#   cv_build      `npm run build` only when a build input changed since the last build.
#
# Bash, sourced: functions return non-zero on failure and never exit the caller's shell.

CV_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CV_STARTED="${CV_STARTED:-$(date +%s)}"
export CV_STARTED

cv_say() { printf 'countervoice: %s\n' "$*"; }
cv_fail() { printf 'countervoice: %s\n' "$*" >&2; }
cv_elapsed() { echo "$(($(date +%s) - CV_STARTED))s"; }
cv_step() { printf '\n== %s (%s)\n' "$*" "$(cv_elapsed)"; }
cv_is_root() { [ "$(id -u)" = 0 ]; }

cv_sha256() {
  if command -v sha256sum >/dev/null; then sha256sum; else shasum -a 256; fi | cut -c1-64
}

# The major version of the node binary $1, or nothing when it does not run.
cv_node_major() { "$1" --version 2>/dev/null | sed -n 's/^v\([0-9][0-9]*\).*/\1/p'; }

# The major version package.json `engines.node` starts from (">=24" -> 24).
cv_wanted_node_major() {
  awk '/"engines"/ { e = 1 } e && /"node"/ { if (match($0, /[0-9]+/)) print substr($0, RSTART, RLENGTH); exit }' \
    "$CV_ROOT/package.json"
}

cv_node() {
  local want have cache
  want="$(cv_wanted_node_major)"
  have="$(cv_node_major node)"
  if [ -n "$have" ] && [ "$have" -ge "$want" ]; then
    cv_say "Node $(node --version) ($(command -v node))"
    return 0
  fi
  cache="${CV_NODE_CACHE:-$HOME/.cache/cv-node}"
  if [ "$(cv_node_major "$cache/node_modules/.bin/node")" != "" ] &&
    [ "$(cv_node_major "$cache/node_modules/.bin/node")" -ge "$want" ]; then
    :
  elif ! command -v npm >/dev/null; then
    cv_fail "Countervoice needs Node $want or newer, and there is no npm here to fetch it with:" \
      "install Node $want from https://nodejs.org"
    return 1
  else
    cv_say "Node ${have:+v$have }is older than $want: installing node@$want from the npm registry into $cache"
    mkdir -p "$cache" &&
      npm install --prefix "$cache" --no-save --no-audit --no-fund --loglevel=error "node@$want" ||
      {
        cv_fail "could not install node@$want into $cache; install Node $want from https://nodejs.org"
        return 1
      }
  fi
  export PATH="$cache/node_modules/.bin:$PATH"
  hash -r
  # Under `npm start` these still name the Node that runs npm; tools that spawn Node read them.
  NODE="$(command -v node)"
  export NODE npm_node_execpath="$NODE"
  cv_say "Node $(node --version) ($cache)"
}

# "host port" of a postgres:// or redis:// URL (port $2 when the URL names none).
cv_host_port() {
  local rest="${1#*://}"
  rest="${rest%%/*}"
  rest="${rest%%\?*}"
  rest="${rest##*@}"
  case "$rest" in
    \[*\]:*) echo "${rest%%]*}] ${rest##*]:}" ;;
    \[*\]) echo "$rest $2" ;;
    *:*) echo "${rest%%:*} ${rest##*:}" ;;
    *) echo "$rest $2" ;;
  esac
}

cv_is_local() { case "$1" in 127.0.0.1 | localhost | ::1 | \[::1\]) return 0 ;; *) return 1 ;; esac; }

cv_bare_host() { local host="${1#[}"; echo "${host%]}"; }

cv_tcp_open() {
  local host
  host="$(cv_bare_host "$1")"
  if command -v timeout >/dev/null; then
    timeout 3 bash -c ": <>/dev/tcp/$host/$2" 2>/dev/null
  else
    bash -c ": <>/dev/tcp/$host/$2" 2>/dev/null
  fi
}

cv_postgres_answers() {
  if command -v pg_isready >/dev/null; then pg_isready -h "$(cv_bare_host "$1")" -p "$2" -q 2>/dev/null
  else cv_tcp_open "$1" "$2"; fi
}

# Something listening is enough: a Redis behind a password or TLS answers redis-cli with an error.
cv_redis_answers() { cv_tcp_open "$1" "$2"; }

# A fresh PostgreSQL often refuses the default user (Debian asks TCP clients for a password,
# Homebrew has no `postgres` role): say so now rather than after the app's start-up timeout.
cv_postgres_signs_in() { # url host port
  command -v psql >/dev/null || return 0
  local base="${1%%\?*}" rest error
  rest="${base#*://}"
  case "$rest" in */*) base="${base%/*}" ;; esac
  error="$(PGCONNECT_TIMEOUT=5 psql "$base/postgres${1#"${1%%\?*}"}" -Atqc 'select 1' 2>&1 >/dev/null)" &&
    return 0
  case "$error" in *password* | *role* | *authentication* | *pg_hba*) ;; *) return 0 ;; esac
  cv_fail "PostgreSQL on $2:$3 answers but refuses the sign-in: ${error%%$'\n'*}"
  cv_fail "Set DATABASE_URL (TEST_DATABASE_URL for the tests) to postgres://USER:PASSWORD@$2:$3/countervoice" \
    "for a user that may create databases, or let the local postgres user in: 'createuser -s postgres'" \
    "(macOS), or 'trust' for 127.0.0.1 in pg_hba.conf (Debian/Ubuntu, development only)."
  return 1
}

cv_wait_for() { # what check host port
  local i
  for i in $(seq 1 30); do
    "$2" "$3" "$4" && return 0
    sleep 1
  done
  cv_fail "$1 still does not answer on $3:$4 after 30s"
  return 1
}

# Where a missing service was looked for and how to install it, per platform.
CV_PG_LOOKED='pg_ctlcluster, pg_ctl and postgres in PATH, /usr/lib/postgresql/*/bin, /opt/homebrew/opt/postgresql*/bin and /usr/local/opt/postgresql*/bin'
CV_REDIS_LOOKED='redis-server in PATH, /usr/sbin, /opt/homebrew/bin and /usr/local/bin'

cv_find_redis_server() {
  command -v redis-server 2>/dev/null && return 0
  local bin
  for bin in /usr/sbin/redis-server /opt/homebrew/bin/redis-server /usr/local/bin/redis-server; do
    [ -x "$bin" ] && echo "$bin" && return 0
  done
  return 1
}

cv_postgres_installed() {
  command -v pg_ctlcluster >/dev/null || command -v pg_ctl >/dev/null ||
    command -v postgres >/dev/null || compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null ||
    compgen -G '/opt/homebrew/opt/postgresql*/bin/postgres' >/dev/null ||
    compgen -G '/usr/local/opt/postgresql*/bin/postgres' >/dev/null
}

cv_brew_formula() { # the installed Homebrew formula matching $1 (a regex), if any
  command -v brew >/dev/null && brew list --formula 2>/dev/null | grep -E "^($1)\$" | head -1
}

cv_start_postgres() { # port
  local cluster formula version name owner
  if command -v pg_lsclusters >/dev/null; then
    # Debian/Ubuntu: the cluster configured for this port, started the way its packaging does.
    cluster="$(pg_lsclusters -h 2>/dev/null | awk -v port="$1" '$3 == port { print $1, $2, $5; exit }')"
    if [ -n "$cluster" ]; then
      read -r version name owner <<<"$cluster"
      cv_say "PostgreSQL $version/$name is installed but stopped: starting it"
      if cv_is_root || [ "$(id -un)" = "$owner" ]; then
        pg_ctlcluster --skip-systemctl-redirect "$version" "$name" start && return 0
      else
        cv_fail "start it with: sudo pg_ctlcluster $version $name start"
        return 1
      fi
    fi
  fi
  formula="$(cv_brew_formula 'postgresql(@[0-9]+)?')"
  if [ -n "$formula" ]; then
    cv_say "PostgreSQL ($formula) is installed but stopped: brew services start $formula"
    brew services start "$formula" && return 0
  fi
  cv_fail "PostgreSQL is installed but no server for port $1 was found to start (looked with" \
    "pg_lsclusters and brew services): start it yourself, or point DATABASE_URL at a running one"
  return 1
}

cv_start_redis() { # server-binary port
  local dir formula bind='127.0.0.1'
  formula="$(cv_brew_formula redis)"
  if [ -n "$formula" ] && [ "$2" = 6379 ]; then
    cv_say "Redis is installed but stopped: brew services start redis"
    brew services start redis && return 0
  fi
  # Redis 7 takes an optional ("-") IPv6 loopback; older ones refuse the syntax.
  case "$("$1" --version)" in *v=[0-6].*) ;; *) bind='127.0.0.1 -::1' ;; esac
  dir="${CV_STATE_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/countervoice}/redis"
  mkdir -p "$dir" || return 1
  cv_say "Redis is installed but stopped: starting $1 on 127.0.0.1:$2 (log: $dir/redis.log)"
  # shellcheck disable=SC2086 # $bind is two words on purpose
  "$1" --daemonize yes --bind $bind --port "$2" --save "" --appendonly no \
    --maxmemory-policy noeviction --dir "$dir" --logfile "$dir/redis.log"
}

cv_services() { # app|test: the app reads DATABASE_URL/REDIS_URL, the tests TEST_DATABASE_URL/TEST_REDIS_URL
  local pg_url redis_url pg_host pg_port redis_host redis_port missing=() server
  if [ "${1:-app}" = test ]; then
    pg_url="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
    redis_url="${TEST_REDIS_URL:-redis://127.0.0.1:6379}"
  else
    pg_url="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/countervoice}"
    redis_url="${REDIS_URL:-redis://127.0.0.1:6379}"
  fi
  read -r pg_host pg_port <<<"$(cv_host_port "$pg_url" 5432)"
  read -r redis_host redis_port <<<"$(cv_host_port "$redis_url" 6379)"

  if cv_postgres_answers "$pg_host" "$pg_port"; then
    cv_postgres_signs_in "$pg_url" "$pg_host" "$pg_port" || return 1
    cv_say "PostgreSQL answers on $pg_host:$pg_port"
  elif ! cv_is_local "$pg_host"; then
    cv_fail "PostgreSQL does not answer on $pg_host:$pg_port (from the database URL; not this machine, so not started here)"
    return 1
  elif cv_postgres_installed; then
    cv_start_postgres "$pg_port" && cv_wait_for PostgreSQL cv_postgres_answers "$pg_host" "$pg_port" &&
      cv_postgres_signs_in "$pg_url" "$pg_host" "$pg_port" || return 1
    cv_say "PostgreSQL answers on $pg_host:$pg_port"
  else
    cv_fail "PostgreSQL is missing: nothing answers on $pg_host:$pg_port, and there is no" \
      "PostgreSQL installed (looked for $CV_PG_LOOKED)."
    missing+=(postgresql)
  fi

  if cv_redis_answers "$redis_host" "$redis_port"; then
    cv_say "Redis answers on $redis_host:$redis_port"
  elif ! cv_is_local "$redis_host"; then
    cv_fail "Redis does not answer on $redis_host:$redis_port (from the Redis URL; not this machine, so not started here)"
    return 1
  elif server="$(cv_find_redis_server)"; then
    cv_start_redis "$server" "$redis_port" &&
      cv_wait_for Redis cv_redis_answers "$redis_host" "$redis_port" || return 1
    cv_say "Redis answers on $redis_host:$redis_port"
  else
    cv_fail "Redis is missing: nothing answers on $redis_host:$redis_port, and there is no Redis" \
      "installed (looked for $CV_REDIS_LOOKED)."
    missing+=(redis)
  fi

  [ "${#missing[@]}" = 0 ] && return 0
  local apt=() brew=() start=()
  case " ${missing[*]} " in *" postgresql "*)
    apt+=(postgresql) brew+=(postgresql@17) start+=('brew services start postgresql@17') ;;
  esac
  case " ${missing[*]} " in *" redis "*)
    apt+=(redis-server) brew+=(redis) start+=('brew services start redis') ;;
  esac
  cv_fail "Install $([ "${#missing[@]}" = 1 ] && echo it || echo them), then run the command again:"
  cv_fail "  Debian/Ubuntu: sudo apt-get install -y ${apt[*]}"
  cv_fail "  macOS:         brew install ${brew[*]} && $(printf '%s && ' "${start[@]}" | sed 's/ && $//')"
  return 1
}

cv_chromium() {
  local chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
  if [ -x "$chromium" ]; then
    cv_say "Chromium for the browser tests: $chromium"
  elif cv_is_root && command -v apt-get >/dev/null && [ -z "${CHROMIUM_PATH:-}" ]; then
    cv_say "installing Chromium for the browser tests (apt-get install chromium)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null ||
      return 1
  else
    # Not fatal: every other test runs, and the browser tests say what is missing.
    cv_say "no Chromium at $chromium, so the browser tests will fail: install it with" \
      "'sudo apt-get install -y chromium' (Debian/Ubuntu), or set CHROMIUM_PATH to Chrome or Chromium"
  fi
}

# True when node_modules holds exactly the versions package-lock.json pins (npm keeps what it
# installed in node_modules/.package-lock.json); optional packages for other platforms may be absent.
cv_installed_matches_lock() {
  [ -f "$CV_ROOT/node_modules/.package-lock.json" ] || return 1
  node -e '
    const fs = require("node:fs");
    const read = (file) => JSON.parse(fs.readFileSync(file, "utf8")).packages ?? {};
    const [wanted, installed] = [read(process.argv[1]), read(process.argv[2])];
    const off = Object.entries(wanted).find(([path, pkg]) => path !== "" &&
      (installed[path] ? installed[path].version !== pkg.version : !pkg.optional));
    process.exit(off ? 1 : 0);
  ' "$CV_ROOT/package-lock.json" "$CV_ROOT/node_modules/.package-lock.json"
}

cv_install_key() {
  echo "$(cv_sha256 <"$CV_ROOT/package-lock.json") node$(cv_node_major node)"
}

cv_install() {
  local modules="$CV_ROOT/node_modules" key stamp
  stamp="$modules/.cv-install-stamp"
  key="$(cv_install_key)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$key" ]; then
    cv_say "dependencies up to date"
    return 0
  fi
  if [ -d "$modules" ] && [ ! -f "$stamp" ] && cv_installed_matches_lock; then
    # Installed by hand (`npm ci`): nothing to do. A linked node_modules belongs to another
    # checkout, so its stamp is that checkout's to write.
    [ -L "$modules" ] || echo "$key" >"$stamp"
    cv_say "dependencies match package-lock.json"
    return 0
  fi
  if [ -L "$modules" ]; then
    # `npm ci` would empty the directory the link points to, under whoever else uses it.
    cv_say "node_modules links to $(readlink "$modules") and does not match this package-lock.json;" \
      "not reinstalling through the link: run npm ci there"
    return 0
  fi
  cv_say "installing dependencies (npm ci; package-lock.json or the Node major changed)"
  local started
  started=$(date +%s)
  # --include=dev: the build needs the dev tools even when NODE_ENV=production is set.
  (cd "$CV_ROOT" && npm ci --include=dev --no-audit --no-fund) || return 1
  echo "$key" >"$stamp"
  # npm ci ran `prepare`, which built from the current sources.
  cv_build_key >"$CV_ROOT/dist/.cv-build-stamp"
  cv_say "dependencies installed and built in $(($(date +%s) - started))s"
}

# The files `npm run build` reads; any change to one (committed or not) means a new build.
CV_BUILD_INPUTS=(src web drizzle package.json package-lock.json 'tsconfig*.json' vite.config.ts nest-cli.json)

cv_build_files() {
  if git -C "$CV_ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git -C "$CV_ROOT" ls-files -co --exclude-standard -- "${CV_BUILD_INPUTS[@]}"
  else
    # shellcheck disable=SC2068 # unquoted so that tsconfig*.json expands
    (cd "$CV_ROOT" && find ${CV_BUILD_INPUTS[@]} -type f ! -path 'web/dist/*' ! -path '*/node_modules/*' 2>/dev/null)
  fi
}

cv_build_key() {
  local hasher=(sha256sum)
  command -v sha256sum >/dev/null || hasher=(shasum -a 256)
  cv_build_files | LC_ALL=C sort -u | while IFS= read -r file; do
    [ -f "$CV_ROOT/$file" ] && printf '%s\0' "$file"
  done | (cd "$CV_ROOT" && xargs -0 "${hasher[@]}") | cv_sha256
}

cv_build() {
  local stamp="$CV_ROOT/dist/.cv-build-stamp" key started
  key="$(cv_build_key)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$key" ] && [ -f "$CV_ROOT/dist/main.js" ] &&
    [ -f "$CV_ROOT/web/dist/index.html" ]; then
    cv_say "build up to date"
    return 0
  fi
  cv_say "building (npm run build; sources changed since the last build)"
  started=$(date +%s)
  (cd "$CV_ROOT" && npm run build) || return 1
  echo "$key" >"$stamp"
  cv_say "built in $(($(date +%s) - started))s"
}

cv_env() { # app|test
  cv_node && cv_services "$1" || return 1
  if [ "$1" = test ]; then cv_chromium || return 1; fi
  cv_install && cv_build
}
