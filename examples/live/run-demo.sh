#!/usr/bin/env bash
# The live demo: a demo community on an embedded SQLite file, served by
# yishi-server; a chair and five residents run a council meeting over WebSocket
# through yishi-client, the stream printed as it arrives; then the server keeps
# serving until interrupted, with a second meeting ready to run by hand in the
# web client: the links to open (chair console, a resident, the projector, the
# audit view) are printed, written to DEMO_DIR/links.json, and as QR codes.
#   run-demo.sh BUILD_DIR DEMO_DIR [--stop-after-demo] [--listen 127.0.0.1:8080]
set -euo pipefail
build=$1 demo=$2
shift 2
stop_after=0 listen=127.0.0.1:8080
while [ $# -gt 0 ]; do
  case $1 in
    --stop-after-demo) stop_after=1 ;;
    --listen) listen=$2; shift ;;
    *) echo "run-demo.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
here=$(cd "$(dirname "$0")" && pwd)
yishi=$build/clients/cli/yishi server=$build/server/yishi-server client=$build/clients/live/yishi-client
export YISHI_KEY_DIR=${YISHI_KEY_DIR:-$demo/keys}
db=$demo/live.db
rm -f "$db" "$db"-wal "$db"-shm
echo "== yishi init $db (notice periods 0 for a meeting that starts now), members and a proposal"
echo '{"notice_period_days": 0, "urgent_notice_period_hours": 0}' > "$demo/live-rules.json"
"$yishi" init "$db" --community nantang-live --admin admin --rules "$demo/live-rules.json" > /dev/null
"$yishi" exec "$db" "$here/setup.jsonl" --strict > /dev/null
# The meeting to run by hand from the web client: a second proposal on the agenda
# of a council meeting that starts in 20 minutes (sign-in opens 30 minutes before).
starts=$(date -u -d '+20 minutes' +%Y-%m-%dT%H:%M:%SZ)
sed "s/\$STARTS_AT/$starts/" "$here/by-hand.jsonl" | "$yishi" exec "$db" - --strict > /dev/null

server_out=$demo/server.out
"$server" --db "$db" --listen "$listen" > "$server_out" 2> "$demo/server.log" &
server_pid=$!
trap 'kill -TERM $server_pid 2>/dev/null || true; wait $server_pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  grep -q '^listening on ' "$server_out" 2>/dev/null && break
  kill -0 $server_pid 2>/dev/null || { cat "$demo/server.log" >&2; exit 3; }
  sleep 0.1
done
url=$(sed -n 's/^listening on //p' "$server_out")
echo "== yishi-server: $url"

echo "== invitations (tokens stored as hashes; QR codes: yishi invite without --quiet)"
printf '{' > "$demo/tokens.json"
sep=
for m in ch r1 r2 r3 r4 r5 r6; do
  line=$("$yishi" invite "$db" --member "$m" --base-url "$url/" --quiet)
  token=$(printf '%s' "$line" | sed -E 's/.*"token":"([^"]+)".*/\1/')
  link=$(printf '%s' "$line" | sed -E 's/.*"link":"([^"]+)".*/\1/')
  printf '%s"%s":"%s"' "$sep" "$m" "$token" >> "$demo/tokens.json"
  sep=,
  echo "  $m  $link"
done
printf '}\n' >> "$demo/tokens.json"

echo "== the council meeting, live: what the chair's connection receives, as it arrives"
"$client" --url "${url/http:/ws:}/ws" --tokens "$demo/tokens.json" --watch ch \
  --script "$here/council.jsonl" --pace 150 --linger 300 2> "$demo/replies.log" \
  | cut -c1-220
echo "== replies to each command: $demo/replies.log ($(grep -c '"type":"ack"' "$demo/replies.log") acks)"
if grep -q '"type":"\(rejected\|error\)"' "$demo/replies.log"; then
  grep '"type":"\(rejected\|error\)"' "$demo/replies.log" >&2
  exit 1
fi
echo "== minutes, from the log (yishi minutes, while the server runs)"
"$yishi" minutes "$db" council-live --lang en | head -60
echo "== the web client: a council meeting ready to run by hand (starts $starts)"
link_of() { sed -E 's/.*"link":"([^"]+)".*/\1/'; }
chair=$("$yishi" invite "$db" --member ch --base-url "$url/" --svg "$demo/qr-chair.svg" | link_of)
resident=$("$yishi" invite "$db" --member r2 --base-url "$url/" --svg "$demo/qr-resident.svg" | link_of)
projector=$("$yishi" invite "$db" --view projector --meeting council-by-hand --base-url "$url/" \
  --svg "$demo/qr-projector.svg" | link_of)
audit=$("$yishi" invite "$db" --view audit --meeting council-live --base-url "$url/" \
  --svg "$demo/qr-audit.svg" | link_of)
printf '{"chair":"%s","resident":"%s","projector":"%s","audit":"%s"}\n' \
  "$chair" "$resident" "$projector" "$audit" > "$demo/links.json"
echo "  chair console (议事会主持人):  $chair"
echo "  a resident (李建国):          $resident"
echo "  projector (council-by-hand): $projector"
echo "  audit view (council-live):   $audit"
echo "  as JSON: $demo/links.json; QR codes: $demo/qr-*.svg; the resident's, for a phone:"
"$yishi" invite "$db" --member r3 --base-url "$url/" > /dev/null 2> "$demo/qr-r3.txt" || true
cat "$demo/qr-r3.txt"
echo "  (that QR code is 王芳's invitation; more: yishi invite $db --member r4)"
if [ "$stop_after" = 1 ]; then
  echo "== stopping (--stop-after-demo): SIGTERM, then yishi verify (the server signs its last head)"
  kill -TERM $server_pid
  wait $server_pid
  "$yishi" verify "$db"
  exit 0
fi
echo "== yishi verify (events since the last signed head are reported; the server signs every minute)"
"$yishi" verify "$db"
echo "== serving $url until interrupted (Ctrl-C); /healthz, /metrics, /api/c/nantang-live/state, /ws"
wait $server_pid
