#!/usr/bin/env bash
# The web client's browser test: a temporary community made with the CLI (a chair who is
# also convener and secretary, three residents), yishi-server on 127.0.0.1:0 serving the
# repository's clients/web, and tests/web/meeting.test.mjs driving headless Chromium
# (/usr/bin/chromium through playwright-core; no browser is downloaded).
#   run.sh BUILD_DIR ARTIFACT_DIR        exit 0 when every step passes (skips are listed)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
[ $# -eq 2 ] || { echo "usage: run.sh BUILD_DIR ARTIFACT_DIR" >&2; exit 2; }
build=$(cd "$1" && pwd)
mkdir -p "$2"
artifacts=$(cd "$2" && pwd)
yishi=$build/clients/cli/yishi
server=$build/server/yishi-server
[ -x "$yishi" ] && [ -x "$server" ] || { echo "run.sh: no yishi or yishi-server under $build" >&2; exit 2; }
if [ ! -d "$here/node_modules/playwright-core" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --silent)
fi

tmp=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid"
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
export YISHI_KEY_DIR=$tmp/keys
db=$tmp/web.db

# Notice periods of 0 (a meeting that starts now); two co-signers put a proposal to screening.
echo '{"notice_period_days": 0, "urgent_notice_period_hours": 0, "support_threshold": 2}' > "$tmp/rules.json"
"$yishi" init "$db" --community webtest --admin admin --rules "$tmp/rules.json" --utc-offset +08:00 > "$tmp/init.json"
public_key=$(sed -E 's/.*"public_key":"([0-9a-f]+)".*/\1/' "$tmp/init.json")
cat > "$tmp/setup.jsonl" <<'EOF'
{"cmd": "member.register", "actor": "admin", "member": "ch", "roles": ["chair", "convener", "secretary"], "display_name": "周主持"}
{"cmd": "household.register", "actor": "admin", "household": "h1", "area_m2": 62.5}
{"cmd": "household.register", "actor": "admin", "household": "h2", "area_m2": 75}
{"cmd": "household.register", "actor": "admin", "household": "h3", "area_m2": 88.3}
{"cmd": "member.register", "actor": "admin", "member": "r1", "household": "h1", "roles": ["resident"], "display_name": "张秀英"}
{"cmd": "member.register", "actor": "admin", "member": "r2", "household": "h2", "roles": ["resident"], "display_name": "李建国"}
{"cmd": "member.register", "actor": "admin", "member": "r3", "household": "h3", "roles": ["resident"], "display_name": "王芳"}
EOF
"$yishi" exec "$db" "$tmp/setup.jsonl" --strict > /dev/null

printf '{"static_dir": "%s", "checkpoint_seconds": 5}\n' "$repo/clients/web" > "$tmp/server.json"
"$server" --db "$db" --listen 127.0.0.1:0 --config "$tmp/server.json" --log-level warn \
  > "$tmp/server.out" 2> "$tmp/server.log" &
server_pid=$!
for _ in $(seq 100); do
  grep -q '^listening on ' "$tmp/server.out" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/server.log" >&2; exit 3; }
  sleep 0.1
done
url=$(sed -n 's/^listening on //p' "$tmp/server.out")
[ -n "$url" ] || { echo "run.sh: the server did not start" >&2; exit 3; }
echo "yishi-server: $url (static_dir $repo/clients/web)"

status=0
YISHI_URL=$url YISHI_CLI=$yishi YISHI_DB=$db YISHI_PUBLIC_KEY=$public_key \
YISHI_SCHEMAS=$repo/schemas/json ARTIFACT_DIR=$artifacts \
  node "$here/meeting.test.mjs" || status=$?
if [ $status -ne 0 ]; then
  echo "--- server log (last 40 lines)" >&2
  tail -n 40 "$tmp/server.log" >&2 || true
fi
exit $status
