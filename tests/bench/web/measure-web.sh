#!/usr/bin/env bash
# Benchmark of the web client (figures, not pass/fail): a temporary community made with the
# CLI (a chair who is also convener and secretary, three residents; a council opened, called
# to order, its first item taken up and debated), yishi-server on 127.0.0.1:0 serving a
# temporary copy of the web client as built (plus bare.html, written by measure-web.mjs), and
# measure-web.mjs driving headless Chromium (/usr/bin/chromium through tests/web's
# playwright-core; no browser is downloaded). It measures:
#   1. bytes on the wire (gzip) of a cold load of the resident view: JS + CSS, HTML, per file;
#   2. navigation → agenda and current item shown, 4× CPU throttling, median of 5 cold loads,
#      beside a bare HTML page with the same text served by the same server;
#   3. the chair's click → the projector's DOM change, p50/p99 over 200 clicks
#      (recognise the next speaker / cut the speaker off, alternately).
#   measure-web.sh BUILD_DIR [--out FILE.jsonl]     JSON lines and a summary on stdout
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
[ $# -ge 1 ] || { echo "usage: measure-web.sh BUILD_DIR [--out FILE.jsonl]" >&2; exit 2; }
build=$(cd "$1" && pwd)
shift
out=
while [ $# -gt 0 ]; do
  case $1 in
    --out) out=$2; shift 2 ;;
    *) echo "measure-web.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
yishi=$build/clients/cli/yishi
server=$build/server/yishi-server
[ -x "$yishi" ] && [ -x "$server" ] || { echo "measure-web.sh: no yishi or yishi-server under $build" >&2; exit 2; }
pw=$repo/tests/web/node_modules/playwright-core
[ -d "$pw" ] || { echo "measure-web.sh: $pw is missing (run npm ci in tests/web)" >&2; exit 2; }
[ -x /usr/bin/chromium ] || { echo "measure-web.sh: /usr/bin/chromium is missing" >&2; exit 2; }

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
db=$tmp/bench.db
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

# Notice periods of 0; two co-signers; up to 100 turns per person and item (the latency
# measurement recognises the same three residents again and again).
# Everything up to the debate happened in the last 20 minutes (times in +08:00).
base=$(( $(date +%s) - 1200 ))
at() { date -u -d "@$(( base + $1 + 8 * 3600 ))" +%Y-%m-%dT%H:%M:%S+08:00; }
echo '{"notice_period_days": 0, "urgent_notice_period_hours": 0, "support_threshold": 2, "max_turns_per_item": 100}' > "$tmp/rules.json"
"$yishi" init "$db" --community webbench --admin admin --rules "$tmp/rules.json" --utc-offset +08:00 \
  --at "$(at -60)" > "$tmp/init.json"
meeting=council-bench
cat > "$tmp/setup.jsonl" <<JSONL
{"cmd": "member.register", "actor": "admin", "at": "$(at 0)", "member": "ch", "roles": ["chair", "convener", "secretary"], "display_name": "周主持"}
{"cmd": "household.register", "actor": "admin", "at": "$(at 0)", "household": "h1", "area_m2": 62.5}
{"cmd": "household.register", "actor": "admin", "at": "$(at 0)", "household": "h2", "area_m2": 75}
{"cmd": "household.register", "actor": "admin", "at": "$(at 0)", "household": "h3", "area_m2": 88.3}
{"cmd": "member.register", "actor": "admin", "at": "$(at 0)", "member": "r1", "household": "h1", "roles": ["resident"], "display_name": "张秀英"}
{"cmd": "member.register", "actor": "admin", "at": "$(at 0)", "member": "r2", "household": "h2", "roles": ["resident"], "display_name": "李建国"}
{"cmd": "member.register", "actor": "admin", "at": "$(at 0)", "member": "r3", "household": "h3", "roles": ["resident"], "display_name": "王芳"}
{"cmd": "proposal.draft", "actor": "r1", "at": "$(at 60)", "proposal": "stair-lights", "title": "3号楼楼道灯维修", "summary": "更换感应灯 12 盏"}
{"cmd": "proposal.submit", "actor": "r1", "at": "$(at 61)", "proposal": "stair-lights"}
{"cmd": "proposal.support", "actor": "r2", "at": "$(at 62)", "proposal": "stair-lights"}
{"cmd": "proposal.support", "actor": "r3", "at": "$(at 63)", "proposal": "stair-lights"}
{"cmd": "proposal.draft", "actor": "r2", "at": "$(at 70)", "proposal": "bike-shed", "title": "非机动车棚", "summary": "在5号楼东侧建设非机动车棚"}
{"cmd": "proposal.submit", "actor": "r2", "at": "$(at 71)", "proposal": "bike-shed"}
{"cmd": "proposal.support", "actor": "r1", "at": "$(at 72)", "proposal": "bike-shed"}
{"cmd": "proposal.support", "actor": "r3", "at": "$(at 73)", "proposal": "bike-shed"}
{"cmd": "proposal.accept", "actor": "ch", "at": "$(at 120)", "proposal": "stair-lights", "reason": "属于居民自治事项"}
{"cmd": "proposal.accept", "actor": "ch", "at": "$(at 121)", "proposal": "bike-shed", "reason": "涉及消防安全"}
{"cmd": "meeting.schedule", "actor": "ch", "at": "$(at 180)", "meeting": "$meeting", "kind": "council", "title": "十二月居民议事会", "starts_at": "$(at 600)", "chair": "ch"}
{"cmd": "meeting.add_item", "actor": "ch", "at": "$(at 181)", "meeting": "$meeting", "item": "item-1", "proposal": "stair-lights", "question": "是否同意更换3号楼楼道感应灯", "planned_minutes": 15}
{"cmd": "meeting.add_item", "actor": "ch", "at": "$(at 182)", "meeting": "$meeting", "item": "item-2", "proposal": "bike-shed", "question": "是否同意在5号楼东侧建设非机动车棚", "planned_minutes": 20}
{"cmd": "meeting.open", "actor": "ch", "at": "$(at 540)", "meeting": "$meeting"}
{"cmd": "meeting.check_in", "actor": "r1", "at": "$(at 550)", "meeting": "$meeting"}
{"cmd": "meeting.check_in", "actor": "r2", "at": "$(at 551)", "meeting": "$meeting"}
{"cmd": "meeting.check_in", "actor": "r3", "at": "$(at 552)", "meeting": "$meeting"}
{"cmd": "meeting.call_to_order", "actor": "ch", "at": "$(at 600)", "meeting": "$meeting"}
{"cmd": "meeting.start_item", "actor": "ch", "at": "$(at 610)", "meeting": "$meeting", "item": "item-1"}
{"cmd": "meeting.open_debate", "actor": "ch", "at": "$(at 620)", "meeting": "$meeting"}
JSONL
"$yishi" exec "$db" "$tmp/setup.jsonl" --strict > "$tmp/setup.out" || { cat "$tmp/setup.out" >&2; exit 3; }

# The server serves a copy of clients/web, so that the bare page can sit beside it.
mkdir -p "$tmp/static"
# The folder the build's server serves (the bundle, or the source without esbuild); WEB_SRC=DIR for another.
web_src=${WEB_SRC:-$(cat "$build/clients/web/served_dir.txt" 2>/dev/null || echo "$repo/clients/web")}
cp "$web_src"/*.html "$web_src"/*.js "$web_src"/*.css "$tmp/static/"
printf '{"static_dir": "%s"}\n' "$tmp/static" > "$tmp/server.json"
"$server" --db "$db" --listen 127.0.0.1:0 --config "$tmp/server.json" --log-level warn \
  > "$tmp/server.out" 2> "$tmp/server.log" &
server_pid=$!
for _ in $(seq 100); do
  grep -q '^listening on ' "$tmp/server.out" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/server.log" >&2; exit 3; }
  sleep 0.1
done
url=$(sed -n 's/^listening on //p' "$tmp/server.out")
[ -n "$url" ] || { echo "measure-web.sh: the server did not start" >&2; exit 3; }
echo "# yishi-server $url (static_dir $tmp/static), load average at start: $load_start" >&2

status=0
YISHI_URL=$url YISHI_CLI=$yishi YISHI_DB=$db YISHI_MEETING=$meeting STATIC_DIR=$tmp/static \
LOAD_START=$load_start RESULTS_OUT=$out \
  node --experimental-websocket --no-warnings "$here/measure-web.mjs" || status=$?
if [ $status -ne 0 ]; then
  echo "--- server log (last 40 lines)" >&2
  tail -n 40 "$tmp/server.log" >&2 || true
fi
exit $status
