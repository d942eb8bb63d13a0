#!/usr/bin/env bash
# The web client's browser test: a temporary community made with the CLI (a chair who is
# also convener and secretary, three residents, a responsible body, and a dated history of
# two adopted decisions being implemented), yishi-server on 127.0.0.1:0 serving the web
# client the build's server serves (the folder BUILD_DIR/clients/web/served_dir.txt names:
# the bundle, or the source clients/web without esbuild), and tests/web/meeting.test.mjs driving headless Chromium
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
# The community was founded 40 days ago: its history (below) is dated, so that a milestone
# is overdue and a sub-task stalled (no progress report for more than 30 days) now.
now=$(date -u +%s)
d=86400
at() { date -u -d "@$((now + $1))" +%Y-%m-%dT%H:%M:%SZ; } # seconds from now
# The standing responsibility list names the responsible body for facilities (the live
# proposal's category, in either language), and three standards are declared.
cat > "$tmp/rules.json" <<'EOF'
{"notice_period_days": 0, "urgent_notice_period_hours": 0, "support_threshold": 2,
 "responsibilities": [{"matter": "设施维修", "body": "rb", "duty": "小区设施的维修与更新"},
                      {"matter": "Facilities", "body": "rb", "duty": "upkeep of the estate's facilities"}],
 "standards": [{"standard": "services", "name": "on_time_share", "formula": "tasks_on_time / tasks_completed", "target": ">=0.8"},
               {"standard": "services", "name": "satisfaction", "formula": "satisfaction_share / tasks_evaluated", "target": ">=0.75"},
               {"standard": "management", "name": "overdue_tasks", "formula": "tasks_overdue", "target": "<=0"}]}
EOF
"$yishi" init "$db" --community webtest --admin admin --rules "$tmp/rules.json" --utc-offset +08:00 \
  --at "$(at $((-40 * d)))" > "$tmp/init.json"
public_key=$(sed -E 's/.*"public_key":"([0-9a-f]+)".*/\1/' "$tmp/init.json")
# The members (a chair who is also convener and secretary, three residents, a responsible
# body), and a council 39 days ago that adopted two proposals, whose tasks were assigned,
# started and reported on since: "bins" completed and evaluated by a satisfaction poll,
# "fitness" with an overdue milestone and a stalled sub-task.
t0=$((-40 * d + 60))
m=$((-39 * d))
cat > "$tmp/setup.jsonl" <<EOF
{"cmd": "member.register", "actor": "admin", "at": "$(at $t0)", "member": "ch", "roles": ["chair", "convener", "secretary"], "display_name": "周主持"}
{"cmd": "household.register", "actor": "admin", "at": "$(at $t0)", "household": "h1", "area_m2": 62.5}
{"cmd": "household.register", "actor": "admin", "at": "$(at $t0)", "household": "h2", "area_m2": 75}
{"cmd": "household.register", "actor": "admin", "at": "$(at $t0)", "household": "h3", "area_m2": 88.3}
{"cmd": "member.register", "actor": "admin", "at": "$(at $t0)", "member": "r1", "household": "h1", "roles": ["resident"], "display_name": "张秀英"}
{"cmd": "member.register", "actor": "admin", "at": "$(at $t0)", "member": "r2", "household": "h2", "roles": ["resident"], "display_name": "李建国"}
{"cmd": "member.register", "actor": "admin", "at": "$(at $t0)", "member": "r3", "household": "h3", "roles": ["resident"], "display_name": "王芳"}
{"cmd": "member.register", "actor": "admin", "at": "$(at $t0)", "member": "rb", "roles": ["responsible_body"], "display_name": "阳光物业公司"}
{"cmd": "proposal.draft", "actor": "r1", "at": "$(at $((t0 + 60)))", "proposal": "fitness", "title": "更新小区健身器材", "summary": "更换老化的健身器材", "kind": "project", "estimated_cost": 50000}
{"cmd": "proposal.draft", "actor": "r2", "at": "$(at $((t0 + 60)))", "proposal": "bins", "title": "垃圾分类亭加装洗手池", "summary": "", "kind": "project", "estimated_cost": 6000}
{"cmd": "proposal.submit", "actor": "r1", "at": "$(at $((t0 + 60)))", "proposal": "fitness"}
{"cmd": "proposal.submit", "actor": "r2", "at": "$(at $((t0 + 60)))", "proposal": "bins"}
{"cmd": "proposal.support", "actor": "r2", "at": "$(at $((t0 + 120)))", "proposal": "fitness"}
{"cmd": "proposal.support", "actor": "r3", "at": "$(at $((t0 + 120)))", "proposal": "fitness"}
{"cmd": "proposal.support", "actor": "r1", "at": "$(at $((t0 + 120)))", "proposal": "bins"}
{"cmd": "proposal.support", "actor": "r3", "at": "$(at $((t0 + 120)))", "proposal": "bins"}
{"cmd": "proposal.accept", "actor": "ch", "at": "$(at $((t0 + 180)))", "proposal": "fitness", "reason": "属居民自治事项"}
{"cmd": "proposal.accept", "actor": "ch", "at": "$(at $((t0 + 180)))", "proposal": "bins", "reason": "属居民自治事项"}
{"cmd": "meeting.schedule", "actor": "ch", "at": "$(at $((t0 + 240)))", "meeting": "setup-council", "kind": "council", "title": "筹备议事会", "starts_at": "$(at $m)", "chair": "ch"}
{"cmd": "proposal.schedule", "actor": "ch", "at": "$(at $((t0 + 240)))", "proposal": "fitness", "meeting": "setup-council", "item": "fitness", "planned_minutes": 10}
{"cmd": "proposal.schedule", "actor": "ch", "at": "$(at $((t0 + 240)))", "proposal": "bins", "meeting": "setup-council", "item": "bins", "planned_minutes": 10}
{"cmd": "meeting.open", "actor": "ch", "at": "$(at $((m - 600)))", "meeting": "setup-council"}
{"cmd": "meeting.check_in", "actor": "r1", "at": "$(at $((m - 500)))", "meeting": "setup-council"}
{"cmd": "meeting.check_in", "actor": "r2", "at": "$(at $((m - 500)))", "meeting": "setup-council"}
{"cmd": "meeting.check_in", "actor": "r3", "at": "$(at $((m - 500)))", "meeting": "setup-council"}
{"cmd": "meeting.call_to_order", "actor": "ch", "at": "$(at $m)", "meeting": "setup-council"}
{"cmd": "meeting.start_item", "actor": "ch", "at": "$(at $((m + 60)))", "meeting": "setup-council", "item": "fitness"}
{"cmd": "meeting.open_debate", "actor": "ch", "at": "$(at $((m + 120)))", "meeting": "setup-council"}
{"cmd": "vote.call", "actor": "ch", "at": "$(at $((m + 600)))", "meeting": "setup-council"}
{"cmd": "vote.count", "actor": "ch", "at": "$(at $((m + 660)))", "meeting": "setup-council", "yes": 3, "no": 0, "abstain": 0}
{"cmd": "meeting.start_item", "actor": "ch", "at": "$(at $((m + 720)))", "meeting": "setup-council", "item": "bins"}
{"cmd": "meeting.open_debate", "actor": "ch", "at": "$(at $((m + 780)))", "meeting": "setup-council"}
{"cmd": "vote.call", "actor": "ch", "at": "$(at $((m + 1200)))", "meeting": "setup-council"}
{"cmd": "vote.count", "actor": "ch", "at": "$(at $((m + 1260)))", "meeting": "setup-council", "yes": 2, "no": 1, "abstain": 0}
{"cmd": "meeting.adjourn", "actor": "ch", "at": "$(at $((m + 1320)))", "meeting": "setup-council"}
{"cmd": "task.assign", "actor": "ch", "at": "$(at $((-38 * d)))", "task": "fitness", "body": "rb", "funding": "government_purchase", "budget": 50000}
{"cmd": "task.add_milestone", "actor": "ch", "at": "$(at $((-38 * d)))", "task": "fitness", "milestone": "survey", "title": "现场勘查", "deliverable": "勘查报告", "due": "$(at $((-5 * d)))"}
{"cmd": "task.add_milestone", "actor": "ch", "at": "$(at $((-38 * d)))", "task": "fitness", "milestone": "install", "title": "器材安装", "deliverable": "器材验收单", "due": "$(at $((20 * d)))"}
{"cmd": "task.add_subtask", "actor": "ch", "at": "$(at $((-38 * d)))", "task": "fitness", "subtask": "fitness-mats", "title": "铺设安全地垫", "weight": 1}
{"cmd": "task.assign", "actor": "ch", "at": "$(at $((-38 * d)))", "task": "fitness-mats", "body": "rb", "funding": "community_funds", "budget": 8000}
{"cmd": "task.add_milestone", "actor": "ch", "at": "$(at $((-38 * d)))", "task": "fitness-mats", "milestone": "mats", "title": "地垫铺设", "deliverable": "地垫验收照片", "due": "$(at $((10 * d)))"}
{"cmd": "task.assign", "actor": "ch", "at": "$(at $((-38 * d)))", "task": "bins", "body": "rb", "funding": "facility_outsourcing", "budget": 6000}
{"cmd": "task.add_milestone", "actor": "ch", "at": "$(at $((-38 * d)))", "task": "bins", "milestone": "sink", "title": "洗手池安装", "deliverable": "安装验收单", "due": "$(at $((-20 * d)))"}
{"cmd": "proposal.draft", "actor": "r3", "at": "$(at $((-38 * d)))", "proposal": "road", "title": "北门外路面坑洼", "summary": "人行道多处坑洼", "kind": "project"}
{"cmd": "proposal.submit", "actor": "r3", "at": "$(at $((-38 * d)))", "proposal": "road"}
{"cmd": "proposal.support", "actor": "r1", "at": "$(at $((-38 * d + 60)))", "proposal": "road"}
{"cmd": "proposal.support", "actor": "r2", "at": "$(at $((-38 * d + 60)))", "proposal": "road"}
{"cmd": "proposal.refer", "actor": "ch", "at": "$(at $((-38 * d + 120)))", "proposal": "road", "body": "街道城市管理科", "reason": "小区外市政道路，属行政事项"}
{"cmd": "referral.request_reply", "actor": "ch", "at": "$(at $((-38 * d + 180)))", "proposal": "road", "due": "$(at $((-10 * d)))"}
{"cmd": "task.start", "actor": "rb", "at": "$(at $((-37 * d)))", "task": "fitness"}
{"cmd": "task.start", "actor": "rb", "at": "$(at $((-37 * d)))", "task": "fitness-mats"}
{"cmd": "task.start", "actor": "rb", "at": "$(at $((-37 * d)))", "task": "bins"}
{"cmd": "task.report", "actor": "rb", "at": "$(at $((-36 * d)))", "task": "fitness-mats", "percent": 40, "spend": 3000, "note": "地垫已到货"}
{"cmd": "task.report", "actor": "rb", "at": "$(at $((-25 * d)))", "task": "bins", "percent": 100, "spend": 5800, "note": "洗手池已安装", "milestone": "sink"}
{"cmd": "task.complete", "actor": "rb", "at": "$(at $((-25 * d)))", "task": "bins"}
{"cmd": "ballot.open", "actor": "ch", "at": "$(at $((-24 * d)))", "ballot": "bins-survey", "question": "洗手池满意度（1-5分）", "kind": "score", "options": ["总体满意度", "使用便利"], "score_min": 1, "score_max": 5, "secrecy": "secret", "closes_at": "$(at $((-10 * d)))"}
{"cmd": "ballot.cast", "actor": "r1", "at": "$(at $((-23 * d)))", "ballot": "bins-survey", "scores": [5, 4], "nonce": "3a1b91bd0e6b024dd69ee87d4433f0da8dd68670f993446952de6a9019165c4b"}
{"cmd": "ballot.cast", "actor": "r2", "at": "$(at $((-23 * d)))", "ballot": "bins-survey", "scores": [4, 4], "nonce": "710ecb7b69796820c2dfe2d5cb078e34eb9d6fec84e049e9d7fbc4e167891b5b"}
{"cmd": "ballot.cast", "actor": "r3", "at": "$(at $((-23 * d)))", "ballot": "bins-survey", "scores": [4, 3], "nonce": "2e88e8491df264b854bdca28b3abc7feb16bba7dc5a705daf425f102938edfcf"}
{"cmd": "ballot.close", "actor": "ch", "at": "$(at $((-22 * d)))", "ballot": "bins-survey"}
{"cmd": "task.evaluate", "actor": "ch", "at": "$(at $((-21 * d)))", "task": "bins", "survey": "bins-survey"}
{"cmd": "task.report", "actor": "rb", "at": "$(at $((-2 * d)))", "task": "fitness", "spend": 2000, "note": "勘查因雨延期"}
EOF
"$yishi" exec "$db" "$tmp/setup.jsonl" --strict > /dev/null

web=$(cat "$build/clients/web/served_dir.txt" 2>/dev/null || echo "$repo/clients/web")
printf '{"static_dir": "%s", "checkpoint_seconds": 5}\n' "$web" > "$tmp/server.json"
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
echo "yishi-server: $url (static_dir $web)"

status=0
YISHI_URL=$url YISHI_CLI=$yishi YISHI_DB=$db YISHI_PUBLIC_KEY=$public_key \
YISHI_SCHEMAS=$repo/schemas/json ARTIFACT_DIR=$artifacts \
  node "$here/meeting.test.mjs" || status=$?
if [ $status -ne 0 ]; then
  echo "--- server log (last 40 lines)" >&2
  tail -n 40 "$tmp/server.log" >&2 || true
fi
exit $status
