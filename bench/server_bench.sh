#!/usr/bin/env bash
# The server's figures (issue 6): requests per second and latency of `equilens serve` under
# wrk on loopback, with a district of 100,000 initiatives; durable comments per second through
# the API at one and at many connections, beside the same writes in-process; the server's
# resident memory. Builds nothing: build first, e.g.
#   cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release
#   ninja -C build-bench equilens seed_district durable_writes_bench
# Usage: bench/server_bench.sh [BUILD_DIR]     (default: build-bench beside this folder)
# Environment (defaults): INITIATIVES=100000 THREADS=8 (server workers) PORT=18471
#   WRK_THREADS=2 CONNECTIONS=32 DURATION=15s DB_DIR=/tmp/equilens-server-bench FRESH=0
#   (FRESH=1 seeds a new database even when one with the same count is there);
#   EQUILENS=path runs another equilens binary than BUILD_DIR's.
# The seeded database is kept in DB_DIR and reused by the next run with the same count (it
# gains the benchmark's comments each run). Prints; never asserts a time.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=${1:-$here/../build-bench}
initiatives=${INITIATIVES:-100000}
server_threads=${THREADS:-8}
port=${PORT:-18471}
wrk_threads=${WRK_THREADS:-2}
connections=${CONNECTIONS:-32}
duration=${DURATION:-15s}
db_dir=${DB_DIR:-/tmp/equilens-server-bench}
password='bench-password-2026'  # 12+ characters, as SetPassword requires
base="http://127.0.0.1:$port"

equilens=${EQUILENS:-$build/bin/equilens}
seed=$build/bin/seed_district
durable=$build/bin/durable_writes_bench
for tool in "$equilens" "$seed" "$durable"; do
  [[ -x $tool ]] || { echo "server_bench: $tool is missing; build it first" >&2; exit 2; }
done
for tool in wrk curl jq; do
  command -v $tool >/dev/null || { echo "server_bench: $tool is not installed" >&2; exit 2; }
done
"$equilens" serve --help >/dev/null 2>&1 ||
  { echo "server_bench: $equilens has no 'serve' command" >&2; exit 2; }

machine_state() {
  echo "  $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg);" \
    "compilers running: $(pgrep -c cc1plus || true)"
}

# ------------------------------------------------------------------ the seeded database
mkdir -p "$db_dir"
db=$db_dir/district-$initiatives.db
info=$db.seed.txt  # seed_district's output: users by role, initiative ids
if [[ ${FRESH:-0} == 1 || ! -s $info || ! -f $db ]]; then
  rm -f "$db" "$db-wal" "$db-shm" "$info"
  echo "seeding $initiatives initiatives into $db ..."
  "$seed" "$db" "$initiatives" >"$info.tmp"
  mv "$info.tmp" "$info"
  head -1 "$info"
else
  echo "reusing $db ($(head -1 "$info" | cut -c1-100)...)"
fi
head_user=$(awk '$1 == "initiative" { print $2; exit }' "$info")
head_initiative=$(awk '$1 == "initiative" { print $3; exit }' "$info")
reviewer=$(awk '$1 == "cesj_reviewer" { print $2 }' "$info")
ombuds=$(awk '$1 == "ombuds" { print $2 }' "$info")
admin=$(awk '$1 == "admin" { print $2 }' "$info")
ids=$db_dir/in-review-$initiatives.txt
awk '$1 == "in_review" { print $2 }' "$info" >"$ids"
echo "users: $head_user (department_head; reads $head_initiative), $reviewer (cesj_reviewer;" \
  "comments on $(wc -l <"$ids") initiatives in review), $ombuds (ombuds)"

for user in "$head_user" "$reviewer" "$ombuds"; do
  printf '%s\n' "$password" | "$equilens" --db "$db" --as "$admin" user passwd "$user" >/dev/null
done

# ------------------------------------------------------------------------ the server
work=$(mktemp -d /tmp/equilens-server-bench-run-XXXXXX)
server_pid=
# Whether the server runs (an exited child stays a zombie, which kill -0 still finds, until
# it is waited for).
alive() {
  [[ -n $server_pid && -r /proc/$server_pid/stat &&
    $(awk '{ print $3 }' "/proc/$server_pid/stat" 2>/dev/null) != Z ]]
}
# SIGTERM, then up to 30 s for the drain; a server that is still there gets SIGKILL (a server
# stuck before it takes signals, e.g. still starting, would otherwise hold the script).
# Sets exit_code to the server's exit status, or "killed".
stop_server() {
  exit_code=
  [[ -n $server_pid ]] || return 0
  kill -TERM "$server_pid" 2>/dev/null || true
  for _ in $(seq 1 150); do
    alive || break
    sleep 0.2
  done
  if alive; then
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    exit_code=killed
  else
    exit_code=0
    wait "$server_pid" || exit_code=$?
  fi
  server_pid=
}
trap 'stop_server; rm -rf "$work"' EXIT

if curl -s -o /dev/null --max-time 1 "$base/"; then
  echo "server_bench: something already answers on port $port; set PORT" >&2
  exit 2
fi
"$equilens" --db "$db" serve --port "$port" --threads "$server_threads" \
  --access-log "$work/access.log" >"$work/serve.out" 2>&1 &
server_pid=$!
for _ in $(seq 1 300); do  # up to 60 s: opening a big database is quick, but be patient
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$base/api/session" || true)
  [[ $code != 000 ]] && break
  alive || { echo "server_bench: the server exited:" >&2; cat "$work/serve.out" >&2; exit 1; }
  sleep 0.2
done
if [[ $code == 000 ]]; then
  echo "server_bench: the server does not answer on $base after 60 s:" >&2
  cat "$work/serve.out" >&2
  exit 1
fi
rss_start=$(awk '/^VmRSS/ { print $2 }' "/proc/$server_pid/status")

# Signs `user` in; prints "SESSION_TOKEN CSRF_TOKEN".
sign_in() {
  local jar=$work/cookies-$1 answer
  answer=$(curl -s -c "$jar" -H 'Content-Type: application/json' \
    -d "{\"user\":\"$1\",\"password\":\"$password\"}" "$base/api/session")
  local csrf token
  csrf=$(jq -r '.csrf_token // empty' <<<"$answer")
  token=$(awk '$6 == "equilens_session" { print $7 }' "$jar")
  [[ -n $csrf && -n $token ]] ||
    { echo "server_bench: sign-in as $1 failed: $answer" >&2; return 1; }
  echo "$token $csrf"
}
signed=$(sign_in "$head_user") || exit 1
read -r head_token _ <<<"$signed"
signed=$(sign_in "$reviewer") || exit 1
read -r reviewer_token reviewer_csrf <<<"$signed"
signed=$(sign_in "$ombuds") || exit 1
read -r ombuds_token _ <<<"$signed"

# Checks that `path` answers 200 to `token`'s session; prints the status.
status_of() {
  curl -s -o /dev/null -w '%{http_code}' -H "Cookie: equilens_session=$2" "$base$1"
}
code=$(status_of "/api/initiatives/$head_initiative" "$head_token")
[[ $code == 200 ]] ||
  { echo "server_bench: GET /api/initiatives/$head_initiative answered $code" >&2; exit 1; }
inbox_page=/inbox
inbox_note=
if [[ $(status_of /inbox "$head_token") != 200 ]]; then
  inbox_page=/api/inbox
  inbox_note="(the /inbox page answered $(status_of /inbox "$head_token"): measured /api/inbox)"
fi

# ------------------------------------------------------------------------- the loads
declare -a rows=()
# Runs wrk and adds a table row: label, connections, then wrk's other arguments.
measure() {
  local label=$1 open=$2 out=$work/wrk-$((${#rows[@]} + 1)).txt
  shift 2
  wrk -t"$((open < wrk_threads ? open : wrk_threads))" -c"$open" -d"$duration" --latency "$@" \
    >"$out" 2>&1 ||
    { echo "server_bench: wrk failed for $label:" >&2; cat "$out" >&2; exit 1; }
  local rps p50 p99 errors non2xx created
  rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
  p50=$(awk '$1 == "50%" { print $2 }' "$out")
  p99=$(awk '$1 == "99%" { print $2 }' "$out")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")
  errors=$(awk '/Socket errors:/ { sub(/.*Socket errors: /, ""); print }' "$out")
  created=$(awk '/^comments:/ { print $2, $3, $4 }' "$out")
  rows+=("$(printf '%-44s %9s %9s %9s  %s' "$label" "$rps" "$p50" "$p99" \
    "${non2xx:+non-2xx $non2xx }${errors:+socket errors: $errors }$created")")
  cp "$out" "$db_dir/last-wrk-$((${#rows[@]})).txt"
}
chain_head() {
  curl -s -H "Cookie: equilens_session=$ombuds_token" "$base/api/audit/head" | jq -r '.seq'
}

echo "machine before the loads:"; machine_state
cookie_head="Cookie: equilens_session=$head_token"
cookie_reviewer="Cookie: equilens_session=$reviewer_token"
measure "GET /api/initiatives/{id} (department_head)" "$connections" -H "$cookie_head" \
  "$base/api/initiatives/$head_initiative"
measure "GET $inbox_page (department_head)" "$connections" -H "$cookie_head" \
  "$base$inbox_page"
measure "GET $inbox_page (cesj_reviewer: district queue)" "$connections" \
  -H "$cookie_reviewer" "$base$inbox_page"
if [[ $inbox_page != /api/inbox ]]; then  # the same inbox as JSON: the page's share of the cost
  measure "GET /api/inbox (department_head)" "$connections" -H "$cookie_head" "$base/api/inbox"
fi
seq_before=$(chain_head)
measure "POST comments, 1 connection" 1 -s "$here/server_comments.lua" "$base" \
  -- "$ids" "$reviewer_token" "$reviewer_csrf"
measure "POST comments, $connections connections" "$connections" \
  -s "$here/server_comments.lua" "$base" -- "$ids" "$reviewer_token" "$reviewer_csrf"
seq_after=$(chain_head)
echo "machine after the loads:"; machine_state

rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$server_pid/status")
hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$server_pid/status")
stop_server

# ------------------------------------------------------------------------- the table
echo
echo "equilens serve --threads $server_threads; $initiatives initiatives ($db);" \
  "wrk -t$wrk_threads -d$duration --latency on loopback (wrk shares the machine's cores)"
[[ -n $inbox_note ]] && echo "$inbox_note"
printf '%-44s %9s %9s %9s  %s\n' "" "req/s" "p50" "p99" "notes"
printf '%s\n' "${rows[@]}"
echo "events appended during the two write loads (chain head $seq_before -> $seq_after):" \
  "$((seq_after - seq_before))"
echo "server memory: VmRSS $((rss_start / 1024)) MiB after start, $((rss / 1024)) MiB after" \
  "the loads; VmHWM (peak) $((hwm / 1024)) MiB"
echo "SIGTERM: the server exited with status $exit_code" \
  "$([[ $exit_code == 0 ]] && echo '(clean)' || echo '(NOT clean)')"

echo
echo "baseline: the same durable comments in-process (no HTTP), T threads with an Engine each:"
"$durable" 2000 4 1 "$server_threads" 32 | sed 's/^/  /'
[[ $exit_code == 0 ]]
