#!/usr/bin/env python3
"""Times the HTTP proof endpoints on a big log: how long the server takes to build
a community's Merkle tree at startup, the first proof request (sent as soon as the
server listens, so it waits for that build), later ones, and later ones again after
new events were committed over the WebSocket. Also times a read served by the
community thread (/events, one event) during the build, to show that thread is not
held up by it. Prints figures; asserts nothing.

usage: measure_proofs.py YISHI YISHI_SERVER DB COMMUNITY [REQUESTS]
DB is a log made beforehand, e.g.:
  yishi init c.db --community big --admin admin --rules rules.json
  python3 -c 'import json
  for i in range(1, 200001): print(json.dumps({"cmd": "household.register", "actor": "admin",
                                              "household": f"h{i}", "area_m2": 60}))' > s.jsonl
  yishi exec c.db s.jsonl --batch 10000 --sync normal
The key directory (YISHI_KEY_DIR) must hold the community's key, as for yishi-server."""

import asyncio
import json
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

import websockets

YISHI, SERVER, DB, COMMUNITY = sys.argv[1:5]
REQUESTS = int(sys.argv[5]) if len(sys.argv) > 5 else 200


def timed_get(url):
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as r:
        body = r.read()
    return time.perf_counter() - started, json.loads(body)


def summary(name, seconds):
    ms = sorted(s * 1000 for s in seconds)
    print(f"{name}: n={len(ms)} median {statistics.median(ms):.2f} ms, "
          f"p99 {ms[max(0, int(len(ms) * 0.99) - 1)]:.2f} ms, max {ms[-1]:.2f} ms")


async def add_events(ws_url, token, n):
    async with websockets.connect(ws_url, max_size=None) as ws:
        await ws.send(json.dumps({"type": "hello", "protocol": 1, "token": token}))
        json.loads(await ws.recv())
        for k in range(n):
            await ws.send(json.dumps({"type": "command", "id": f"b{k}", "command": {
                "cmd": "household.register", "household": f"bench{k}-{time.time_ns()}",
                "area_m2": 60}}))
        acks = replies = 0
        while replies < n:
            m = json.loads(await ws.recv())
            replies += m.get("type") in ("ack", "rejected", "error")
            acks += m.get("type") == "ack"
        return acks


def main():
    token = json.loads(subprocess.run([YISHI, "invite", DB, "--member", "admin", "--quiet"],
                                      capture_output=True, text=True, check=True).stdout)["token"]
    proc = subprocess.Popen([SERVER, "--db", DB, "--listen", "127.0.0.1:0", "--log-level", "info",
                             "--config", "/dev/stdin"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    proc.stdin.write(json.dumps({"commands_per_second": 100000, "command_burst": 100000}))
    proc.stdin.close()
    try:
        base = proc.stdout.readline().split("listening on ")[1].strip()
        api = f"{base}/api/c/{COMMUNITY}"
        first = {}
        sender = threading.Thread(target=lambda: first.update(zip(("s", "p"),
                                                                 timed_get(api + "/proof/1"))))
        sender.start()
        # While the tree is being built: reads served by the community thread.
        during = []
        while sender.is_alive():
            during.append(timed_get(api + "/events?from=1&limit=1")[0])
        sender.join()
        head = first["p"]["tree_size"]
        print(f"log of {head} events")
        print(f"first /proof (sent at startup, waits for the build): {first['s'] * 1000:.1f} ms")
        summary("/events (community thread) during the build", during)
        rng = random.Random(1)
        proofs, consistency = [], []
        for _ in range(REQUESTS):
            seq = rng.randint(1, head)
            size = rng.randint(seq, head)
            s, p = timed_get(f"{api}/proof/{seq}?tree_size={size}")
            assert p["tree_size"] == size, p
            proofs.append(s)
            old = rng.randint(0, head)
            s, _ = timed_get(f"{api}/consistency?old={old}")
            consistency.append(s)
        summary("later /proof", proofs)
        summary("later /consistency", consistency)
        started = time.perf_counter()
        acks = asyncio.run(add_events(base.replace("http://", "ws://") + "/ws", token, 1000))
        print(f"{acks} more events committed over /ws in {time.perf_counter() - started:.1f} s")
        s, p = timed_get(f"{api}/proof/{head + acks}")
        print(f"first /proof after them (appends their leaves): {s * 1000:.2f} ms "
              f"(tree of {p['tree_size']})")
        again = [timed_get(f"{api}/proof/{rng.randint(1, head)}")[0] for _ in range(REQUESTS)]
        summary("later /proof at the new head", again)
        rss_kb = int([l for l in open(f"/proc/{proc.pid}/status")
                      if l.startswith("VmRSS")][0].split()[1])
        print(f"server RSS {rss_kb // 1024} MB")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        for line in proc.stderr.read().splitlines():
            if "proofs for" in line:
                print("server:", line.split("] ", 3)[-1])


if __name__ == "__main__":
    main()
