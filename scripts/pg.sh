#!/usr/bin/env bash
# PostgreSQL discovery and lifecycle for development and tests.
#
# Usage:
#   scripts/pg.sh url [DBNAME]   ensure a server and database DBNAME (default medvirk), print its URL
#   scripts/pg.sh admin-url      print a URL to the maintenance database "postgres"
#   scripts/pg.sh fresh DBNAME   drop and re-create DBNAME, print its URL
#   scripts/pg.sh drop DBNAME    drop DBNAME if it exists
#   scripts/pg.sh stop           stop the private cluster if it is running
#
# Server discovery, in order:
#   1. DATABASE_URL from the environment;
#   2. a server on 127.0.0.1:5432 (user $PGUSER or postgres, password $PGPASSWORD if set);
#      skipped when MEDVIRK_PG_PRIVATE=1;
#   3. a private cluster under .data/pg, created with the system's initdb and started with
#      pg_ctl on 127.0.0.1:$MEDVIRK_PG_PORT (default 54329). When run as root, the cluster
#      runs as the "postgres" account (or "nobody"), because PostgreSQL refuses to run as root.
#
# Only URLs are written to stdout; all diagnostics go to stderr.

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PG_DIR="$ROOT/.data/pg"
PG_DATA="$PG_DIR/data"
PG_SOCK="$PG_DIR/sock"
PG_LOG="$PG_DIR/log"
PG_READY_MARK="$PG_DIR/initialized" # written once initdb has completed
PG_LOCK="$ROOT/.data/pg.lock"
PRIVATE_PORT="${MEDVIRK_PG_PORT:-54329}"
DEFAULT_DB=medvirk
MAINTENANCE_DB=postgres

PSQL=""
PG_BINDIR=""
RUN_AS=""

log() { printf 'pg.sh: %s\n' "$*" >&2; }
die() {
	log "error: $*"
	exit 1
}

usage() {
	sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
}

valid_dbname() {
	[[ ${1:-} =~ ^[a-z_][a-z0-9_]*$ ]] || die "invalid database name '${1:-}' (must match ^[a-z_][a-z0-9_]*\$)"
}

# Percent-encode a URL component (user name or password).
urlencode() {
	local s=$1 out="" c i
	local LC_ALL=C
	for ((i = 0; i < ${#s}; i++)); do
		c=${s:i:1}
		case $c in
		[a-zA-Z0-9._~-]) out+=$c ;;
		*) out+=$(printf '%%%02X' "'$c") ;;
		esac
	done
	printf '%s' "$out"
}

# url_with_db URL DBNAME: URL with its database replaced (URL or keyword/value form).
url_with_db() {
	local url=$1 db=$2
	case $url in
	postgres://* | postgresql://*)
		local query="" scheme rest authority
		if [[ $url == *\?* ]]; then
			query="?${url#*\?}"
			url=${url%%\?*}
		fi
		scheme=${url%%://*}
		rest=${url#*://}
		authority=${rest%%/*}
		printf '%s://%s/%s%s\n' "$scheme" "$authority" "$db" "$query"
		;;
	*)
		local stripped
		stripped=$(printf '%s' "$url" | sed -E "s/(^|[[:space:]])dbname[[:space:]]*=[[:space:]]*('[^']*'|[^[:space:]]*)//g; s/^[[:space:]]+//")
		printf '%s dbname=%s\n' "$stripped" "$db"
		;;
	esac
}

# url_db URL: the database named in URL (empty if none).
url_db() {
	local url=$1
	case $url in
	postgres://* | postgresql://*)
		url=${url%%\?*}
		url=${url#*://}
		if [[ $url == */* ]]; then
			printf '%s' "${url#*/}"
		fi
		;;
	*)
		printf '%s' "$url" | sed -nE "s/.*(^|[[:space:]])dbname[[:space:]]*=[[:space:]]*'?([^'[:space:]]*).*/\2/p"
		;;
	esac
}

# ---------------------------------------------------------------------------
# Binaries

# The directory holding initdb, pg_ctl and postgres.
find_bindir() {
	[[ -n $PG_BINDIR ]] && return 0
	local d
	if command -v pg_config >/dev/null 2>&1; then
		d=$(pg_config --bindir 2>/dev/null || true)
		if [[ -n $d && -x $d/initdb && -x $d/pg_ctl ]]; then
			PG_BINDIR=$d
			return 0
		fi
	fi
	d=$(
		shopt -s nullglob
		for b in /usr/lib/postgresql/*/bin /usr/pgsql-*/bin /usr/local/pgsql/bin; do
			[[ -x $b/initdb && -x $b/pg_ctl ]] && printf '%s\n' "$b"
		done | sort -V | tail -n 1
	)
	if [[ -n $d ]]; then
		PG_BINDIR=$d
		return 0
	fi
	if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
		d=$(dirname "$(readlink -f "$(command -v initdb)")")
		if [[ -x $d/pg_ctl ]]; then
			PG_BINDIR=$d
		else
			PG_BINDIR=$(dirname "$(command -v initdb)")
		fi
		return 0
	fi
	return 1
}

find_psql() {
	[[ -n $PSQL ]] && return 0
	if find_bindir && [[ -x $PG_BINDIR/psql ]]; then
		PSQL=$PG_BINDIR/psql
	elif command -v psql >/dev/null 2>&1; then
		PSQL=$(command -v psql)
	else
		die "psql not found; install the PostgreSQL client (e.g. apt-get install postgresql-client)"
	fi
}

# run_psql URL [psql args...]: quiet, no psqlrc, stop on the first error.
run_psql() {
	local url=$1
	shift
	find_psql
	PGCONNECT_TIMEOUT=${PGCONNECT_TIMEOUT:-5} "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$url" "$@"
}

# ---------------------------------------------------------------------------
# Private cluster

private_url() { # DBNAME
	printf 'postgres://postgres@127.0.0.1:%s/%s?sslmode=disable\n' "$PRIVATE_PORT" "$1"
}

# Pick the account the cluster runs as. Only relevant as root.
pick_run_as() {
	[[ $EUID -ne 0 ]] && return 0
	[[ -n $RUN_AS ]] && return 0
	local owner=""
	if [[ -d $PG_DATA ]]; then
		owner=$(stat -c %U "$PG_DATA" 2>/dev/null || stat -f %Su "$PG_DATA" 2>/dev/null || true)
	fi
	if [[ -n $owner && $owner != root && $owner != UNKNOWN ]]; then
		RUN_AS=$owner
	elif id -u postgres >/dev/null 2>&1; then
		RUN_AS=postgres
	else
		RUN_AS=nobody
	fi
}

# as_pg_user CMD...: run CMD as the cluster's account (as root) or directly, from /,
# with the lock descriptor closed so that a started postmaster does not inherit it.
as_pg_user() {
	if [[ $EUID -ne 0 ]]; then
		(cd / && "$@") 9>&-
		return
	fi
	pick_run_as
	if command -v runuser >/dev/null 2>&1; then
		(cd / && runuser -u "$RUN_AS" -- "$@") 9>&-
	elif command -v setpriv >/dev/null 2>&1; then
		(cd / && setpriv --reuid="$RUN_AS" --regid="$(id -g "$RUN_AS")" --init-groups -- "$@") 9>&-
	elif command -v su >/dev/null 2>&1; then
		local cmd
		cmd=$(printf '%q ' "$@")
		(cd / && su -s /bin/sh -c "$cmd" "$RUN_AS") 9>&-
	else
		die "running as root and none of runuser, setpriv or su is available"
	fi
}

# As root: hand .data/pg to the cluster's account and make sure it can reach it.
prepare_ownership() {
	[[ $EUID -ne 0 ]] && return 0
	pick_run_as
	local owner
	owner=$(stat -c %U "$PG_DIR" 2>/dev/null || stat -f %Su "$PG_DIR" 2>/dev/null || true)
	if [[ $owner != "$RUN_AS" || ${1:-} == all ]]; then
		chown -R "$RUN_AS:$(id -gn "$RUN_AS")" "$PG_DIR"
	fi
	if ! as_pg_user test -w "$PG_DIR" 2>/dev/null; then
		# Walk from / down to .data, adding search (x) permission where it is missing.
		local d ancestors=()
		d=$(dirname "$PG_DIR")
		while [[ $d != / ]]; do
			ancestors=("$d" "${ancestors[@]}")
			d=$(dirname "$d")
		done
		for d in "${ancestors[@]}"; do
			if ! as_pg_user test -x "$d" 2>/dev/null; then
				log "granting search permission on $d so that '$RUN_AS' can reach $PG_DIR"
				chmod o+x "$d"
			fi
		done
		as_pg_user test -w "$PG_DIR" || die "'$RUN_AS' cannot write to $PG_DIR"
	fi
}

pg_ctl_cmd() {
	as_pg_user "$PG_BINDIR/pg_ctl" -D "$PG_DATA" "$@"
}

private_running() {
	[[ -f $PG_DATA/postmaster.pid ]] || return 1
	find_bindir || return 1
	pg_ctl_cmd status >/dev/null 2>&1
}

sq() { # single-quote a value for postgresql.conf
	printf "'%s'" "${1//\'/\'\'}"
}

write_local_conf() {
	local sockdir=$PG_SOCK
	# A Unix socket path is limited to ~107 bytes; in a deep checkout listen on TCP only.
	if ((${#PG_SOCK} + 16 > 107)); then
		sockdir=""
	fi
	local conf="$PG_DATA/medvirk.conf"
	{
		echo "# Written by scripts/pg.sh on every start; edit the script, not this file."
		echo "listen_addresses = '127.0.0.1'"
		echo "port = $PRIVATE_PORT"
		echo "unix_socket_directories = $(sq "$sockdir")"
		echo "# A disposable development cluster: trade durability for speed."
		echo "fsync = off"
		echo "synchronous_commit = off"
		echo "full_page_writes = off"
		echo "max_connections = 200"
	} >"$conf.tmp"
	mv "$conf.tmp" "$conf"
	if [[ $EUID -eq 0 ]]; then
		chown "$RUN_AS:$(id -gn "$RUN_AS")" "$conf"
	fi
}

init_private() {
	find_bindir || die "no PostgreSQL server binaries found (initdb, pg_ctl); install them (e.g. apt-get install postgresql) or set DATABASE_URL"
	log "creating a private PostgreSQL cluster in $PG_DATA (binaries: $PG_BINDIR)"
	rm -rf "$PG_DATA" "$PG_READY_MARK"
	mkdir -p "$PG_DIR"
	chmod 700 "$PG_DIR"
	prepare_ownership all

	local locale=C.UTF-8
	if command -v locale >/dev/null 2>&1 && ! locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then
		locale=C
	fi
	if ! as_pg_user "$PG_BINDIR/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale="$locale" >&2; then
		if [[ $locale == C ]]; then
			die "initdb failed"
		fi
		log "initdb with locale C.UTF-8 failed; retrying with locale C"
		as_pg_user rm -rf "$PG_DATA"
		as_pg_user "$PG_BINDIR/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C >&2 ||
			die "initdb failed"
	fi
	printf "\ninclude_if_exists = 'medvirk.conf'\n" | as_pg_user tee -a "$PG_DATA/postgresql.conf" >/dev/null
	date -u +%Y-%m-%dT%H:%M:%SZ >"$PG_READY_MARK"
}

start_private() {
	mkdir -p "$ROOT/.data"
	# Serialise concurrent callers; the descriptor is closed for every child (see as_pg_user).
	if command -v flock >/dev/null 2>&1; then
		exec 9>"$PG_LOCK"
		flock -w 120 9 || die "timed out waiting for $PG_LOCK"
	fi

	if [[ ! -f $PG_READY_MARK || ! -f $PG_DATA/PG_VERSION ]]; then
		init_private
	fi
	find_bindir || die "no PostgreSQL server binaries found (initdb, pg_ctl)"
	pick_run_as
	prepare_ownership

	if private_running; then
		release_lock
		return 0
	fi

	mkdir -p "$PG_SOCK"
	chmod 700 "$PG_SOCK"
	if [[ $EUID -eq 0 ]]; then
		chown "$RUN_AS:$(id -gn "$RUN_AS")" "$PG_SOCK"
	fi
	write_local_conf
	log "starting the private PostgreSQL cluster on 127.0.0.1:$PRIVATE_PORT (log: $PG_LOG)"
	if ! pg_ctl_cmd -l "$PG_LOG" -w -t 30 start >&2; then
		log "pg_ctl start failed; last lines of $PG_LOG:"
		tail -n 20 "$PG_LOG" >&2 || true
		exit 1
	fi

	local i
	for ((i = 0; i < 60; i++)); do
		if run_psql "$(private_url "$MAINTENANCE_DB")" -Atc 'select 1' >/dev/null 2>&1; then
			release_lock
			return 0
		fi
		sleep 0.5
	done
	log "the private cluster does not accept connections; last lines of $PG_LOG:"
	tail -n 20 "$PG_LOG" >&2 || true
	exit 1
}

release_lock() {
	if { true >&9; } 2>/dev/null; then
		exec 9>&-
	fi
}

stop_private() {
	if [[ ! -f $PG_DATA/postmaster.pid ]]; then
		log "private cluster not running"
		return 0
	fi
	find_bindir || die "pg_ctl not found"
	pick_run_as
	if private_running; then
		pg_ctl_cmd -m fast -w -t 60 stop >&2
	else
		log "private cluster not running"
	fi
}

# ---------------------------------------------------------------------------
# Discovery

ADMIN_URL=""   # connection used to create and drop databases
SERVER_KIND="" # env | local | private

local_url() { # DBNAME
	local user=${PGUSER:-postgres} auth
	auth=$(urlencode "$user")
	if [[ -n ${PGPASSWORD:-} ]]; then
		auth+=":$(urlencode "$PGPASSWORD")"
	fi
	printf 'postgres://%s@127.0.0.1:5432/%s?sslmode=disable\n' "$auth" "$1"
}

discover() {
	[[ -n $SERVER_KIND ]] && return 0
	if [[ -n ${DATABASE_URL:-} ]]; then
		SERVER_KIND="env"
		ADMIN_URL=$DATABASE_URL
		return 0
	fi
	if [[ ${MEDVIRK_PG_PRIVATE:-} != 1 ]]; then
		local url
		url=$(local_url "$MAINTENANCE_DB")
		if PGCONNECT_TIMEOUT=3 run_psql "$url" -Atc 'select 1' >/dev/null 2>&1; then
			SERVER_KIND=local
			ADMIN_URL=$url
			return 0
		fi
		log "no usable server on 127.0.0.1:5432; using the private cluster in .data/pg"
	fi
	start_private
	SERVER_KIND=private
	ADMIN_URL=$(private_url "$MAINTENANCE_DB")
}

# db_url DBNAME: URL of DBNAME on the discovered server.
db_url() {
	case $SERVER_KIND in
	env) url_with_db "$DATABASE_URL" "$1" ;;
	local) local_url "$1" ;;
	private) private_url "$1" ;;
	esac
}

# The connection for CREATE/DROP DATABASE DBNAME: never DBNAME itself.
admin_conn_for() {
	if [[ $SERVER_KIND == env && "$(url_db "$ADMIN_URL")" == "$1" ]]; then
		url_with_db "$ADMIN_URL" "$MAINTENANCE_DB"
	else
		printf '%s\n' "$ADMIN_URL"
	fi
}

db_exists() { # DBNAME
	local out
	out=$(run_psql "$(admin_conn_for "$1")" -At -v name="$1" <<'SQL'
SELECT 1 FROM pg_database WHERE datname = :'name';
SQL
	)
	[[ $out == 1 ]]
}

create_db() { # DBNAME
	local conn
	conn=$(admin_conn_for "$1")
	db_exists "$1" && return 0
	log "creating database $1"
	# UTF8 everywhere; on a server whose template1 is not UTF8, clone template0 with the C locale.
	if ! run_psql "$conn" -v name="$1" >&2 <<'SQL'; then
SELECT CASE WHEN (SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = 'template1') = 'UTF8'
            THEN format('CREATE DATABASE %I', :'name')
            ELSE format('CREATE DATABASE %I TEMPLATE template0 ENCODING %L LC_COLLATE %L LC_CTYPE %L', :'name', 'UTF8', 'C', 'C')
       END
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'name') \gexec
SQL
		# Another process may have created it at the same moment.
		db_exists "$1" || die "could not create database $1"
	fi
}

drop_db() { # DBNAME
	local conn
	conn=$(admin_conn_for "$1")
	db_exists "$1" || return 0
	log "dropping database $1"
	run_psql "$conn" -v name="$1" >&2 <<'SQL'
SELECT CASE WHEN current_setting('server_version_num')::int >= 130000
            THEN format('DROP DATABASE IF EXISTS %I WITH (FORCE)', :'name')
            ELSE format('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %L AND pid <> pg_backend_pid()', :'name')
       END \gexec
SELECT format('DROP DATABASE IF EXISTS %I', :'name')
 WHERE current_setting('server_version_num')::int < 130000 \gexec
SQL
}

# ---------------------------------------------------------------------------

main() {
	local cmd=${1:-}
	[[ $# -gt 0 ]] && shift
	case $cmd in
	url)
		[[ $# -le 1 ]] || die "usage: scripts/pg.sh url [DBNAME]"
		if [[ $# -eq 0 && -n ${DATABASE_URL:-} ]]; then
			printf '%s\n' "$DATABASE_URL"
			return 0
		fi
		local db=${1:-$DEFAULT_DB}
		valid_dbname "$db"
		discover
		create_db "$db"
		db_url "$db"
		;;
	admin-url)
		[[ $# -eq 0 ]] || die "usage: scripts/pg.sh admin-url"
		discover
		printf '%s\n' "$ADMIN_URL"
		;;
	fresh)
		[[ $# -eq 1 ]] || die "usage: scripts/pg.sh fresh DBNAME"
		valid_dbname "$1"
		discover
		drop_db "$1"
		create_db "$1"
		db_url "$1"
		;;
	drop)
		[[ $# -eq 1 ]] || die "usage: scripts/pg.sh drop DBNAME"
		valid_dbname "$1"
		discover
		drop_db "$1"
		;;
	stop)
		[[ $# -eq 0 ]] || die "usage: scripts/pg.sh stop"
		stop_private
		;;
	-h | --help | help)
		usage
		;;
	*)
		usage
		exit 2
		;;
	esac
}

main "$@"
