#!/usr/bin/env python3
"""Integration tests of yishi-server: a real server on 127.0.0.1 (port 0), driven
by an independent client written from schemas/ (python3-websockets), every
message received validated against schemas/json/server/message.json.

usage: server_test.py YISHI YISHI_SERVER SCHEMAS_DIR [TEST...]
Exit 0 when every test passes; 77 (skipped) without python3-websockets."""

import asyncio
import hashlib
import json
import os
import pathlib
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

try:
    import websockets
except ImportError:
    print("python3-websockets is not installed (.ci/setup installs it): skipped")
    sys.exit(77)

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "schemas"))
import validate_log as schemas  # noqa: E402  (the schema store and validators)

YISHI, SERVER, SCHEMA_DIR = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3])
STORE = schemas.load_schemas(SCHEMA_DIR)
VALIDATORS = schemas.Validators(STORE)
SERVER_MESSAGE = schemas.BASE + "server/message.json"
FAILURES = []
CHECKS = 0


def check(condition, what):
    global CHECKS
    CHECKS += 1
    if not condition:
        FAILURES.append(what)
        print("  FAIL:", what)
    return condition


def validated(text):
    message = json.loads(text)
    errors = VALIDATORS.errors(SERVER_MESSAGE, message)
    check(not errors, f"a {message.get('type')} message fails the schema: "
          + "; ".join(f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in errors[:3]))
    return message


class Community:
    """A community database with a chair and residents, and their invitations."""

    def __init__(self, tmp, residents=20, name="c"):
        self.tmp = tmp
        self.db = str(tmp / f"{name}.db")
        self.env = dict(os.environ, YISHI_KEY_DIR=str(tmp / "keys"))
        rules = tmp / "rules.json"
        rules.write_text(json.dumps({"notice_period_days": 0, "urgent_notice_period_hours": 0}))
        self.yishi("init", self.db, "--community", name, "--admin", "admin", "--rules", str(rules))
        lines = [{"cmd": "member.register", "actor": "admin", "member": "ch",
                  "roles": ["chair", "convener"], "display_name": "主持人"}]
        for i in range(1, residents + 1):
            lines.append({"cmd": "household.register", "actor": "admin", "household": f"h{i}",
                          "area_m2": 60 + i})
            lines.append({"cmd": "member.register", "actor": "admin", "member": f"r{i}",
                          "household": f"h{i}", "roles": ["resident"]})
        self.yishi("exec", self.db, "-", "--strict",
                   input="\n".join(json.dumps(l, ensure_ascii=False) for l in lines) + "\n")
        self.tokens = {}

    def yishi(self, *args, input=None, check_rc=True):
        r = subprocess.run([YISHI, *args], input=input, capture_output=True, text=True,
                           env=self.env, timeout=120)
        if check_rc and r.returncode != 0:
            raise RuntimeError(f"yishi {' '.join(args)}: {r.returncode}: {r.stderr}")
        return r

    def invite(self, member, *extra):
        out = json.loads(self.yishi("invite", self.db, "--member", member, "--quiet",
                                    *extra).stdout)
        self.tokens[member] = out["token"]
        return out


class Server:
    def __init__(self, community, config=None):
        self.community = community
        args = [SERVER, "--db", community.db, "--listen", "127.0.0.1:0", "--log-level", "warn"]
        if config:
            path = community.tmp / "server.json"
            path.write_text(json.dumps(config))
            args += ["--config", str(path)]
        # stderr to a file, never an unread pipe: a server that logs (or a sanitizer
        # that reports) more than a pipe holds would block on it.
        self.stderr_path = community.tmp / f"server-{time.monotonic_ns()}.err"
        self.stderr_file = open(self.stderr_path, "w")
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self.stderr_file,
                                     text=True, env=community.env)
        first = self.proc.stdout.readline()
        if not first.startswith("listening on http://"):
            raise RuntimeError(f"server did not start: {first!r} {self.stderr_path.read_text()}")
        self.base = first.split("listening on ")[1].strip()
        self.ws = self.base.replace("http://", "ws://") + "/ws"

    def get(self, path):
        with urllib.request.urlopen(self.base + path, timeout=10) as r:
            return r.read().decode()

    def metric(self, name):
        for line in self.get("/metrics").splitlines():
            if line.startswith(name + " ") or line.startswith(name + "{"):
                return float(line.split()[-1])
        return None

    def alive(self):
        return self.proc.poll() is None and self.get("/healthz") == "ok\n"

    def stop(self, sig=signal.SIGTERM):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            # A sanitizer's build exits far more slowly (its leak check scans the heap).
            rc = self.proc.wait(timeout=120 if os.environ.get("YISHI_SANITIZER") else 15)
            if rc != 0 and sig != signal.SIGKILL and self.stderr_path.read_text().strip():
                print("  server stderr:", self.stderr_path.read_text()[-3000:])
            return rc
        finally:
            self.proc.stdout.close()
            self.stderr_file.close()


class Client:
    """One participant: reads every message, validates it, resolves replies by id."""

    def __init__(self, ws, validate=True):
        self.ws = ws
        self.validate = validate
        self.messages = []
        self.waiting = {}
        self.reader = asyncio.ensure_future(self._read())
        self.next_id = 0

    @classmethod
    async def connect(cls, server, token=None, validate=True, **kw):
        ws = await websockets.connect(server.ws, max_size=None, **kw)
        client = cls(ws, validate)
        if token is not None:
            welcome = await client.send_and_wait({"type": "hello", "protocol": 1, "token": token},
                                                 lambda m: m["type"] in ("welcome", "error"))
            client.welcome = welcome
        return client

    async def _read(self):
        try:
            async for text in self.ws:
                m = validated(text) if self.validate else json.loads(text)
                self.messages.append(m)
                for key, (pred, fut) in list(self.waiting.items()):
                    if pred(m) and not fut.done():
                        fut.set_result(m)
                        del self.waiting[key]
        except websockets.ConnectionClosed:
            pass

    async def send_and_wait(self, message, predicate, timeout=20):
        fut = asyncio.get_event_loop().create_future()
        key = object()
        self.waiting[key] = (predicate, fut)
        await self.ws.send(json.dumps(message, ensure_ascii=False))
        return await asyncio.wait_for(fut, timeout)

    async def command(self, command):
        self.next_id += 1
        cid = f"c{self.next_id}"
        reply = await self.send_and_wait({"type": "command", "id": cid, "command": command},
                                         lambda m: m.get("id") == cid)
        return reply

    def events(self, stream="community"):
        return [m for m in self.messages if m["type"] == "event" and m["stream"] == stream]

    async def wait_for_seq(self, seq, stream="community", timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ev = self.events(stream)
            if ev and ev[-1]["seq"] >= seq:
                return True
            await asyncio.sleep(0.02)
        return False

    async def close(self):
        await self.ws.close()
        await self.reader


def now_plus(seconds):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + seconds))


# ---------------------------------------------------------------------------

async def test_meeting_fanout_and_resume(tmp):
    """A chair and 20 residents run a meeting: everyone receives the same events in
    the same order; one drops and resumes with after_seq, missing nothing, twice nothing."""
    c = Community(tmp, residents=20)
    for m in ["ch"] + [f"r{i}" for i in range(1, 21)]:
        c.invite(m)
    server = Server(c)
    try:
        chair = await Client.connect(server, c.tokens["ch"])
        check(chair.welcome["type"] == "welcome" and chair.welcome["roles"] == ["convener", "chair"]
              or chair.welcome["roles"] == ["chair", "convener"], f"chair welcome {chair.welcome}")
        residents = []
        for i in range(1, 21):
            server.get("/healthz")  # as a browser fetches the page before its WebSocket
            residents.append(await Client.connect(server, c.tokens[f"r{i}"]))
        everyone = [chair] + residents
        # The sessions are spread over the network threads' shares (two by default),
        # whatever HTTP requests came between them.
        per_share = [line for line in server.get("/metrics").splitlines()
                     if line.startswith("yishi_share_sessions{")]
        counts = [int(float(line.split()[-1])) for line in per_share]
        check(len(counts) == 2 and sum(counts) == 21 and max(counts) - min(counts) <= 1,
              f"21 sessions spread evenly over the shares: {per_share}")
        for p in everyone:
            snap = await p.send_and_wait({"type": "subscribe", "stream": "community"},
                                         lambda m: m["type"] == "snapshot")
            check(snap["state"]["community"] == "c", "snapshot of the community")
        meeting = await residents[0].send_and_wait(
            {"type": "subscribe", "stream": "meeting:m1"}, lambda m: m["type"] == "error")
        check(meeting["code"] == "unknown_stream", f"no meeting yet: {meeting}")

        acks = []
        for cmd in [{"cmd": "meeting.schedule", "meeting": "m1", "kind": "council",
                     "title": "四月议事会", "starts_at": now_plus(2), "chair": "ch"},
                    {"cmd": "meeting.add_item", "meeting": "m1", "item": "i1", "title": "路灯",
                     "planned_minutes": 10},
                    {"cmd": "meeting.open", "meeting": "m1"}]:
            reply = await chair.command(cmd)
            check(reply["type"] == "ack", f"chair {cmd['cmd']}: {reply}")
            acks.append(reply)
        replies = await asyncio.gather(*[r.command({"cmd": "meeting.check_in", "meeting": "m1"})
                                         for r in residents])
        check(all(r["type"] == "ack" for r in replies), f"check-ins: {replies[:2]}")
        # The 20th resident drops here, remembering the last seq it saw.
        dropped = residents[-1]
        head = max(max(r["seq"]) for r in replies)
        check(await dropped.wait_for_seq(head), "r20 saw the check-ins")
        before_drop = [e["seq"] for e in dropped.events()]
        await dropped.close()
        for cmd in [{"cmd": "meeting.call_to_order", "meeting": "m1"},
                    {"cmd": "meeting.start_item", "meeting": "m1", "item": "i1"}]:
            reply = await chair.command(cmd)
            check(reply["type"] == "ack", f"chair {cmd['cmd']}: {reply}")
            acks.append(reply)
        # A resident's chair-only command is refused, with its id, and changes nothing.
        refused = await residents[0].command({"cmd": "vote.call", "meeting": "m1"})
        check(refused["type"] == "rejected", f"resident vote.call: {refused}")
        again = await Client.connect(server, c.tokens["r20"])
        await again.ws.send(json.dumps({"type": "subscribe", "stream": "community",
                                        "after_seq": before_drop[-1]}))
        last = max(acks[-1]["seq"])
        for p in everyone[:-1] + [again]:
            check(await p.wait_for_seq(last), "every participant reaches the last seq")
        reference = [e["seq"] for e in chair.events()]
        for i, p in enumerate(everyone[:-1]):
            check([e["seq"] for e in p.events()] == reference, f"participant {i} saw the same events")
            check([e["event"]["hash"] for e in p.events()] ==
                  [e["event"]["hash"] for e in chair.events()], f"participant {i}: same bytes")
        resumed = [e["seq"] for e in again.events()]
        check(not any(m["type"] == "snapshot" for m in again.messages), "a resume sends no snapshot")
        check(before_drop + resumed == reference,
              f"the resumed client missed nothing, got nothing twice: {before_drop[-3:]} + {resumed[:3]}"
              f" vs {reference[len(before_drop) - 3:len(before_drop) + 3]}")
        seqs = reference
        check(seqs == sorted(set(seqs)), "seqs strictly increase")
        # Thirty commands written back to back: the replies of one commit leave in
        # one write (the last reply handed over writes them all); none is lost or doubled.
        burst = [f"burst{k}" for k in range(30)]
        for k, cid in enumerate(burst):
            await residents[0].ws.send(json.dumps({"type": "command", "id": cid, "command": {
                "cmd": "proposal.draft", "proposal": f"b{k}", "title": f"提案{k}"}},
                ensure_ascii=False))
        deadline = time.monotonic() + 20
        answered = []
        while time.monotonic() < deadline:
            answered = [m for m in residents[0].messages if str(m.get("id", "")).startswith("burst")]
            if len(answered) >= len(burst):
                break
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.2)  # a doubled reply would come now
        answered = [m for m in residents[0].messages if str(m.get("id", "")).startswith("burst")]
        check([m["id"] for m in answered] == burst and all(m["type"] == "ack" for m in answered),
              f"a burst of 30 commands: each answered once, in order: {[(m['id'], m['type'], m.get('code')) for m in answered][:3]} ({len(answered)})")
        for p in everyone[:-1] + [again]:
            await p.close()
    finally:
        check(server.stop() == 0, "SIGTERM: exit 0")


async def test_votes_arrive_as_counts(tmp):
    """Twenty residents vote at once while they ping the server: nobody is sent the
    votes one by one, everyone gets the participation count, never a choice; the
    server's own frames (pongs) and the batched event frames never corrupt each other."""
    c = Community(tmp, residents=20)
    for m in ["ch"] + [f"r{i}" for i in range(1, 21)]:
        c.invite(m)
    server = Server(c)
    try:
        chair = await Client.connect(server, c.tokens["ch"])
        residents = [await Client.connect(server, c.tokens[f"r{i}"]) for i in range(1, 21)]
        for p in [chair] + residents:
            await p.send_and_wait({"type": "subscribe", "stream": "community"},
                                  lambda m: m["type"] == "snapshot")
        reply = await chair.command({"cmd": "ballot.open", "ballot": "b1", "question": "开放夜间健身？",
                                     "secrecy": "secret", "closes_at": now_plus(3600)})
        check(reply["type"] == "ack", f"poll opened: {reply}")
        pings = [await r.ws.ping() for r in residents]  # in flight while the votes stream
        votes = await asyncio.gather(*[
            r.command({"cmd": "ballot.cast", "ballot": "b1", "choice": "yes", "nonce": f"{i:064x}"})
            for i, r in enumerate(residents, 1)])
        check(all(v["type"] == "ack" and len(v.get("receipt", "")) == 64 for v in votes),
              f"votes acked, each with its voter's receipt: {votes[:2]}")
        last_vote = max(max(v["seq"]) for v in votes)
        await asyncio.wait_for(asyncio.gather(*pings), 10)  # every pong came back
        for i, p in enumerate([chair] + residents):
            deadline = time.monotonic() + 10
            counts = []
            while time.monotonic() < deadline:
                counts = [m for m in p.messages if m["type"] == "participation"]
                if counts and counts[-1]["voted"] == 20:
                    break
                await asyncio.sleep(0.05)
            check(counts and counts[-1]["voted"] == 20 and counts[-1]["eligible"] == 20
                  and counts[-1]["last_vote_seq"] == last_vote and counts[-1]["ballot"] == "b1",
                  f"participant {i} got the count: {counts[-1:]}")
            check(len(counts) <= 3, f"participant {i}: counts throttled ({len(counts)} for 20 votes)")
            check(not any(e["event"]["type"] in ("ballot.participated", "ballot.sealed")
                          for e in p.events()), f"participant {i} was sent no vote itself")
        writes, frames = server.metric("yishi_socket_writes_total"), server.metric("yishi_frames_out_total")
        check(writes and frames and frames >= writes, f"frames {frames} in {writes} writes")
        print(f"  {frames:.0f} frames in {writes:.0f} gathered writes")
        for p in [chair] + residents:
            await p.close()
    finally:
        check(server.stop() == 0, "SIGTERM: exit 0")


async def expect_close(ws, code, what, timeout=10):
    try:
        await asyncio.wait_for(ws.wait_closed(), timeout)
    except asyncio.TimeoutError:
        check(False, f"{what}: not closed")
        return
    check(ws.close_code == code, f"{what}: closed with {ws.close_code}, expected {code}")


async def test_bad_input(tmp):
    """Each bad input gets its documented answer; the server stays up; nothing changes."""
    c = Community(tmp, residents=2)
    c.invite("r1")
    revoked = c.invite("r2")
    expired = c.invite("r1")
    server = Server(c)
    try:
        head_before = server.get("/api/c/c/events?from=1&limit=1000")
        r1 = await Client.connect(server, c.tokens["r1"])
        cases = [
            ("not json", "bad_message"),
            ('{"type":"subscribe","stream":5}', "bad_message"),
            ('{"type":"subscribe","stream":"community","after_seq":' + "9" * 400 + "}", "bad_message"),
            ('{"type":"subscribe","stream":"community","after_seq":-1}', "bad_message"),
            ('{"type":"teleport"}', "unknown_type"),
            ('{"type":"command","id":"x1","command":{"cmd":"no.such"}}', "bad_message"),
            ('{"type":"command","id":"x2","command":{"cmd":"proposal.draft","proposal":"p","title":"t","actor":"ch"}}',
             "bad_message"),
            ('{"type":"command","id":"' + "x" * 65 + '","command":{"cmd":"clock.tick"}}', "bad_message"),
            ('{"type":"subscribe","stream":"meeting:none"}', "unknown_stream"),
        ]
        for text, code in cases:
            fut = asyncio.get_event_loop().create_future()
            r1.waiting[object()] = (lambda m: m["type"] == "error", fut)
            await r1.ws.send(text)
            reply = await asyncio.wait_for(fut, 10)
            check(reply["code"] == code, f"{text[:60]}: {reply}")
        named = [m for m in r1.messages if m.get("id") == "x2"]
        check(named and "actor" in named[0]["reason"], f"the actor field is named: {named}")
        pong = await r1.send_and_wait({"type": "ping"}, lambda m: m["type"] == "pong")
        check(pong["server_time"].endswith("Z") and "." in pong["server_time"], "still up after bad input")
        # A resident's chair-only command: rejected, naming the role.
        reply = await r1.command({"cmd": "meeting.call_to_order", "meeting": "m1"})
        check(reply["type"] == "rejected", f"chair-only command: {reply}")
        # The same id again: the same reply, applied once.
        draft = {"type": "command", "id": "same", "command": {"cmd": "proposal.draft", "proposal": "p1",
                                                             "title": "路灯"}}
        first = await r1.send_and_wait(draft, lambda m: m.get("id") == "same")
        second = await r1.send_and_wait(draft, lambda m: m.get("id") == "same")
        check(first == second and first["type"] == "ack", f"re-sent id: {first} {second}")
        await r1.close()

        # Binary frame: 1003. 2 MiB frame: 1009.
        for frame, code, what in [(b"\x00\x01binary", 1003, "binary frame"),
                                  ("x" * (2 * 1024 * 1024), 1009, "2 MiB frame")]:
            r = await Client.connect(server, c.tokens["r1"])
            try:
                await r.ws.send(frame)
            except websockets.ConnectionClosed:
                pass  # the server may close before the client has finished sending
            await expect_close(r.ws, code, what)
        # Anything before hello: unauthenticated, 1008.
        r = await Client.connect(server)
        await r.ws.send(json.dumps({"type": "subscribe", "stream": "community"}))
        await expect_close(r.ws, 1008, "subscribe before hello")
        check(r.messages and r.messages[0]["code"] == "unauthenticated", f"before hello: {r.messages}")
        # A wrong, a revoked and an expired token.
        c.yishi("revoke", c.db, revoked["token_id"])  # while the server runs
        with sqlite3.connect(c.db) as db:
            db.execute("UPDATE invites SET expires_at = 0 WHERE token_id = ?", (expired["token_id"],))
        for token, what in [("0" * 16 + "." + "0" * 64, "unknown token"), (revoked["token"], "revoked"),
                            (expired["token"], "expired"), ("x", "malformed")]:
            r = await Client.connect(server)
            await r.ws.send(json.dumps({"type": "hello", "protocol": 1, "token": token}))
            await expect_close(r.ws, 1008, what)
            check(r.messages and r.messages[0]["code"] == "unauthenticated", f"{what}: {r.messages}")
        # A foreign Origin: refused before the upgrade.
        try:
            await websockets.connect(server.ws, origin="http://evil.example")
            check(False, "foreign origin accepted")
        except websockets.InvalidStatusCode as e:
            check(e.status_code == 403, f"foreign origin: {e.status_code}")
        # Too many bad messages in a minute: 1008.
        r = await Client.connect(server, c.tokens["r1"])
        for _ in range(12):
            try:
                await r.ws.send("{")
            except websockets.ConnectionClosed:
                break
        await expect_close(r.ws, 1008, "abusive client")
        check(server.alive(), "the server is still up")
        head = json.loads(server.get("/api/c/c/checkpoint"))
        check(head["community"] == "c" and head["tree_size"] >= 1 and len(head["signature"]) == 128,
              f"the newest signed head over HTTP: {head}")
        after = json.loads(server.get("/api/c/c/events?from=1&limit=1000"))
        check(len(after) == len(json.loads(head_before)) + 1,
              "nothing changed but the one draft")
    finally:
        check(server.stop() == 0, "SIGTERM: exit 0")


async def test_kill9_keeps_every_ack(tmp):
    """kill -9 during a stream of acknowledged votes; after a restart every acked
    vote is in the log once, the log verifies, and clients resume."""
    c = Community(tmp, residents=20)
    for m in ["ch"] + [f"r{i}" for i in range(1, 21)]:
        c.invite(m)
    server = Server(c)
    acked = {}
    resend = {}  # voter -> (command id, k, seqs) of its last acknowledged draft
    try:
        chair = await Client.connect(server, c.tokens["ch"])
        reply = await chair.command({"cmd": "ballot.open", "ballot": "b1", "question": "开放夜间健身？",
                                     "secrecy": "secret", "closes_at": now_plus(3600)})
        check(reply["type"] == "ack", f"poll opened: {reply}")
        voters = [await Client.connect(server, c.tokens[f"r{i}"]) for i in range(1, 21)]

        async def vote_and_draft(i, v):
            reply = await v.command({"cmd": "ballot.cast", "ballot": "b1", "choice": "yes",
                                     "nonce": f"{i:064x}"})
            if reply["type"] == "ack":
                acked[("vote", i)] = reply["seq"]
            for k in range(1000):
                reply = await v.command({"cmd": "proposal.draft", "proposal": f"p{i}-{k}",
                                         "title": "提案"})
                if reply["type"] == "ack":
                    acked[("draft", i, k)] = reply["seq"]
                    resend[i] = (reply["id"], k, reply["seq"])

        tasks = [asyncio.ensure_future(vote_and_draft(i, v)) for i, v in enumerate(voters, 1)]
        while len(acked) < 200:
            await asyncio.sleep(0.01)
        server.proc.kill()  # SIGKILL, mid-stream
        server.proc.wait()
        await asyncio.gather(*tasks, return_exceptions=True)
    finally:
        server.stop()
    check(len(acked) >= 200, f"{len(acked)} acks before the kill")
    verify = c.yishi("verify", c.db, check_rc=False)
    check(verify.returncode == 0, f"the log verifies after kill -9: {verify.stdout} {verify.stderr}")
    log = [json.loads(l) for l in c.yishi("log", c.db).stdout.splitlines()]
    by_seq = {e["seq"]: e for e in log}
    drafted = [e["event"]["proposal"] for e in log if e["type"] == "proposal.drafted"]
    check(len(drafted) == len(set(drafted)), "no command applied twice")
    for key, seqs in acked.items():
        for s in seqs:
            e = by_seq.get(s)
            ok = e is not None and (e["type"] == "ballot.participated" if key[0] == "vote" else
                                    e["event"].get("proposal") == f"p{key[1]}-{key[2]}")
            if not check(ok, f"acked {key} at seq {s} is in the log"):
                break
    # Restart; a client resumes from the middle.
    server = Server(c)
    try:
        r = await Client.connect(server, c.tokens["r1"])
        middle = len(log) // 2
        await r.ws.send(json.dumps({"type": "subscribe", "stream": "community", "after_seq": middle}))
        check(await r.wait_for_seq(len(log)), "resumed after the restart")
        votes = {"ballot.participated", "ballot.replaced"}  # streamed as counts
        check([e["seq"] for e in r.events()] ==
              [e["seq"] for e in log[middle:] if e["type"] not in votes],
              "exactly the events after its seq")
        # Its last acknowledged command, sent again after the restart: the first reply.
        cid, k, seqs = resend[1]
        again = await r.send_and_wait(
            {"type": "command", "id": cid,
             "command": {"cmd": "proposal.draft", "proposal": f"p1-{k}", "title": "提案"}},
            lambda m: m.get("id") == cid)
        check(again["type"] == "ack" and again["seq"] == seqs,
              f"a re-sent id after kill -9 and restart gets its first reply: {again} vs {seqs}")
        await r.close()
    finally:
        check(server.stop() == 0, "SIGTERM: exit 0")


async def test_slow_reader_does_not_stall_others(tmp):
    """One client that never reads, among 200 that do: the others get everything
    promptly; the slow one is resynced or dropped; server memory stays capped."""
    c = Community(tmp, residents=3)
    c.invite("r1")
    c.invite("r2")
    server = Server(c, config={"send_queue_messages": 256, "commands_per_second": 100000,
                               "command_burst": 100000})
    try:
        readers = []
        for i in range(200):
            # Validating 200 copies of every message would time the client, not the server.
            r = await Client.connect(server, c.tokens["r1"], validate=i < 3)
            await r.send_and_wait({"type": "subscribe", "stream": "community"},
                                  lambda m: m["type"] == "snapshot")
            readers.append(r)
        # The slow client: subscribes, then stops reading (its TCP window fills).
        slow = await websockets.connect(server.ws, max_size=None, max_queue=1, read_limit=2 ** 12)
        await slow.send(json.dumps({"type": "hello", "protocol": 1, "token": c.tokens["r2"]}))
        await slow.send(json.dumps({"type": "subscribe", "stream": "community"}))
        slow.transport.pause_reading()
        writer = readers[0]
        n = 1000
        payload = "长" * 3000  # 9 kB a message: the slow client's socket buffers fill
        last = None
        started = time.monotonic()
        for batch in range(0, n, 100):
            replies = await asyncio.gather(*[writer.command(
                {"cmd": "proposal.draft", "proposal": f"q{k}", "title": "路灯", "summary": payload})
                for k in range(batch, batch + 100)])
            check(all(r["type"] == "ack" for r in replies), "drafts acked")
            last = max(max(r["seq"]) for r in replies)
        for r in readers:
            if not check(await r.wait_for_seq(last, timeout=60), "every reader got every event"):
                break
        elapsed = time.monotonic() - started
        counts = {len(r.events()) for r in readers}
        check(counts == {n}, f"each reader got {n} events: {sorted(counts)[:3]}")
        resyncs = server.metric("yishi_resyncs_total") or 0
        dropped = server.metric("yishi_dropped_slow_clients_total") or 0
        check(resyncs + dropped >= 1, f"the slow client was resynced or dropped ({resyncs}, {dropped})")
        rss_kb = int([l for l in open(f"/proc/{server.proc.pid}/status") if l.startswith("VmRSS")][0].split()[1])
        # A sanitizer's allocator keeps freed memory in quarantine and adds shadow memory.
        cap_mb = 1200 if os.environ.get("YISHI_SANITIZER") else 400
        check(rss_kb < cap_mb * 1024, f"server memory stays capped: {rss_kb} kB")
        print(f"  {n} events to 200 readers in {elapsed:.1f} s; resyncs {resyncs}, dropped {dropped}, "
              f"server RSS {rss_kb // 1024} MB")
        for r in readers:
            await r.close()
        slow.transport.abort()
    finally:
        check(server.stop() == 0, "SIGTERM: exit 0")


# RFC 9162 §2.1, written here from the RFC, independently of engine/audit/merkle.cpp.
def sha256(data):
    return hashlib.sha256(data).digest()


def leaf_hash(leaf):
    return sha256(b"\x00" + leaf)


def node_hash(left, right):
    return sha256(b"\x01" + left + right)


def merkle_root(leaf_hashes):
    """MTH(D[0:n]) (§2.1.1), from the leaves' hashes."""
    n = len(leaf_hashes)
    if n == 0:
        return sha256(b"")
    if n == 1:
        return leaf_hashes[0]
    k = 1 << ((n - 1).bit_length() - 1)  # the largest power of two below n
    return node_hash(merkle_root(leaf_hashes[:k]), merkle_root(leaf_hashes[k:]))


def verify_inclusion(leaf, index, tree_size, path, root):
    """§2.1.3.2."""
    if index >= tree_size:
        return False
    fn, sn, r = index, tree_size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(first, second, first_root, second_root, path):
    """§2.1.4.2, plus the trivial cases it leaves out (first = 0, first = second)."""
    if first > second:
        return False
    if first == second:
        return not path and first_root == second_root
    if first == 0:
        return not path
    if not path:
        return False
    if first & (first - 1) == 0:  # a power of two: its root is the first node
        path = [first_root] + path
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == first_root and sr == second_root and sn == 0


def flipped(h):
    """The hash with one bit changed."""
    return bytes([h[0] ^ 1]) + h[1:]


def http_get(server, path):
    """(status, content type, parsed JSON body or text) without raising on 4xx/5xx."""
    try:
        with urllib.request.urlopen(server.base + path, timeout=30) as r:
            status, ctype, body = r.status, r.headers.get("Content-Type"), r.read().decode()
    except urllib.error.HTTPError as e:
        status, ctype, body = e.code, e.headers.get("Content-Type"), e.read().decode()
    return status, ctype, json.loads(body) if ctype == "application/json" else body


def schema_errors(name, instance):
    return "; ".join(f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
                     for e in VALIDATORS.errors(schemas.BASE + name, instance)[:3])


async def test_proofs(tmp):
    """Inclusion and consistency proofs over HTTP, verified here from RFC 9162 against
    roots computed here from the events' envelope hashes and against the signed
    checkpoints; a changed hash fails verification; every bad request gets its 400
    and names what is wrong; the server stays up."""
    c = Community(tmp, residents=10)  # `init` and `exec` each sign a checkpoint
    c.invite("r1")
    with sqlite3.connect(c.db) as db:
        signed_sizes = [row[0] for row in db.execute("SELECT tree_size FROM checkpoints ORDER BY 1")]
    check(len(signed_sizes) >= 2, f"init and exec signed: {signed_sizes}")
    server = Server(c)
    try:
        r1 = await Client.connect(server, c.tokens["r1"])

        async def draft(n, prefix):
            for k in range(n):
                reply = await r1.command({"cmd": "proposal.draft", "proposal": f"{prefix}{k}",
                                          "title": "路灯"})
                check(reply["type"] == "ack", f"draft: {reply}")

        await draft(13, "p")  # events after the last signed head
        events = json.loads(server.get("/api/c/c/events?from=1&limit=1000"))
        head = len(events)
        check([e["seq"] for e in events] == list(range(1, head + 1)), "the whole log over /events")
        leaves = [leaf_hash(bytes.fromhex(e["hash"])) for e in events]
        latest = json.loads(server.get("/api/c/c/checkpoint"))
        check(not schema_errors("http/checkpoint.json", latest),
              f"/checkpoint fits http/checkpoint.json: {schema_errors('http/checkpoint.json', latest)}")
        signed = latest["tree_size"]
        check(signed == signed_sizes[-1] and signed < head, f"the last signed head {signed} < {head}")
        check(latest["root"] == merkle_root(leaves[:signed]).hex(), "the signed root is the log's")

        def check_inclusion(seq, tree_size, proof, what):
            if not check(not schema_errors("http/proof.json", proof),
                         f"{what} fits http/proof.json: {schema_errors('http/proof.json', proof)}"):
                return
            check(proof["seq"] == seq and proof["leaf_index"] == seq - 1
                  and proof["tree_size"] == tree_size, f"{what}: {seq} in {tree_size}: {proof}")
            envelope_hash = bytes.fromhex(proof["envelope"]["hash"])
            check(proof["envelope"] == events[seq - 1], f"{what}: the event as /events gives it")
            leaf = leaf_hash(envelope_hash)
            check(proof["leaf_hash"] == leaf.hex(), f"{what}: leaf hash = SHA-256(0x00 ‖ envelope hash)")
            root = bytes.fromhex(proof["root"])
            check(root == merkle_root(leaves[:tree_size]), f"{what}: the root of the first {tree_size}")
            path = [bytes.fromhex(h) for h in proof["audit_path"]]
            check(verify_inclusion(leaf, seq - 1, tree_size, path, root), f"{what}: the proof verifies")
            # A proof that is wrong anywhere must fail: the test is worth nothing otherwise.
            check(not verify_inclusion(flipped(leaf), seq - 1, tree_size, path, root),
                  f"{what}: another leaf fails")
            check(not verify_inclusion(leaf, seq - 1, tree_size, path, flipped(root)),
                  f"{what}: another root fails")
            for i in range(len(path)):
                bad = path[:i] + [flipped(path[i])] + path[i + 1:]
                check(not verify_inclusion(leaf, seq - 1, tree_size, bad, root),
                      f"{what}: a changed audit path hash {i} fails")
            if tree_size > 1:
                check(not verify_inclusion(leaf, seq % tree_size, tree_size, path, root),
                      f"{what}: another index fails")
                check(not verify_inclusion(leaf, seq - 1, tree_size, path[:-1], root),
                      f"{what}: a shortened path fails")
            if "checkpoint" in proof:
                cp = proof["checkpoint"]
                check(cp["tree_size"] == tree_size and cp["root"] == proof["root"]
                      and cp["signed_message"].split("\n")[2:4] == [str(tree_size), proof["root"]],
                      f"{what}: the checkpoint signs this root: {cp}")
            else:
                check(tree_size not in signed_sizes, f"{what}: a signed tree size without its checkpoint")

        cases = [(1, 1), (1, head), (head, head), (1, 2), (2, 2), (3, 7), (5, 8), (8, 8), (9, 16),
                 (signed, signed), (signed_sizes[0], signed_sizes[0]), (7, head - 1), (head // 2, head)]
        for seq, size in cases:
            status, ctype, proof = http_get(server, f"/api/c/c/proof/{seq}?tree_size={size}")
            if check(status == 200 and ctype == "application/json", f"proof {seq} in {size}: {status} {proof}"):
                check_inclusion(seq, size, proof, f"proof {seq} in {size}")
        # Without tree_size: the signed tree when it holds the event, else the head.
        for seq, size in [(1, signed), (signed, signed), (signed + 1, head), (head, head)]:
            proof = json.loads(server.get(f"/api/c/c/proof/{seq}"))
            check_inclusion(seq, size, proof, f"proof {seq}")
            check(("checkpoint" in proof) == (size == signed), f"proof {seq}: checkpoint iff signed")

        def check_consistency(old, new, proof, what):
            if not check(not schema_errors("http/consistency.json", proof),
                         f"{what} fits: {schema_errors('http/consistency.json', proof)}"):
                return
            check(proof["old_size"] == old and proof["new_size"] == new, f"{what}: sizes {proof}")
            old_root, new_root = bytes.fromhex(proof["old_root"]), bytes.fromhex(proof["new_root"])
            check(old_root == merkle_root(leaves[:old]) and new_root == merkle_root(leaves[:new]),
                  f"{what}: the roots of the log")
            path = [bytes.fromhex(h) for h in proof["proof"]]
            check(verify_consistency(old, new, old_root, new_root, path), f"{what}: verifies")
            if 0 < old < new:
                for i in range(len(path)):
                    bad = path[:i] + [flipped(path[i])] + path[i + 1:]
                    check(not verify_consistency(old, new, old_root, new_root, bad),
                          f"{what}: a changed proof hash {i} fails")
                check(not verify_consistency(old, new, flipped(old_root), new_root, path),
                      f"{what}: another old root fails")
                check(not verify_consistency(old, new, old_root, flipped(new_root), path),
                      f"{what}: another new root fails")
            for key, size in [("old_checkpoint", old), ("new_checkpoint", new)]:
                if size in signed_sizes:
                    cp = proof.get(key)
                    check(cp and cp["tree_size"] == size and cp["root"] == proof[key[:3] + "_root"],
                          f"{what}: {key} signs the root: {cp}")
                else:
                    check(key not in proof, f"{what}: no {key} for an unsigned size")

        for old, new in [(0, head), (1, head), (1, 2), (2, 3), (3, 7), (4, 8), (6, 9), (head, head),
                         (signed_sizes[0], signed), (signed, head), (7, head - 2)]:
            status, ctype, proof = http_get(server, f"/api/c/c/consistency?old={old}&new={new}")
            if check(status == 200 and ctype == "application/json", f"consistency {old} {new}: {proof}"):
                check_consistency(old, new, proof, f"consistency {old} → {new}")
        check_consistency(signed, head, json.loads(server.get(f"/api/c/c/consistency?old={signed}")),
                          "consistency to the head")

        # New events: the server's tree grows with them.
        await draft(5, "q")
        events = json.loads(server.get("/api/c/c/events?from=1&limit=1000"))
        old_head, head = head, len(events)
        leaves = [leaf_hash(bytes.fromhex(e["hash"])) for e in events]
        check(head == old_head + 5, f"five more events: {head}")
        check_inclusion(head, head, json.loads(server.get(f"/api/c/c/proof/{head}")), "the new head")
        check_consistency(old_head, head, json.loads(server.get(f"/api/c/c/consistency?old={old_head}")),
                          "the old head to the new")

        huge = "9" * 400
        bad = [
            ("/proof/abc", "bad_parameter", "seq"),
            ("/proof/", "bad_parameter", "seq"),
            ("/proof/-1", "bad_parameter", "seq"),
            ("/proof/+1", "bad_parameter", "seq"),
            ("/proof/0x1", "bad_parameter", "seq"),
            ("/proof/1/2", "bad_parameter", "seq"),
            (f"/proof/{huge}", "bad_parameter", "seq"),
            ("/proof/18446744073709551616", "bad_parameter", "seq"),  # 2^64
            ("/proof/0", "out_of_range", "seq"),
            (f"/proof/{head + 1}", "out_of_range", "seq"),
            ("/proof/18446744073709551615", "out_of_range", "seq"),
            (f"/proof/5?tree_size=4", "out_of_range", "seq"),
            (f"/proof/1?tree_size=0", "out_of_range", "seq"),
            (f"/proof/1?tree_size={head + 1}", "out_of_range", "tree_size"),
            (f"/proof/1?tree_size={huge}", "bad_parameter", "tree_size"),
            ("/proof/1?tree_size=", "bad_parameter", "tree_size"),
            ("/proof/1?tree_size=1.0", "bad_parameter", "tree_size"),
            ("/proof/1?tree_size=2&tree_size=2", "bad_parameter", "tree_size"),
            ("/proof/1?size=2", "bad_parameter", "size"),
            ("/consistency", "bad_parameter", "old"),
            ("/consistency?new=3", "bad_parameter", "old"),
            ("/consistency?old=", "bad_parameter", "old"),
            ("/consistency?old=1e3", "bad_parameter", "old"),
            (f"/consistency?old={huge}", "bad_parameter", "old"),
            ("/consistency?old=1&new=x", "bad_parameter", "new"),
            ("/consistency?old=5&new=3", "out_of_range", "old"),
            (f"/consistency?old={head + 1}", "out_of_range", "old"),
            (f"/consistency?old=1&new={head + 1}", "out_of_range", "new"),
            ("/consistency?old=1&new=18446744073709551615", "out_of_range", "new"),
        ]
        for path, code, field in bad:
            status, ctype, body = http_get(server, "/api/c/c" + path)
            if check(status == 400 and ctype == "application/json", f"{path[:60]}: {status} {body}"):
                check(body["error"] == code and body.get("field") == field and body["reason"],
                      f"{path[:60]}: {body}")
                check(not schema_errors("http/error.json", body), f"{path[:60]}: fits http/error.json")
        for path in ["/api/c/nope/proof/1", "/api/c/nope/consistency?old=1"]:
            status, _, _ = http_get(server, path)
            check(status == 404, f"{path}: {status}")
        check(server.alive(), "the server is still up")
        check(json.loads(server.get(f"/api/c/c/proof/{head}"))["root"] == merkle_root(leaves).hex(),
              "and still proves")
        await r1.close()
    finally:
        check(server.stop() == 0, "SIGTERM: exit 0")


async def test_views_checks_and_web_files(tmp):
    """A view-only invitation follows streams and can never act; `check` answers as
    the command would be answered and commits nothing; /api/c/ID/members gives
    display names without contacts; the web client's files are served gzipped,
    revalidated by ETag, and nothing outside the folder is reachable."""
    import gzip as gzip_module
    c = Community(tmp, residents=2)
    c.yishi("exec", c.db, "-", "--strict", input=json.dumps(
        {"cmd": "meeting.schedule", "actor": "ch", "meeting": "m1", "kind": "consultation",
         "title": "议事会", "starts_at": now_plus(600), "chair": "ch"}, ensure_ascii=False) + "\n")
    c.invite("ch")
    c.invite("r1")
    view = json.loads(c.yishi("invite", c.db, "--view", "projector", "--meeting", "m1",
                              "--quiet", "--base-url", "http://room.example/").stdout)
    check(view["member"] == "" and view["roles"] == [] and view["view"] == "projector",
          f"a view invitation names no member and no role: {view}")
    check(view["link"].startswith("http://room.example/#token=") and
          view["link"].endswith("&view=projector&meeting=m1"), f"its link: {view['link']}")
    bad = c.yishi("invite", c.db, "--view", "projector", "--meeting", "nope", "--quiet",
                  check_rc=False)
    check(bad.returncode != 0 and "nope" in bad.stderr, f"an unknown meeting: {bad.stderr}")
    bad = c.yishi("invite", c.db, "--view", "kiosk", "--quiet", check_rc=False)
    check(bad.returncode != 0, "a view is projector or audit")
    bad = c.yishi("invite", c.db, "--view", "audit", "--member", "r1", "--quiet", check_rc=False)
    check(bad.returncode != 0, "--view and --member exclude each other")

    web = tmp / "web"
    (web / "sub").mkdir(parents=True)
    page = "<!doctype html><title>议事</title>" + "<p>议事会</p>" * 400
    (web / "index.html").write_text(page, encoding="utf-8")
    (web / "app.js").write_text("export const x = 1;\n" * 200)
    (web / "app.js.map").write_text('{"version": 3, "sources": ["app.js"], "mappings": ""}')
    (web / "node_modules" / "esbuild").mkdir(parents=True)
    (web / "node_modules" / "esbuild" / "main.js").write_text("module.exports = {};\n")
    (web / "huge.js").write_bytes(b"/" * (4 * 1024 * 1024 + 1))
    (web / ".secret").write_text("hidden")
    (tmp / "outside.txt").write_text("outside")
    server = Server(c, {"static_dir": str(web)})
    try:
        projector = await Client.connect(server, view["token"])
        check(projector.welcome["type"] == "welcome", f"the view is welcomed: {projector.welcome}")
        check(projector.welcome.get("view") == "projector" and
              projector.welcome.get("meeting") == "m1" and projector.welcome["roles"] == [],
              f"welcome says the view: {projector.welcome}")
        snap = await projector.send_and_wait({"type": "subscribe", "stream": "meeting:m1"},
                                             lambda m: m["type"] in ("snapshot", "error"))
        check(snap["type"] == "snapshot", f"the view follows its meeting: {snap}")
        refused = await projector.command({"cmd": "proposal.draft", "proposal": "x", "title": "t"})
        check(refused["type"] == "rejected" and refused["code"] == "role_not_permitted",
              f"a view can never act: {refused}")

        chair = await Client.connect(server, c.tokens["ch"])
        resident = await Client.connect(server, c.tokens["r1"])
        open_meeting = {"cmd": "meeting.open", "meeting": "m1"}
        answer = await resident.send_and_wait({"type": "check", "id": "k1",
                                               "command": open_meeting},
                                              lambda m: m.get("id") == "k1")
        check(answer["type"] == "checked" and answer["ok"] is False and answer.get("code"),
              f"a resident may not open the meeting, and is told why: {answer}")
        answer = await chair.send_and_wait({"type": "check", "id": "k1", "command": open_meeting},
                                           lambda m: m.get("id") == "k1")
        check(answer == {"type": "checked", "id": "k1", "ok": True}, f"the chair may: {answer}")
        head = len(json.loads(server.get("/api/c/c/events?from=1&limit=1000")))
        again = await chair.send_and_wait({"type": "check", "id": "k2", "command": open_meeting},
                                          lambda m: m.get("id") == "k2")
        check(again.get("ok") is True, f"a check changes nothing, so it passes again: {again}")
        check(len(json.loads(server.get("/api/c/c/events?from=1&limit=1000"))) == head,
              "and the log did not grow")
        ack = await chair.command(open_meeting)
        check(ack["type"] == "ack", f"the command itself passes: {ack}")
        after = await chair.send_and_wait({"type": "check", "id": "k3", "command": open_meeting},
                                          lambda m: m.get("id") == "k3")
        check(after.get("ok") is False, f"once open, opening again would be refused: {after}")
        malformed = await chair.send_and_wait({"type": "check", "id": "k4", "command": 5},
                                              lambda m: m.get("id") == "k4")
        check(malformed["type"] == "error" and malformed["code"] == "bad_message",
              f"a malformed check is an error: {malformed}")

        status, ctype, members = http_get(server, "/api/c/c/members")
        chair_entry = [m for m in members if m["member"] == "ch"] if status == 200 else []
        check(chair_entry and chair_entry[0]["display_name"] == "主持人" and
              "chair" in chair_entry[0]["roles"], f"members with display names: {members}")
        check(all(set(m) == {"member", "display_name", "roles"} for m in members),
              "no contact details in /members")
        status, _, key = http_get(server, "/api/c/c/public_key")
        check(status == 200 and not schema_errors("http/public_key.json", key),
              f"/public_key: {status} {key}")
        # The standards: every period and the whole record, as the schema says; a bad
        # period length is refused with the API's JSON error, naming the parameter.
        for by in ("month", "quarter", "year"):
            status, _, report = http_get(server, f"/api/c/c/standards?by={by}")
            check(status == 200 and not schema_errors("http/standards.json", report) and
                  report["by"] == by, f"/standards?by={by}: {status} "
                  f"{schema_errors('http/standards.json', report) if status == 200 else report}")
        for scope in ("body=ch", "funding=volunteers", "by=year&body=r1&funding=venture_fund"):
            status, _, report = http_get(server, f"/api/c/c/standards?{scope}")
            check(status == 200 and not schema_errors("http/standards.json", report) and
                  report["scope"] and set(report["scope"]) <= {"body", "funding"},
                  f"/standards?{scope}: {status} {report if status != 200 else report['scope']}")
        for bad, field in (("by=week", "by"), ("by=" + "9" * 400, "by"), ("by=month&by=year", "by"),
                           ("body=nobody", "body"), ("body=a%20b", "body"), ("body=", "body"),
                           ("funding=none", "funding"), ("funding=loans", "funding"),
                           ("x" * 300 + "=1", "x" * 64)):
            status, _, body = http_get(server, f"/api/c/c/standards?{bad}")
            check(status == 400 and isinstance(body, dict) and body.get("error") == "bad_parameter"
                  and body.get("field") == field and not schema_errors("http/error.json", body),
                  f"/standards?{bad[:30]}: 400 bad_parameter naming {field[:10]}, not {status} {body}")
        with sqlite3.connect(c.db) as db:
            stored = db.execute("SELECT value FROM meta WHERE key = 'public_key'").fetchone()
        check(stored and key.get("public_key") == stored[0], "the key the store holds")

        request = urllib.request.Request(server.base + "/", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, timeout=10) as r:
            body, headers = r.read(), r.headers
        check(headers.get("Content-Encoding") == "gzip" and
              gzip_module.decompress(body).decode() == page and len(body) < len(page.encode()),
              "index.html is sent gzipped, and unpacks to the file")
        check("default-src 'self'" in headers.get("Content-Security-Policy", ""), "with the CSP")
        etag = headers.get("ETag")
        check(bool(etag), "with an ETag")
        request = urllib.request.Request(server.base + "/", headers={"If-None-Match": etag})
        try:
            urllib.request.urlopen(request, timeout=10)
            check(False, "an unchanged file is not sent again")
        except urllib.error.HTTPError as e:
            check(e.code == 304, f"304 Not Modified: {e.code}")
        with urllib.request.urlopen(server.base + "/app.js", timeout=10) as r:
            check(r.headers.get("Content-Encoding") is None and
                  r.headers.get("Content-Type").startswith("text/javascript"),
                  "a client that does not take gzip gets the plain file")
        status, ctype, _ = http_get(server, "/app.js.map")
        check(status == 200 and ctype.startswith("application/json"),
              f"the bundle's source map is served as JSON: {status} {ctype}")
        for path in ("/../outside.txt", "/%2e%2e/outside.txt", "/.secret", "/sub/../../outside.txt",
                     "/sub", "/nothing.js", "/node_modules/esbuild/main.js", "/huge.js"):
            status, _, _ = http_get(server, path)
            check(status == 404, f"{path}: 404, not {status}")
        check(server.alive(), "the server is up")
        for client in (projector, chair, resident):
            await client.close()
    finally:
        check(server.stop() == 0, "SIGTERM: exit 0")


TESTS = [test_meeting_fanout_and_resume, test_votes_arrive_as_counts, test_bad_input,
         test_kill9_keeps_every_ack, test_slow_reader_does_not_stall_others, test_proofs,
         test_views_checks_and_web_files]


def main():
    wanted = sys.argv[4:]
    for test in TESTS:
        if wanted and test.__name__ not in wanted:
            continue
        print(test.__name__)
        started = time.monotonic()
        with tempfile.TemporaryDirectory() as tmp:
            failures = len(FAILURES)
            try:
                asyncio.run(asyncio.wait_for(test(pathlib.Path(tmp)), 300))
            except Exception as e:  # a crash is a failure, with its story
                import traceback
                traceback.print_exc()
                FAILURES.append(f"{test.__name__} raised {type(e).__name__}: {e}")
            print(f"  {'ok' if len(FAILURES) == failures else 'FAILED'} "
                  f"({time.monotonic() - started:.1f} s)")
    print(f"{CHECKS} checks, {len(FAILURES)} failed")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
