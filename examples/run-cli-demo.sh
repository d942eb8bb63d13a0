#!/usr/bin/env bash
# The `yishi` CLI on the example scenarios: proposals screened, the log proven and
# verified against a saved checkpoint, a council meeting's minutes and replay, its
# standards, a needs survey seeding and ordering proposals.   run-cli-demo.sh BUILD_DIR DEMO_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
yishi=$1/clients/cli/yishi
demo=$2
mkdir -p "$demo"
db="$demo/community.db"
echo "== yishi init (new community, rulebook defaults, Ed25519 key pair in the key directory, not beside the database)"
"$yishi" init "$db" --community nantang-xiaoqu --admin admin --at 2026-03-01T08:00:00+08:00
echo "== yishi exec examples/community-proposals.jsonl (results in $demo/results.jsonl)"
"$yishi" exec "$db" examples/community-proposals.jsonl --strict > "$demo/results.jsonl"
echo "$(wc -l < "$demo/results.jsonl") commands applied"
echo "== screening decisions, from yishi log"
"$yishi" log "$db" | grep -E '"type":"proposal\.(accepted|returned|referred|merged|expired|withdrawn|scheduled)"' \
  | sed -E 's/.*"time":"([^"]*)".*"type":"([^"]*)".*"proposal":"([^"]*)".*/\1  \2  \3/'
echo "== yishi proof (event 100), yishi checkpoint"
"$yishi" proof "$db" 100 > "$demo/proof-100.json"
head -c 400 "$demo/proof-100.json"; echo " ..."
"$yishi" checkpoint "$db" | tee "$demo/checkpoint.json"
echo "== yishi verify (against the checkpoint saved outside the database too)"
"$yishi" verify "$db" --checkpoint "$demo/checkpoint.json"

council="$demo/council.db"
echo "== a council meeting: examples/council-meeting.jsonl on $council"
"$yishi" init "$council" --community nantang-council --admin admin --at 2026-03-20T08:00:00+08:00 \
  --rules examples/council-rules.json > /dev/null
"$yishi" exec "$council" examples/council-meeting.jsonl --strict > "$demo/council-results.jsonl"
echo "$(wc -l < "$demo/council-results.jsonl") commands applied"
echo "== yishi minutes (zh-CN, Markdown; also --lang en, --format html|json)"
"$yishi" minutes "$council" council-2026-04 --utc-offset +08:00
"$yishi" minutes "$council" council-2026-04 --format html > "$demo/council-minutes.html"
echo "== yishi replay (first lines)"
"$yishi" replay "$council" council-2026-04 --utc-offset +08:00 > "$demo/council-replay.txt"
head -n 8 "$demo/council-replay.txt"
"$yishi" verify "$council"
echo "== yishi standards (the indicators examples/council-rules.json declares, over the whole record to 1 August)"
"$yishi" standards "$council" --at 2026-08-01T09:00:00+08:00 --by quarter > "$demo/council-standards.json"
grep -oE '"name":"[a-z_0-9-]+","value":[^,]*,"target":"[^"]*","met":[a-z]*' "$demo/council-standards.json" | head -n 5
needs="$demo/needs.db"
echo "== a needs survey (需求调查) seeding proposals, and a ranked poll ordering them: examples/needs-survey.jsonl"
"$yishi" init "$needs" --community nantang-needs --admin admin --at 2026-05-01T08:00:00+08:00 > /dev/null
"$yishi" exec "$needs" examples/needs-survey.jsonl --strict > "$demo/needs-results.jsonl"
echo "$(wc -l < "$demo/needs-results.jsonl") commands applied"
"$yishi" results "$needs" needs-2026 > "$demo/needs-2026.json"
grep -oE '"(winners|option_totals)":\[[^]]*\]' "$demo/needs-2026.json"
echo "== yishi backlog (accepted proposals in agenda order)"
"$yishi" backlog "$needs"
"$yishi" verify "$needs"
echo "== done: $demo holds the databases, a saved checkpoint, the results, the minutes (HTML) and the replay;"
echo "   the communities' keys are in ${YISHI_KEY_DIR:-${XDG_CONFIG_HOME:-$HOME/.config}/yishi/keys}"
