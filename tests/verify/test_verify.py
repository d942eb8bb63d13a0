#!/usr/bin/python3
"""Tests for clients/verify/yishi_verify.py.

    python3 tests/verify/test_verify.py [DOSSIER.json PUBLIC_KEY]
    YISHI_DOSSIER=... YISHI_PUBLIC_KEY=... python3 tests/verify/test_verify.py

Synthetic dossiers are built here from scratch, following clients/verify/FORMAT.md with
helpers of this file's own (the envelope, the payload encoding, the RFC 9162 tree, its
audit paths and consistency proofs); the verifier only ever verifies, so the two sides
check each other. Given a real dossier and its community's public key (64 hex characters
or a file holding them), the real file is checked too. Plain unittest: no pytest needed.
"""

import copy
import hashlib
import importlib.util
import json
import os
import struct
import subprocess
import sys
import tempfile
import unittest
from unittest import mock
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
VERIFY_DIR = os.path.normpath(os.path.join(HERE, "..", "..", "clients", "verify"))
VERIFIER = os.path.join(VERIFY_DIR, "yishi_verify.py")


def _ensure_nacl():
    # PyNaCl is Debian's python3-nacl, seen only by /usr/bin/python3 (not by pyenv's).
    if importlib.util.find_spec("nacl") is not None:
        return
    system = "/usr/bin/python3"
    if os.path.exists(system) and not os.environ.get("YISHI_VERIFY_REEXEC"):
        os.environ["YISHI_VERIFY_REEXEC"] = "1"
        os.execv(system, [system] + sys.argv)
    sys.exit("test_verify: PyNaCl is not installed (apt-get install python3-nacl)")


_ensure_nacl()
import nacl.signing  # noqa: E402

sys.dont_write_bytecode = True  # no __pycache__ left in clients/verify
sys.path.insert(0, VERIFY_DIR)
import yishi_verify as yv  # noqa: E402

REAL = {"dossier": os.environ.get("YISHI_DOSSIER"), "key": os.environ.get("YISHI_PUBLIC_KEY")}

COMMUNITY = "test-community"
PROPOSAL = "bike-shed"
MEETING = "council-2026-04"
ITEM = "item-1"
SURVEY = "shed-survey"
START_MS = 1775000000000  # 2026-03-31T23:33:20Z

# ---------------------------------------------------------------------------------------
# FORMAT.md, implemented again here for building (independently of the verifier)

_INT_FORMATS = {"u8": "<B", "u16": "<H", "u32": "<I", "u64": "<Q",
                "i8": "<b", "i16": "<h", "i32": "<i", "i64": "<q"}


def encode_payload(fields):
    out = bytearray()
    for kind, value in fields:
        if kind in _INT_FORMATS:
            out += struct.pack(_INT_FORMATS[kind], value)
        elif kind == "bool":
            out.append(1 if value else 0)
        elif kind == "str":
            data = value.encode("utf-8")
            out += struct.pack("<Q", len(data)) + data
        elif kind == "bytes":
            out += bytes.fromhex(value)
        else:
            raise AssertionError(kind)
    return bytes(out)


def envelope_hash(ev):
    def sized(data):
        return struct.pack(">I", len(data)) + data
    payload = bytes.fromhex(ev["payload_hex"])
    data = (b"yishi.envelope.v1" + struct.pack(">Qq", ev["seq"], ev["time_ms"])
            + sized(ev["actor"].encode()) + sized(ev["type"].encode())
            + struct.pack(">I", ev["version"]) + sized(payload) + bytes.fromhex(ev["prev_hash"]))
    return hashlib.sha256(data).hexdigest()


def rehash(ev):
    """After editing an event on purpose: make its hash agree again."""
    ev["payload_hex"] = encode_payload(ev["fields"]).hex()
    ev["hash"] = envelope_hash(ev)


# RFC 9162 §2.1.1 (MTH), §2.1.3.1 (PATH), §2.1.4.1 (PROOF) over the entries (event hashes).

def _split(n):
    k = 1
    while k * 2 < n:
        k *= 2
    return k  # the largest power of two smaller than n


def mth(entries):
    if not entries:
        return hashlib.sha256(b"").digest()
    if len(entries) == 1:
        return hashlib.sha256(b"\x00" + entries[0]).digest()
    k = _split(len(entries))
    return hashlib.sha256(b"\x01" + mth(entries[:k]) + mth(entries[k:])).digest()


def audit_path(m, entries):
    if len(entries) == 1:
        return []
    k = _split(len(entries))
    if m < k:
        return audit_path(m, entries[:k]) + [mth(entries[k:])]
    return audit_path(m - k, entries[k:]) + [mth(entries[:k])]


def consistency_proof(m, entries):
    def subproof(m, d, b):
        n = len(d)
        if m == n:
            return [] if b else [mth(d)]
        k = _split(n)
        if m <= k:
            return subproof(m, d[:k], b) + [mth(d[k:])]
        return subproof(m - k, d[k:], False) + [mth(d[:k])]
    return subproof(m, entries, True)


# ---------------------------------------------------------------------------------------
# A synthetic community log and dossiers cut from it

def iso(ms):
    return datetime.fromtimestamp(ms / 1000, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_ms(ms):
    """RFC 3339 with milliseconds, as the verifier reports the checkpoint's time."""
    return iso(ms - ms % 1000)[:-1] + f".{ms % 1000:03d}Z"


class Log:
    def __init__(self, community=COMMUNITY):
        self.community = community
        self.events = []  # in dossier form, without inclusion proofs

    def append(self, type_, readable, fields, actor="admin", version=1, time_ms=None):
        seq = len(self.events) + 1
        prev = self.events[-1] if self.events else None
        if time_ms is None:
            time_ms = (prev["time_ms"] if prev else START_MS) + 60_000
        ev = {"seq": seq, "time": iso(time_ms), "time_ms": time_ms, "actor": actor,
              "type": type_, "version": version, "payload_hex": "",
              "prev_hash": prev["hash"] if prev else "00" * 32, "hash": "",
              "event": readable, "fields": fields}
        rehash(ev)
        self.events.append(ev)
        return seq

    def entries(self, size):
        return [bytes.fromhex(e["hash"]) for e in self.events[:size]]

    def checkpoint(self, size, key, community=None):
        community = community or self.community
        root = mth(self.entries(size)).hex()
        time_ms = self.events[size - 1]["time_ms"] + 1000 if size else START_MS
        message = f"yishi-checkpoint/v1\n{community}\n{size}\n{root}\n{time_ms}\n"
        return {"community": community, "tree_size": size, "root": root,
                "time": iso(time_ms), "time_ms": time_ms,
                "signature": key.sign(message.encode()).signature.hex(),
                "signed_message": message}

    def dossier(self, seqs, key, size=None, previous_size=None, manifest_key=None,
                manifest_seqs=None, proposal=PROPOSAL):
        """manifest_key: None signs with `key`, False leaves the manifest unsigned."""
        size = size or len(self.events)
        entries = self.entries(size)
        events = []
        for seq in seqs:
            ev = copy.deepcopy(self.events[seq - 1])
            path = audit_path(seq - 1, entries) if seq <= size else []
            ev["inclusion_proof"] = [h.hex() for h in path]
            events.append(ev)

        listed = list(seqs if manifest_seqs is None else manifest_seqs)
        message = (f"yishi-dossier/v1\n{self.community}\n{proposal}\n{size}\n"
                   f"{','.join(map(str, listed))}\n")
        signer = key if manifest_key is None else manifest_key
        signature = signer.sign(message.encode()).signature.hex() if signer else ""

        previous = proof = None
        if previous_size is not None:
            previous = self.checkpoint(previous_size, key)
            proof = [h.hex() for h in consistency_proof(previous_size, entries)]
        return {
            "format": "yishi.dossier.v1", "community": self.community, "proposal": proposal,
            "public_key": key.verify_key.encode().hex(),
            "checkpoint": self.checkpoint(size, key),
            "previous_checkpoint": previous, "consistency_proof": proof,
            "manifest": {"tree_size": size, "seqs": listed, "signature": signature,
                         "signed_message": message},
            "events": events,
            "minutes": [{"meeting": MEETING, "language": "en", "text": "The shed is adopted."}],
            "result": {"ballot": "", "outcome": "adopted"},
        }


def S(value):
    return ["str", value]


def step(type_, readable, *fields, version=1, in_dossier=True):
    return {"type": type_, "event": readable, "fields": [["u8", 1]] + [list(f) for f in fields],
            "version": version, "in_dossier": in_dossier}


def story(task_order=None, outcome="adopted"):
    """The legal story of one decision, from its drafting to its evaluation.
    task_order: the task.* steps after task.opened in another order (by type)."""
    P, M, I, T = PROPOSAL, MEETING, ITEM, PROPOSAL  # the decision's own task id is P
    at = START_MS
    attachment = hashlib.sha256(b"photo of the finished shed").hexdigest()
    steps = [
        step("proposal.drafted", {"proposal": P, "author": "chen", "kind": "ordinary",
                                  "title": "自行车棚 A bicycle shed", "summary": "Roof it.",
                                  "at": iso(at), "estimated_cost": 12000,
                                  "category": "facilities"},
             S(P), S("chen"), ("u8", 0), S("自行车棚 A bicycle shed"), S("Roof it."),
             ("i64", at), ("i64", 12000), S("facilities"), version=2),
        step("proposal.submitted", {"proposal": P, "support_deadline": iso(at + 7 * 86400000),
                                    "support_threshold": 1},
             S(P), ("i64", at + 7 * 86400000), ("u32", 1)),
        step("proposal.supported", {"proposal": P, "supporter": "li"}, S(P), S("li")),
        step("proposal.sent_to_screening", {"proposal": P}, S(P)),
        step("proposal.accepted", {"proposal": P, "reason": "within budget"},
             S(P), S("within budget")),
        step("meeting.scheduled", {"meeting": M, "title": "April council"},
             S(M), S("April council"), version=4),
        step("proposal.scheduled", {"proposal": P, "meeting": M}, S(P), S(M)),
        step("meeting.item_added", {"meeting": M, "item": I, "proposal": P,
                                    "title": "Bicycle shed", "question": "Build it?",
                                    "planned_minutes": 20, "position": 0},
             S(M), S(I), S(P), S("Bicycle shed"), S("Build it?"), ("u32", 20), ("u32", 0)),
        step("meeting.opened", {"meeting": M}, S(M)),
        step("meeting.item_started", {"meeting": M, "item": I}, S(M), S(I)),
        step("vote.called", {"meeting": M, "question": "Build it?"}, S(M), S("Build it?")),
        step("vote.counted", {"meeting": M, "yes": 9, "no": 2, "abstain": 1},
             S(M), ("u32", 9), ("u32", 2), ("u32", 1)),
        step("meeting.item_decided", {"meeting": M, "item": I, "outcome": outcome},
             S(M), S(I), ("u8", {"adopted": 1, "rejected": 2, "noted": 3}[outcome])),
        step("meeting.adjourned", {"meeting": M}, S(M)),
        step("task.opened", {"task": T, "parent": "", "proposal": P, "decided_at": M,
                             "title": "Build the shed", "weight": 1, "at": iso(START_MS)},
             S(T), S(""), S(P), S(M), S("Build the shed"), ("u32", 1), ("i64", START_MS)),
    ]
    task_steps = {
        "task.assigned": step("task.assigned", {"task": T, "body": "works-dept",
                                                "funding": "community_funds", "budget": 12000},
                              S(T), S("works-dept"), ("u8", 3), ("i64", 12000)),
        "task.milestone_added": step("task.milestone_added",
                                     {"task": T, "milestone": "roof", "title": "Roof on",
                                      "deliverable": "a roofed shed", "due": iso(at)},
                                     S(T), S("roof"), S("Roof on"), S("a roofed shed"),
                                     ("i64", at)),
        "task.started": step("task.started", {"task": T, "at": iso(at)}, S(T), ("i64", at)),
        "task.progress_reported": step(
            "task.progress_reported",
            {"task": T, "at": iso(at), "percent": 100, "spend": 11800, "note": "done",
             "milestone": "roof", "attachments": [attachment]},
            S(T), ("i64", at), ("bool", False), ("u32", 100), ("i64", 11800), S("done"),
            S("roof"), ("u64", 1), S(attachment)),
        "task.completed": step("task.completed", {"task": T, "at": iso(at)}, S(T), ("i64", at)),
    }
    order = task_order or ["task.assigned", "task.milestone_added", "task.started",
                           "task.progress_reported", "task.completed"]
    steps += [task_steps[t] for t in order]
    steps += [
        step("ballot.opened", {"ballot": SURVEY, "meeting": "", "item": ""}, S(SURVEY)),
        step("ballot.tallied", {"ballot": SURVEY}, S(SURVEY)),
        step("task.evaluated", {"task": T, "survey": SURVEY, "respondents": 40,
                                "score_min": 1, "score_max": 5, "satisfaction_milli": 4200},
             S(T), S(SURVEY), ("u64", 40), ("i64", 1), ("i64", 5), ("i64", 4200)),
    ]
    return steps


def build_log(steps, filler_tag="", community=COMMUNITY):
    """The whole log: the steps, with events of other business between some of them (in
    the log, not in the dossier). Returns the log and the seqs of the dossier's events."""
    log, seqs = Log(community), []
    for i, s in enumerate(steps):
        if i % 3 == 1:
            member = f"member-{i}{filler_tag}"
            log.append("member.registered", {"member": member}, [["u8", 1], S(member)])
        seq = log.append(s["type"], s["event"], s["fields"], version=s["version"])
        if s["in_dossier"]:
            seqs.append(seq)
    log.append("proposal.drafted", {"proposal": "street-lights"}, [["u8", 1], S("street-lights")])
    return log, seqs


KEY = nacl.signing.SigningKey(bytes(range(32)))
PUBLIC_KEY = KEY.verify_key.encode()
OTHER_KEY = nacl.signing.SigningKey(bytes(range(1, 33)))


def legal_dossier(**kwargs):
    log, seqs = build_log(story())
    kwargs.setdefault("previous_size", len(log.events) // 2)
    return log.dossier(seqs, KEY, **kwargs)


# ---------------------------------------------------------------------------------------
# Tests

class MerkleTests(unittest.TestCase):
    """The verifier's RFC 9162 algorithms against this file's RFC 9162 tree."""

    ENTRIES = [hashlib.sha256(str(i).encode()).digest() for i in range(40)]

    def test_inclusion_every_leaf_of_every_size(self):
        for n in range(1, len(self.ENTRIES) + 1):
            entries = self.ENTRIES[:n]
            root = mth(entries)
            for m in range(n):
                leaf = yv.leaf_hash(entries[m])
                path = audit_path(m, entries)
                self.assertTrue(yv.verify_inclusion(m, n, leaf, path, root), (m, n))
                self.assertFalse(yv.verify_inclusion(m, n, leaf, path + [root], root))
                if path:
                    self.assertFalse(yv.verify_inclusion(m, n, leaf, path[:-1], root))
                    self.assertFalse(yv.verify_inclusion(m, n, path[0], path, root))
                if n > 1:
                    other = (m + 1) % n
                    self.assertFalse(yv.verify_inclusion(other, n, leaf, path, root))
            self.assertFalse(yv.verify_inclusion(n, n, yv.leaf_hash(b"x"), [], root))

    def test_consistency_every_pair_of_sizes(self):
        for n in range(1, len(self.ENTRIES) + 1):
            second = mth(self.ENTRIES[:n])
            for m in range(1, n + 1):
                first = mth(self.ENTRIES[:m])
                proof = consistency_proof(m, self.ENTRIES[:n])
                self.assertTrue(yv.verify_consistency(m, n, first, second, proof), (m, n))
                wrong_first = hashlib.sha256(first).digest()
                self.assertFalse(yv.verify_consistency(m, n, wrong_first, second, proof))
                if m == n:
                    continue
                self.assertFalse(yv.verify_consistency(n, m, second, first, proof))
                self.assertFalse(yv.verify_consistency(m, n, first, second, proof[:-1]))
                bent = proof[:-1] + [hashlib.sha256(proof[-1]).digest()]
                self.assertFalse(yv.verify_consistency(m, n, first, second, bent))

    def test_consistency_edge_cases(self):
        root = mth(self.ENTRIES[:5])
        self.assertTrue(yv.verify_consistency(0, 5, mth([]), root, []))
        self.assertFalse(yv.verify_consistency(0, 5, root, root, []))
        self.assertTrue(yv.verify_consistency(5, 5, root, root, []))
        self.assertFalse(yv.verify_consistency(5, 5, root, root, [root]))
        self.assertFalse(yv.verify_consistency(3, 5, mth(self.ENTRIES[:3]), root, []))


class DossierTestCase(unittest.TestCase):
    def assertVerified(self, dossier, key=PUBLIC_KEY):
        result = yv.verify(dossier, key)
        self.assertTrue(result.ok, f"{result.reason}: {result.detail}")
        return result

    def assertRejected(self, dossier, reason, *in_detail, key=PUBLIC_KEY,
                       require_manifest=False):
        result = yv.verify(dossier, key, require_manifest=require_manifest)
        self.assertFalse(result.ok, "verified, should have been rejected")
        self.assertEqual(result.reason, reason, result.detail)
        for text in in_detail:
            self.assertIn(text, result.detail)
        return result


def event_of(dossier, type_):
    return next(e for e in dossier["events"] if e["type"] == type_)


def reviewer_recut(ev):
    """The security review's attack (/tmp/rv/forge_percent.py), for any
    task.progress_reported with a percent: the same payload bytes cut again so that the
    bool and the u32 percent come from the spend's top byte and the note's length prefix.
    The readable percent becomes the note's length. Returns that percent."""
    kinds = [k for k, _ in ev["fields"]]
    assert kinds[:9] == ["u8", "str", "i64", "bool", "u32", "i64", "str", "str", "u64"], kinds
    payload = bytes.fromhex(ev["payload_hex"])
    off = 1 + 8 + len(ev["fields"][1][1].encode())  # after the flag and the task id
    note = ev["fields"][6][1].encode()
    spend = payload[off + 13:off + 21]
    if spend[7] != 0 or len(note) < 4:
        return None  # this report's bytes do not lend themselves to the cut
    end_of_note = off + 21 + 8 + len(note)
    forged = [["u8", 1], ev["fields"][1],
              ["bytes", payload[off:off + 20].hex()],          # at, bool, u32, 7 spend bytes
              ["bool", False],                                 # the spend's top byte, 0
              ["u32", len(note)],                              # the note's length prefix ...
              ["i64", int.from_bytes(payload[off + 25:off + 33], "little", signed=True)],
              ["bytes", payload[off + 33:end_of_note].hex()]]  # ... and the note's rest
    forged += [list(f) for f in ev["fields"][7:]]              # milestone, attachments
    assert encode_payload(forged) == payload, "the re-cut must keep the hashed bytes"
    ev["fields"] = forged
    ev["event"]["percent"] = len(note)
    return len(note)


class SyntheticDossierTests(DossierTestCase):
    def test_legal_story_verifies(self):
        d = legal_dossier()
        result = self.assertVerified(d)
        self.assertEqual([c.status for c in result.checks], ["passed"] * 8)
        self.assertEqual([c.name for c in result.checks], yv.CHECK_NAMES)
        self.assertEqual(result.events, len(d["events"]))
        self.assertIn("evaluated", result.checks[-1].detail)

    def test_json_round_trip_verifies(self):
        raw = json.dumps(legal_dossier(), ensure_ascii=False).encode()
        self.assertTrue(yv.verify_bytes(raw, PUBLIC_KEY).ok)

    def test_without_previous_checkpoint_verifies(self):
        self.assertVerified(legal_dossier(previous_size=None))

    def test_unsigned_manifest_verifies_without_completeness(self):
        result = self.assertVerified(legal_dossier(manifest_key=False))
        manifest = result.checks[yv.CHECK_NAMES.index("manifest")]
        self.assertEqual(manifest.status, "not_checked")
        self.assertIn("completeness not checked", manifest.detail)
        self.assertIn("completeness not checked", result.detail)
        self.assertEqual(result.warnings,
                         ["COMPLETENESS NOT CHECKED: events may have been left out"])
        self.assertEqual(self.assertVerified(legal_dossier()).warnings, [])

    def test_unsigned_manifest_with_an_event_dropped(self):
        d = legal_dossier(manifest_key=False)
        dropped = d["events"].pop(6)
        d["manifest"]["seqs"].remove(dropped["seq"])
        self.assertIn("COMPLETENESS NOT CHECKED", self.assertVerified(d).warnings[0])
        result = self.assertRejected(d, "manifest_unsigned", "--require-manifest",
                                     require_manifest=True)
        self.assertEqual(result.checks[yv.CHECK_NAMES.index("manifest")].status, "failed")
        result = yv.verify(d, PUBLIC_KEY, require_manifest=True)
        self.assertEqual((result.ok, result.reason), (False, "manifest_unsigned"))

    def test_require_manifest_with_a_signed_manifest(self):
        result = yv.verify(legal_dossier(), PUBLIC_KEY, require_manifest=True)
        self.assertTrue(result.ok, result.detail)

    def test_checkpoint_time_and_tree_size(self):
        d = legal_dossier()
        result = self.assertVerified(d)
        self.assertEqual(result.checkpoint_time, iso_ms(d["checkpoint"]["time_ms"]))
        self.assertEqual(result.tree_size, d["checkpoint"]["tree_size"])
        self.assertIn(result.checkpoint_time, result.checks[yv.CHECK_NAMES.index(
            "checkpoint")].detail)
        self.assertEqual(yv.rfc3339_ms(1775819670123), "2026-04-10T11:14:30.123Z")
        self.assertEqual(yv.rfc3339_ms(-1), "1969-12-31T23:59:59.999Z")
        self.assertIsNone(yv.rfc3339_ms(2**63 - 1))
        # Known once parsed, even when a later check fails; unknown when parsing fails.
        d["events"][0]["actor"] = "mallory"
        result = yv.verify(d, PUBLIC_KEY)
        self.assertEqual((result.reason, result.tree_size), ("hash_mismatch",
                                                             d["checkpoint"]["tree_size"]))
        result = yv.verify_bytes(b"{", PUBLIC_KEY)
        self.assertEqual((result.checkpoint_time, result.tree_size), (None, None))

    # --- format

    def test_malformed(self):
        def broken(edit):
            d = legal_dossier()
            edit(d)
            return d
        cases = {
            "missing checkpoint": broken(lambda d: d.pop("checkpoint")),
            "wrong format": broken(lambda d: d.update(format="yishi.dossier.v2")),
            "seq as text": broken(lambda d: d["events"][0].update(seq="1")),
            "seq as true": broken(lambda d: d["events"][0].update(seq=True)),
            "hash too short": broken(lambda d: d["events"][0].update(hash="ab" * 31)),
            "hash upper case": broken(lambda d: d["events"][0].update(
                hash=d["events"][0]["hash"].upper())),
            "unknown field kind": broken(lambda d: d["events"][0]["fields"].append(["u128", 0])),
            "u8 out of range": broken(lambda d: d["events"][0]["fields"].__setitem__(0, ["u8", 256])),
            "no events": broken(lambda d: d.update(events=[])),
            "proof without hex": broken(lambda d: d["events"][0].update(inclusion_proof=["zz"])),
            "previous without proof": broken(lambda d: d.update(consistency_proof=None)),
            "not an object": [],
        }
        for name, d in cases.items():
            with self.subTest(name):
                self.assertRejected(d, "malformed")

    def test_unparseable_json(self):
        for raw in (b"{", b"\xff\xfe", b'{"format": NaN}',
                    b'{"format": "yishi.dossier.v1", "format": "yishi.dossier.v1"}'):
            with self.subTest(raw):
                result = yv.verify_bytes(raw, PUBLIC_KEY)
                self.assertEqual(result.reason, "malformed")
                self.assertEqual(result.checks[0].status, "failed")
                self.assertEqual({c.status for c in result.checks[1:]}, {"not_run"})

    # --- hash

    def test_one_changed_payload_byte(self):
        d = legal_dossier()
        ev = d["events"][4]
        payload = bytearray.fromhex(ev["payload_hex"])
        payload[-1] ^= 0x01
        ev["payload_hex"] = payload.hex()
        self.assertRejected(d, "hash_mismatch", f"seq {ev['seq']}")

    def test_changed_actor(self):
        d = legal_dossier()
        d["events"][0]["actor"] = "mallory"
        self.assertRejected(d, "hash_mismatch", f"seq {d['events'][0]['seq']}")

    # --- payload

    def test_edited_fields(self):
        d = legal_dossier()
        ev = event_of(d, "proposal.accepted")
        ev["fields"][2] = S("over budget")
        self.assertRejected(d, "payload_mismatch", f"seq {ev['seq']}")

    def test_readable_task_edited(self):
        d = legal_dossier()
        ev = event_of(d, "task.started")
        ev["event"]["task"] = "another-task"
        self.assertRejected(d, "readable_mismatch", f"seq {ev['seq']}", "another-task")

    def test_readable_milestone_edited(self):
        d = legal_dossier()
        ev = event_of(d, "task.progress_reported")
        ev["event"]["milestone"] = "walls"
        self.assertRejected(d, "readable_mismatch", "event.milestone")

    def test_subject_must_be_first_string(self):
        # Self-consistent bytes whose first string is not the subject the readable form names.
        log, seqs = build_log(story())
        ev = log.events[seqs[2] - 1]  # proposal.supported: [u8 1, str P, str supporter]
        ev["fields"][1:3] = [ev["fields"][2], ev["fields"][1]]
        for e in log.events[seqs[2] - 1:]:  # the chain from there on, hashed again
            if e["seq"] > 1:
                e["prev_hash"] = log.events[e["seq"] - 2]["hash"]
            rehash(e)
        self.assertRejected(log.dossier(seqs, KEY), "readable_mismatch", "first string")

    def test_readable_outcome_edited(self):
        d = legal_dossier()
        ev = event_of(d, "meeting.item_decided")
        ev["event"]["outcome"] = "rejected"  # the bytes still say 1, adopted
        self.assertRejected(d, "readable_mismatch", f"seq {ev['seq']}",
                            "meeting.item_decided", "event.outcome", "fields[3]")

    def test_outcome_bytes_disagree_with_readable(self):
        # Correctly hashed and signed: the bytes say rejected, the readable form adopted.
        steps = story()
        decided = next(s for s in steps if s["type"] == "meeting.item_decided")
        decided["fields"][3] = ["u8", 2]
        log, seqs = build_log(steps)
        self.assertRejected(log.dossier(seqs, KEY), "readable_mismatch",
                            "meeting.item_decided", "event.outcome", '"rejected"')

    def test_outcome_not_an_outcome(self):
        # A u32 where the u8 outcome belongs is a split FORMAT.md does not allow at all.
        for fields3, reason, text in ((["u8", 7], "readable_mismatch", "no outcome"),
                                      (["u32", 1], "payload_mismatch", "kind u32")):
            with self.subTest(fields3):
                steps = story()
                decided = next(s for s in steps if s["type"] == "meeting.item_decided")
                decided["fields"][3] = fields3
                log, seqs = build_log(steps)
                self.assertRejected(log.dossier(seqs, KEY), reason, "fields[3]", text)

    def test_readable_percent_edited(self):
        for percent in (90, None, True, 100.0, "100"):
            with self.subTest(percent):
                d = legal_dossier()
                ev = event_of(d, "task.progress_reported")
                ev["event"]["percent"] = percent  # the bytes still say 100
                self.assertRejected(d, "readable_mismatch", f"seq {ev['seq']}",
                                    "task.progress_reported", "event.percent")

    def test_percent_absent_from_the_bytes(self):
        # fields[3] true: no percent in the bytes, yet the readable form shows one.
        steps = story()
        report = next(s for s in steps if s["type"] == "task.progress_reported")
        del report["fields"][4]
        report["fields"][3] = ["bool", True]
        log, seqs = build_log(steps)
        self.assertRejected(log.dossier(seqs, KEY), "readable_mismatch", "event.percent",
                            "no percent")
        report["event"]["percent"] = None
        log, seqs = build_log(steps)
        self.assertVerified(log.dossier(seqs, KEY))

    def test_readable_milestone_emptied(self):
        d = legal_dossier()
        ev = event_of(d, "task.progress_reported")
        ev["event"]["milestone"] = ""  # the bytes deliver "roof"
        self.assertRejected(d, "readable_mismatch", "event.milestone", "fields[7]")

    def test_ids_in_the_wrong_places(self):
        # Every id still occurs as a str field, but not where FORMAT.md binds it.
        d = legal_dossier()
        ev = event_of(d, "meeting.item_added")
        ev["event"]["item"], ev["event"]["proposal"] = PROPOSAL, ITEM
        self.assertRejected(d, "readable_mismatch", "meeting.item_added", "event.item",
                            "fields[2]")

    def test_readable_parent_added(self):
        d = legal_dossier()
        ev = event_of(d, "task.opened")
        ev["event"]["parent"] = PROPOSAL  # occurs as a str, but fields[2] is ""
        self.assertRejected(d, "readable_mismatch", "task.opened", "event.parent")

    # --- the split into fields FORMAT.md fixes

    def assertForgeryCaughtOnlyByTheSplit(self, dossier):
        """Without the rule on the kinds of `fields`, the forgery would verify."""
        with mock.patch.object(yv, "_check_layout", lambda e: None):
            self.assertVerified(copy.deepcopy(dossier))

    def recut_log(self, report_fields, report_readable):
        """The legal story, its task.progress_reported replaced by one with these (genuine)
        fields and readable form."""
        steps = story()
        report = next(s for s in steps if s["type"] == "task.progress_reported")
        report["fields"] = [list(f) for f in report_fields]
        report["event"] = report_readable
        return build_log(steps)

    def test_reviewers_forged_percent(self):
        # /tmp/rv/forge_percent.py: a real 30% report with a 100-byte note, its bytes
        # re-cut so that the u32 percent is the note's length prefix: 100%.
        note = "a" * 100
        readable = {"task": PROPOSAL, "at": iso(START_MS), "percent": 30, "spend": 500,
                    "note": note, "milestone": "roof", "attachments": []}
        log, seqs = self.recut_log(
            [["u8", 1], S(PROPOSAL), ["i64", START_MS], ["bool", False], ["u32", 30],
             ["i64", 500], S(note), S("roof"), ["u64", 0]], readable)
        genuine = log.dossier(seqs, KEY)
        self.assertVerified(genuine)  # as the engine wrote it: 30%
        ev = event_of(genuine, "task.progress_reported")
        self.assertEqual(reviewer_recut(ev), 100)
        self.assertForgeryCaughtOnlyByTheSplit(genuine)
        self.assertEqual([k for k, _ in ev["fields"]],
                         ["u8", "str", "bytes", "bool", "u32", "i64", "bytes", "str", "u64"])
        self.assertRejected(genuine, "payload_mismatch", f"seq {ev['seq']}", "fields[2]",
                            "kind bytes", "kind i64")

    def test_bool_and_u32_cut_from_a_notes_length_prefix(self):
        # A report without a percent (bool true) and without a milestone, whose note (any
        # member can write one) is 25600 bytes long: its length prefix
        # 00 64 00 00 00 00 00 00 reads as bool false and u32 100. The note's text holds
        # the rest of a forged report: an empty note, milestone "roof", one attachment
        # that swallows what is left.
        # (Every length prefix in the note's text has bytes below 0x80: valid UTF-8.)
        pad = "n" * 120
        rest_len = 25600 - 5 - (8 + len(pad)) - (8 + 4) - 8 - 8
        attachment = "z" * rest_len + "\x00" * 16  # the note's end, then the real tail
        note = ("x" * 5 + struct.pack("<Q", len(pad)).decode() + pad
                + struct.pack("<Q", 4).decode() + "roof" + struct.pack("<Q", 1).decode()
                + struct.pack("<Q", len(attachment)).decode() + "z" * rest_len)
        self.assertEqual(len(note.encode()), 25600)
        readable = {"task": PROPOSAL, "at": iso(START_MS), "percent": None, "spend": 0,
                    "note": note, "milestone": "", "attachments": []}
        log, seqs = self.recut_log(
            [["u8", 1], S(PROPOSAL), ["i64", START_MS], ["bool", True], ["i64", 0],
             S(note), S(""), ["u64", 0]], readable)
        d = log.dossier(seqs, KEY)
        self.assertRejected(copy.deepcopy(d), "illegal_transition", "roof")  # undelivered
        ev = event_of(d, "task.progress_reported")
        payload = bytes.fromhex(ev["payload_hex"])
        off = 1 + 8 + len(PROPOSAL)
        forged = [["u8", 1], S(PROPOSAL),
                  ["bytes", payload[off:off + 17].hex()],  # at, the bool, the spend
                  ["bool", False], ["u32", 100],           # the note's length prefix ...
                  ["i64", int.from_bytes(payload[off + 22:off + 30], "little")],  # ... "xxxxx"
                  S(pad), S("roof"), ["u64", 1], S(attachment)]
        self.assertEqual(encode_payload(forged), payload)
        ev["fields"] = forged
        ev["event"].update(percent=100, milestone="roof", note=pad, attachments=[attachment])
        self.assertForgeryCaughtOnlyByTheSplit(d)
        self.assertRejected(d, "payload_mismatch", "fields[2]", "kind bytes")

    def test_bytes_field_inserted_to_shift_positions(self):
        # A report whose note reads "roof" and which delivers no milestone: an empty
        # `bytes` field before the note moves the note to where the milestone is bound.
        readable = {"task": PROPOSAL, "at": iso(START_MS), "percent": 100, "spend": 0,
                    "note": "roof", "milestone": "", "attachments": []}
        steps_fields = [["u8", 1], S(PROPOSAL), ["i64", START_MS], ["bool", False],
                        ["u32", 100], ["i64", 0], S("roof"), S(""), ["u64", 0]]
        log, seqs = self.recut_log(steps_fields, readable)
        d = log.dossier(seqs, KEY)
        # Undelivered, the roof milestone keeps the task from completing.
        self.assertRejected(copy.deepcopy(d), "illegal_transition", "roof")
        ev = event_of(d, "task.progress_reported")
        ev["fields"][6:6] = [["bytes", ""]]
        ev["event"]["milestone"] = "roof"
        self.assertForgeryCaughtOnlyByTheSplit(d)
        self.assertRejected(d, "payload_mismatch", "fields[6]", "kind bytes", "kind str")

    def test_fixed_splits(self):
        # Each type of the table, made self-consistent (the payload is what the fields
        # encode to) but cut otherwise: one field more, or one kind changed.
        cases = {
            "meeting.item_added": ([["u32", 0]], "9 fields where FORMAT.md fixes 8"),
            "meeting.item_decided": ([["bytes", ""]], "5 fields where FORMAT.md fixes 4"),
            "task.opened": ([S("")], "9 fields where FORMAT.md fixes 8"),
            "task.milestone_added": ([["bool", False]], "7 fields where FORMAT.md fixes 6"),
            "task.progress_reported": ([S("extra")], "11 fields where FORMAT.md fixes 10"),
        }
        for type_, (extra, text) in cases.items():
            with self.subTest(type_):
                steps = story()
                target = next(s for s in steps if s["type"] == type_)
                target["fields"] += extra
                log, seqs = build_log(steps)
                self.assertRejected(log.dossier(seqs, KEY), "payload_mismatch", type_, text)
        steps = story()
        milestone = next(s for s in steps if s["type"] == "task.milestone_added")
        milestone["fields"][5] = ["u64", START_MS]
        log, seqs = build_log(steps)
        self.assertRejected(log.dossier(seqs, KEY), "payload_mismatch", "fields[5]",
                            "kind u64", "kind i64")

    def test_fixed_split_of_item_deferred(self):
        for fields, text in (([S(MEETING), S(ITEM)], "3 fields where FORMAT.md fixes 4"),
                             ([S(MEETING), S(ITEM), S("later"), ["u8", 0]], "5 fields")):
            with self.subTest(text):
                steps = story()
                i = next(i for i, s in enumerate(steps) if s["type"] == "meeting.item_decided")
                steps[i] = step("meeting.item_deferred", {"meeting": MEETING, "item": ITEM},
                                *fields)
                steps = steps[:i + 1]
                log, seqs = build_log(steps)
                self.assertRejected(log.dossier(seqs, KEY), "payload_mismatch",
                                    "meeting.item_deferred", text)

    def test_progress_attachment_count(self):
        for count, strs, text in ((2, 1, "10 fields where FORMAT.md fixes 11"),
                                  (0, 1, "10 fields where FORMAT.md fixes 9"),
                                  (2**64 - 1, 1, "fixes 18446744073709551624"),
                                  (1, 0, "9 fields where FORMAT.md fixes 10")):
            with self.subTest((count, strs)):
                steps = story()
                report = next(s for s in steps if s["type"] == "task.progress_reported")
                report["fields"] = report["fields"][:8] + [["u64", count]] + \
                    [S("a" * 64)] * strs
                log, seqs = build_log(steps)
                self.assertRejected(log.dossier(seqs, KEY), "payload_mismatch",
                                    "task.progress_reported", text)

    def test_progress_without_percent_has_no_u32(self):
        steps = story()
        report = next(s for s in steps if s["type"] == "task.progress_reported")
        report["fields"][3] = ["bool", True]  # the u32 at 4 stays: one field too many
        report["event"]["percent"] = None
        log, seqs = build_log(steps)
        self.assertRejected(log.dossier(seqs, KEY), "payload_mismatch", "fields[4]",
                            "kind u32", "kind i64")

    def test_types_outside_the_table_keep_a_free_split(self):
        # FORMAT.md fixes no split for them: a re-cut that keeps the bytes still verifies.
        d = legal_dossier()
        ev = event_of(d, "vote.counted")  # u8 1, str meeting, u32 yes, u32 no, u32 abstain
        ev["fields"][2:5] = [["bytes", encode_payload(ev["fields"][2:5]).hex()]]
        self.assertVerified(d)

    # --- chain

    def test_reordered_pair(self):
        d = legal_dossier()
        events = d["events"]
        events[5], events[6] = events[6], events[5]
        self.assertRejected(d, "out_of_order")

    def test_time_goes_back(self):
        log, seqs = build_log(story())
        target = log.events[seqs[3] - 1]
        target["time_ms"] = log.events[seqs[2] - 1]["time_ms"] - 1  # the dossier's previous
        for e in log.events[seqs[3] - 1:]:
            if e["seq"] > 1:
                e["prev_hash"] = log.events[e["seq"] - 2]["hash"]
            rehash(e)
        self.assertRejected(log.dossier(seqs, KEY), "out_of_order", "time_ms")

    def test_broken_link(self):
        d = legal_dossier()
        events = d["events"]
        i = next(i for i in range(1, len(events))
                 if events[i]["seq"] == events[i - 1]["seq"] + 1)
        events[i]["prev_hash"] = "11" * 32
        rehash(events[i])
        self.assertRejected(d, "chain_broken", f"seq {events[i]['seq']}")

    # --- inclusion

    def test_edited_inclusion_proof(self):
        d = legal_dossier()
        d["events"][3]["inclusion_proof"][0] = "22" * 32
        self.assertRejected(d, "inclusion_failed", f"seq {d['events'][3]['seq']}")

    def test_checkpoint_root_edited_alone(self):
        d = legal_dossier()
        d["checkpoint"]["root"] = "33" * 32  # every inclusion proof now misses it
        self.assertRejected(d, "inclusion_failed")

    def test_event_beyond_tree_size(self):
        log, seqs = build_log(story())
        self.assertRejected(log.dossier(seqs, KEY, size=seqs[-1] - 1), "inclusion_failed",
                            "beyond")

    # --- checkpoint

    def test_forged_checkpoint_for_a_longer_tree(self):
        # Root and tree_size changed with every inclusion proof made to fit; the old
        # signature does not cover them.
        log, seqs = build_log(story())
        genuine = log.dossier(seqs, KEY)
        log.append("member.registered", {"member": "mallory"}, [["u8", 1], S("mallory")])
        forged = log.dossier(seqs, KEY)
        forged["checkpoint"]["signature"] = genuine["checkpoint"]["signature"]
        self.assertRejected(forged, "bad_signature", "checkpoint")

    def test_checkpoint_signed_by_another_key(self):
        log, seqs = build_log(story())
        self.assertRejected(log.dossier(seqs, OTHER_KEY), "bad_signature")

    def test_checkpoint_signature_edited(self):
        d = legal_dossier()
        sig = bytearray.fromhex(d["checkpoint"]["signature"])
        sig[0] ^= 0x80
        d["checkpoint"]["signature"] = sig.hex()
        self.assertRejected(d, "bad_signature")

    def test_signed_message_is_not_trusted(self):
        d = legal_dossier()
        d["checkpoint"]["signed_message"] = "anything"
        d["manifest"]["signed_message"] = "anything"
        self.assertVerified(d)

    def test_checkpoint_of_another_community(self):
        log, seqs = build_log(story())
        d = log.dossier(seqs, KEY)
        d["checkpoint"] = log.checkpoint(len(log.events), KEY, community="elsewhere")
        self.assertRejected(d, "community_mismatch")

    def test_previous_checkpoint_of_a_forked_log(self):
        log, seqs = build_log(story())
        fork, _ = build_log(story(), filler_tag="-fork")
        d = log.dossier(seqs, KEY, previous_size=10)
        d["previous_checkpoint"] = fork.checkpoint(10, KEY)  # genuinely signed, other tree
        self.assertRejected(d, "inconsistent_checkpoints")

    def test_consistency_proof_edited(self):
        d = legal_dossier()
        d["consistency_proof"][-1] = "44" * 32
        self.assertRejected(d, "inconsistent_checkpoints")

    def test_previous_checkpoint_forged(self):
        d = legal_dossier()
        d["previous_checkpoint"]["time_ms"] += 1
        self.assertRejected(d, "bad_signature", "previous checkpoint")

    # --- manifest

    def test_dropped_event(self):
        d = legal_dossier()
        dropped = d["events"].pop(6)
        self.assertRejected(d, "events_missing", str(dropped["seq"]))

    def test_dropped_event_and_edited_manifest(self):
        d = legal_dossier()
        dropped = d["events"].pop(6)
        d["manifest"]["seqs"].remove(dropped["seq"])
        self.assertRejected(d, "bad_manifest_signature")

    def test_unlisted_event(self):
        log, seqs = build_log(story())
        d = log.dossier(seqs, KEY, manifest_seqs=seqs[:3] + seqs[4:])
        self.assertRejected(d, "events_unlisted", str(seqs[3]))

    def test_manifest_for_another_tree_size(self):
        log, seqs = build_log(story())
        d = log.dossier(seqs, KEY)
        other = log.dossier(seqs, KEY, size=len(log.events) - 1)
        d["manifest"] = other["manifest"]
        self.assertRejected(d, "manifest_mismatch")

    def test_manifest_signed_by_another_key(self):
        log, seqs = build_log(story())
        self.assertRejected(log.dossier(seqs, KEY, manifest_key=OTHER_KEY),
                            "bad_manifest_signature")

    # --- story

    def story_dossier(self, **kwargs):
        log, seqs = build_log(story(**kwargs))
        return log.dossier(seqs, KEY, previous_size=len(log.events) // 2)

    def test_progress_reported_before_started(self):
        d = self.story_dossier(task_order=["task.assigned", "task.milestone_added",
                                           "task.progress_reported", "task.started",
                                           "task.completed"])
        result = self.assertRejected(d, "illegal_transition", "task.progress_reported",
                                     "planned")
        # Everything else about it holds: hashes, chain, proofs, signatures, manifest.
        self.assertEqual([c.status for c in result.checks], ["passed"] * 7 + ["failed"])

    def test_completed_with_a_milestone_undelivered(self):
        d = self.story_dossier(task_order=["task.assigned", "task.milestone_added",
                                           "task.started", "task.completed"])
        self.assertRejected(d, "illegal_transition", "task.completed", "roof")

    def test_task_of_a_rejected_proposal(self):
        self.assertRejected(self.story_dossier(outcome="rejected"), "illegal_transition",
                            "task.opened", "rejected")

    def test_noted_proposal_goes_back_to_accepted(self):
        self.assertRejected(self.story_dossier(outcome="noted"), "illegal_transition",
                            "task.opened", "accepted")

    def test_percent_never_falls(self):
        steps = story()
        i = next(i for i, s in enumerate(steps) if s["type"] == "task.progress_reported")
        half = copy.deepcopy(steps[i])
        half["event"].update(percent=60, milestone="")
        half["fields"] = [["u8", 1], S(PROPOSAL), ["i64", START_MS], ["bool", False],
                          ["u32", 60], ["i64", 0], S("half"), S(""), ["u64", 0]]
        steps.insert(i + 1, half)
        log, seqs = build_log(steps)
        self.assertRejected(log.dossier(seqs, KEY), "illegal_transition", "percent")

    def replace_step(self, steps, type_, *new_steps):
        i = next(i for i, s in enumerate(steps) if s["type"] == type_)
        steps[i:i + 1] = list(new_steps)
        return steps

    def test_item_added_schedules_an_accepted_proposal(self):
        # What the engine does when it puts an accepted proposal on an agenda directly.
        steps = [s for s in story() if s["type"] != "proposal.scheduled"]
        log, seqs = build_log(steps)
        self.assertVerified(log.dossier(seqs, KEY))

    def test_item_added_for_a_draft(self):
        steps = story()
        added = next(s for s in steps if s["type"] == "meeting.item_added")
        steps.insert(1, copy.deepcopy(added))
        log, seqs = build_log(steps)
        self.assertRejected(log.dossier(seqs, KEY), "illegal_transition",
                            "meeting.item_added", "draft")

    def test_deferred_then_decided_at_the_next_meeting(self):
        later, item = "council-2026-05", "item-9"
        steps = self.replace_step(
            story(), "meeting.item_decided",
            step("meeting.item_deferred", {"meeting": MEETING, "item": ITEM, "reason": "later"},
                 S(MEETING), S(ITEM), S("later")),
            step("proposal.scheduled", {"proposal": PROPOSAL, "meeting": later},
                 S(PROPOSAL), S(later)),
            step("meeting.item_added", {"meeting": later, "item": item, "proposal": PROPOSAL,
                                        "title": "Bicycle shed", "question": "Build it?",
                                        "planned_minutes": 20, "position": 0},
                 S(later), S(item), S(PROPOSAL), S("Bicycle shed"), S("Build it?"),
                 ("u32", 20), ("u32", 0)),
            step("meeting.item_decided", {"meeting": later, "item": item, "outcome": "adopted"},
                 S(later), S(item), ("u8", 1)))
        log, seqs = build_log(steps)
        self.assertVerified(log.dossier(seqs, KEY))

    def test_decided_after_deferral(self):
        deferred = step("meeting.item_deferred", {"meeting": MEETING, "item": ITEM,
                                                  "reason": ""},
                        S(MEETING), S(ITEM), S(""))
        steps = story()
        decided = next(s for s in steps if s["type"] == "meeting.item_decided")
        steps = self.replace_step(steps, "meeting.item_decided", deferred, decided)
        log, seqs = build_log(steps)
        self.assertRejected(log.dossier(seqs, KEY), "illegal_transition",
                            "meeting.item_decided", "accepted")

    def test_story_must_begin_with_drafting(self):
        steps = story()
        steps[0]["in_dossier"] = False  # in the log, left out of the dossier and manifest
        log, seqs = build_log(steps)
        self.assertRejected(log.dossier(seqs, KEY), "illegal_transition",
                            "proposal.submitted")


    def with_sub_task(self, *sub_steps, parent_percent=100):
        """The legal story with a sub-task opened after the decision's task, its steps
        (by type) just before the parent's task.completed."""
        sub, P, M, at = "bike-shed-roof", PROPOSAL, MEETING, START_MS
        made = {
            "task.opened": step("task.opened", {"task": sub, "parent": P, "proposal": P,
                                                "decided_at": M, "title": "Roof",
                                                "weight": 1, "at": iso(at)},
                                S(sub), S(P), S(P), S(M), S("Roof"), ("u32", 1), ("i64", at)),
            "task.started": step("task.started", {"task": sub, "at": iso(at)},
                                 S(sub), ("i64", at)),
            "task.progress_reported": step(
                "task.progress_reported",
                {"task": sub, "at": iso(at), "percent": 50, "spend": 0, "note": "half",
                 "milestone": "", "attachments": []},
                S(sub), ("i64", at), ("bool", False), ("u32", 50), ("i64", 0), S("half"),
                S(""), ("u64", 0)),
            "task.completed": step("task.completed", {"task": sub, "at": iso(at)},
                                   S(sub), ("i64", at)),
            "task.cancelled": step("task.cancelled", {"task": sub, "decision": P,
                                                      "reason": "not needed"},
                                   S(sub), S(P), S("not needed")),
        }
        steps = story()
        if parent_percent is None:  # the parent's percent rolls up from its sub-tasks
            report = next(s for s in steps if s["type"] == "task.progress_reported")
            del report["fields"][4]
            report["fields"][3] = ["bool", True]
            report["event"]["percent"] = None
        i = next(i for i, s in enumerate(steps) if s["type"] == "task.completed")
        steps[i:i] = [made["task.opened"]] + [made[t] for t in sub_steps]
        log, seqs = build_log(steps)
        return log.dossier(seqs, KEY)

    def test_parent_completed_while_a_sub_task_is_in_progress(self):
        d = self.with_sub_task("task.started", "task.progress_reported")
        result = self.assertRejected(d, "illegal_transition", "task.completed",
                                     "bike-shed-roof (in_progress)")
        self.assertEqual([c.status for c in result.checks], ["passed"] * 7 + ["failed"])

    def test_parent_completed_while_a_sub_task_is_planned(self):
        self.assertRejected(self.with_sub_task(), "illegal_transition", "task.completed",
                            "bike-shed-roof (planned)")

    def test_parent_completed_after_its_sub_tasks(self):
        for sub_steps in (("task.started", "task.progress_reported", "task.completed"),
                          ("task.started", "task.cancelled"), ("task.cancelled",)):
            with self.subTest(sub_steps):
                result = self.assertVerified(self.with_sub_task(*sub_steps,
                                                                parent_percent=None))
                self.assertIn("bike-shed-roof", result.checks[-1].detail)

    def test_sub_task_of_an_unopened_parent(self):
        steps = story()
        opened = next(s for s in steps if s["type"] == "task.opened")
        sub = copy.deepcopy(opened)
        sub["event"].update(task="orphan", parent="elsewhere")
        sub["fields"][1:3] = [S("orphan"), S("elsewhere")]
        steps.append(sub)
        log, seqs = build_log(steps)
        self.assertRejected(log.dossier(seqs, KEY), "illegal_transition", "orphan",
                            "never opened")

    def test_events_that_do_not_change_the_state(self):
        steps = story()
        for at, made in ((1, step("proposal.prioritised", {"proposal": PROPOSAL,
                                                          "standing": 1},
                                  S(PROPOSAL), ("u32", 1))),
                         (3, step("proposal.seeded", {"proposal": PROPOSAL, "from": "survey"},
                                  S(PROPOSAL), S("survey"))),
                         (6, step("rulebook.installed", {}, ("u32", 2))),
                         (9, step("proposal.rulebook_proposed", {"proposal": PROPOSAL},
                                  S(PROPOSAL)))):
            steps.insert(at, made)
        log, seqs = build_log(steps)
        self.assertVerified(log.dossier(seqs, KEY))

    def test_unknown_proposal_event(self):
        steps = story()
        steps.insert(4, step("proposal.adopted", {"proposal": PROPOSAL}, S(PROPOSAL)))
        log, seqs = build_log(steps)
        self.assertRejected(log.dossier(seqs, KEY), "illegal_transition",
                            "proposal.adopted", "no transition")

    def test_other_proposals_events_are_not_judged(self):
        steps = story()
        steps.insert(3, step("proposal.accepted", {"proposal": "street-lights",
                                                   "reason": "elsewhere"},
                             S("street-lights"), S("elsewhere")))
        log, seqs = build_log(steps)
        self.assertVerified(log.dossier(seqs, KEY))

class CommandLineTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.good = cls.write("good.json", json.dumps(legal_dossier(), ensure_ascii=False))
        bad = legal_dossier()
        bad["events"].pop(2)
        cls.bad = cls.write("bad.json", json.dumps(bad))
        cls.key_file = cls.write("key.pub", "\n  " + PUBLIC_KEY.hex() + "\n")
        cls.key_json = cls.write("key.json", json.dumps({"public_key": PUBLIC_KEY.hex()}))

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    @classmethod
    def write(cls, name, text):
        path = os.path.join(cls.tmp.name, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def run_cli(self, *args):
        return subprocess.run([sys.executable, VERIFIER, *args], capture_output=True,
                              text=True, timeout=60)

    def test_verified_with_hex_key(self):
        out = self.run_cli(self.good, "--public-key", PUBLIC_KEY.hex())
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        self.assertIn("VERIFIED", out.stdout)
        self.assertIn("Not checked", out.stdout)

    def test_key_from_files(self):
        for key in (self.key_file, self.key_json):
            with self.subTest(key):
                self.assertEqual(self.run_cli(self.good, "--public-key", key).returncode, 0)

    def test_json_output(self):
        out = self.run_cli(self.good, "--public-key", PUBLIC_KEY.hex(), "--json")
        report = json.loads(out.stdout)
        self.assertEqual(set(report), {"ok", "reason", "detail", "warnings",
                                       "checkpoint_time", "tree_size", "checks", "events"})
        self.assertTrue(report["ok"])
        self.assertIsNone(report["reason"])
        self.assertEqual(report["warnings"], [])
        cp = legal_dossier()["checkpoint"]
        self.assertEqual(report["checkpoint_time"], iso_ms(cp["time_ms"]))
        self.assertEqual(report["tree_size"], cp["tree_size"])
        self.assertEqual([c["name"] for c in report["checks"]], yv.CHECK_NAMES)

    def test_human_report_shows_the_checkpoint(self):
        out = self.run_cli(self.good, "--public-key", PUBLIC_KEY.hex())
        cp = legal_dossier()["checkpoint"]
        self.assertIn(f"Checkpoint: tree_size {cp['tree_size']}, time "
                      f"{iso_ms(cp['time_ms'])}", out.stdout)
        self.assertNotIn("COMPLETENESS NOT CHECKED", out.stdout)

    def test_unsigned_manifest(self):
        d = legal_dossier(manifest_key=False)
        dropped = d["events"].pop(6)
        d["manifest"]["seqs"].remove(dropped["seq"])
        path = self.write("unsigned.json", json.dumps(d))
        human = self.run_cli(path, "--public-key", PUBLIC_KEY.hex())
        self.assertEqual(human.returncode, 0, human.stdout + human.stderr)
        lines = human.stdout.splitlines()
        warning = "!! COMPLETENESS NOT CHECKED: events may have been left out"
        self.assertEqual(lines[0], warning)  # before everything else
        verdict = next(i for i, line in enumerate(lines) if line.startswith("VERIFIED"))
        self.assertEqual(lines[verdict + 1], warning)  # and right after the verdict
        report = json.loads(self.run_cli(path, "--public-key", PUBLIC_KEY.hex(),
                                         "--json").stdout)
        self.assertTrue(report["ok"])
        self.assertEqual(report["warnings"],
                         ["COMPLETENESS NOT CHECKED: events may have been left out"])
        for extra in ([], ["--json"]):
            with self.subTest(extra):
                out = self.run_cli(path, "--public-key", PUBLIC_KEY.hex(),
                                   "--require-manifest", *extra)
                self.assertEqual(out.returncode, 1, out.stdout + out.stderr)
                self.assertIn("manifest_unsigned", out.stdout)
        out = self.run_cli(self.good, "--public-key", PUBLIC_KEY.hex(), "--require-manifest")
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)

    def test_rejected(self):
        out = self.run_cli(self.bad, "--public-key", PUBLIC_KEY.hex(), "--json")
        self.assertEqual(out.returncode, 1)
        self.assertEqual(json.loads(out.stdout)["reason"], "events_missing")
        human = self.run_cli(self.bad, "--public-key", PUBLIC_KEY.hex())
        self.assertIn("REJECTED (events_missing)", human.stdout)

    def test_wrong_key_is_rejected(self):
        out = self.run_cli(self.good, "--public-key", OTHER_KEY.verify_key.encode().hex())
        self.assertEqual(out.returncode, 1)
        self.assertIn("bad_signature", out.stdout)

    def test_malformed_json_is_rejected(self):
        path = self.write("broken.json", "{not json")
        out = self.run_cli(path, "--public-key", PUBLIC_KEY.hex(), "--json")
        self.assertEqual(out.returncode, 1)
        self.assertEqual(json.loads(out.stdout)["reason"], "malformed")

    def test_bad_usage(self):
        for args in ([self.good, "--public-key", "abc"],
                     [self.good, "--public-key", self.bad],  # never the dossier's own key
                     [os.path.join(self.tmp.name, "absent.json"), "--public-key",
                      PUBLIC_KEY.hex()],
                     [self.good]):
            with self.subTest(args):
                self.assertEqual(self.run_cli(*args).returncode, 2)


class RealDossierTests(DossierTestCase):
    @classmethod
    def setUpClass(cls):
        if not (REAL["dossier"] and REAL["key"]):  # known only once main() has run
            raise unittest.SkipTest("no real dossier given")
        with open(REAL["dossier"], "rb") as f:
            cls.raw = f.read()
        cls.key = yv.load_public_key(REAL["key"])

    def fresh(self):
        return json.loads(self.raw)

    def test_real_dossier_verifies(self):
        result = yv.verify_bytes(self.raw, self.key)
        self.assertTrue(result.ok, f"{result.reason}: {result.detail}")

    def test_one_changed_byte_in_first_payload(self):
        d = self.fresh()
        payload = bytearray.fromhex(d["events"][0]["payload_hex"])
        payload[len(payload) // 2] ^= 0x01
        d["events"][0]["payload_hex"] = payload.hex()
        self.assertRejected(d, "hash_mismatch", key=self.key)

    def test_third_event_dropped(self):
        d = self.fresh()
        if not d["manifest"]["signature"]:
            self.skipTest("the manifest is unsigned: a dropped event cannot be detected")
        dropped = d["events"].pop(2)
        self.assertRejected(d, "events_missing", str(dropped["seq"]), key=self.key)

    def first_of(self, d, type_, when=lambda e: True):
        found = [e for e in d["events"] if e["type"] == type_ and when(e)]
        if not found:
            self.skipTest(f"the dossier has no {type_} for this test")
        return found[0]

    def test_readable_outcome_edited(self):
        d = self.fresh()
        ev = self.first_of(d, "meeting.item_decided")
        ev["event"]["outcome"] = "rejected" if ev["event"]["outcome"] != "rejected" \
            else "adopted"
        self.assertRejected(d, "readable_mismatch", f"seq {ev['seq']}", "event.outcome",
                            key=self.key)

    def test_readable_percent_edited(self):
        d = self.fresh()
        ev = self.first_of(d, "task.progress_reported",
                           lambda e: isinstance(e["event"].get("percent"), int))
        ev["event"]["percent"] += 1
        self.assertRejected(d, "readable_mismatch", f"seq {ev['seq']}", "event.percent",
                            key=self.key)

    def test_reviewers_recut(self):
        d = self.fresh()
        ev = self.first_of(d, "task.progress_reported",
                           lambda e: isinstance(e["event"].get("percent"), int))
        if reviewer_recut(ev) is None:
            self.skipTest("this report's spend or note does not allow the re-cut")
        self.assertRejected(d, "payload_mismatch", f"seq {ev['seq']}", "fields[2]",
                            key=self.key)

    def test_fields_merged_into_bytes(self):
        # Every event of a type whose split FORMAT.md fixes, its fields 1 and 2 merged into
        # one `bytes` field: the payload is unchanged, the split is not.
        for i, ev in enumerate(self.fresh()["events"]):
            if ev["type"] not in yv.FIELD_KINDS and ev["type"] != "task.progress_reported":
                continue
            with self.subTest(f"seq {ev['seq']} ({ev['type']})"):
                d = self.fresh()
                ev = d["events"][i]
                ev["fields"][1:3] = [["bytes", encode_payload(ev["fields"][1:3]).hex()]]
                self.assertRejected(d, "payload_mismatch", f"seq {ev['seq']}", "fields[1]",
                                    key=self.key)

    def test_checkpoint_time(self):
        d = self.fresh()
        result = yv.verify(d, self.key)
        self.assertEqual(result.checkpoint_time, iso_ms(d["checkpoint"]["time_ms"]))

    def test_manifest_required(self):
        d = self.fresh()
        result = yv.verify(d, self.key, require_manifest=True)
        if d["manifest"]["signature"]:
            self.assertTrue(result.ok, result.detail)
        else:
            self.assertEqual(result.reason, "manifest_unsigned")
        d["manifest"]["signature"] = ""
        self.assertIn(yv.COMPLETENESS_WARNING, self.assertVerified(d, key=self.key).warnings)
        self.assertRejected(d, "manifest_unsigned", key=self.key, require_manifest=True)


def main():
    args = sys.argv[1:]
    if len(args) not in (0, 2) or "-h" in args or "--help" in args:
        print(__doc__, file=sys.stderr)
        return 2
    if args:
        REAL["dossier"], REAL["key"] = args
    suite = unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__])
    result = unittest.TextTestRunner(verbosity=1).run(suite)
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    skipped = len(result.skipped)
    passed = result.testsRun - failed - skipped
    summary = f"verify tests: {passed} passed"
    if failed:
        summary += f", {failed} failed"
    if skipped:
        summary += f", {skipped} skipped"
    print(summary)
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
