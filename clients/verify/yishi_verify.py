#!/usr/bin/python3
"""Independent verifier for Yishi decision dossiers (format ``yishi.dossier.v1``).

Written from clients/verify/FORMAT.md alone: it shares no code with the C++ engine, so a
bug there is not silently repeated here. It needs SHA-256 (hashlib), JSON (json) and
Ed25519 (PyNaCl, Debian's python3-nacl).

    python3 clients/verify/yishi_verify.py DOSSIER.json --public-key HEX_OR_FILE [--json]
                                           [--require-manifest]

Exit status: 0 the dossier checks out, 1 it is rejected, 2 bad usage or unreadable input.
An unsigned manifest still gives 0 (FORMAT.md allows it), with the warning
"COMPLETENESS NOT CHECKED"; --require-manifest turns it into a rejection.

As a module::

    import yishi_verify
    key = yishi_verify.load_public_key("3699...")        # hex, or a file holding it
    result = yishi_verify.verify_file("dossier.json", key, require_manifest=False)
    result.ok, result.reason, result.detail, result.checks, result.warnings,
    result.checkpoint_time, result.tree_size

The checks run in a fixed order and stop at the first failure, whose stable reason code
is in ``result.reason`` (see REASONS).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import re
import struct
import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Optional

FORMAT_ID = "yishi.dossier.v1"

# Every reason code this verifier can give, with what it means.
REASONS = {
    "malformed": "not JSON, or a required field is missing or of the wrong type",
    "hash_mismatch": "an event's envelope hash does not recompute",
    "payload_mismatch": "an event's fields do not re-encode to its payload bytes, or, for "
    "a type whose split FORMAT.md fixes, are not the kinds FORMAT.md lists for it",
    "readable_mismatch": "an event's readable form names an id its bytes do not hold, or "
    "a value the story reads (id, outcome, percent, milestone) differs from the field "
    "FORMAT.md binds it to",
    "chain_broken": "an event's prev_hash is not the hash of the event before it",
    "out_of_order": "seq does not strictly increase or time_ms decreases",
    "inclusion_failed": "an inclusion proof does not lead to the checkpoint's root",
    "community_mismatch": "a checkpoint is for another community than the dossier's",
    "bad_signature": "a checkpoint's signature does not verify with the given key",
    "inconsistent_checkpoints": "the previous checkpoint's tree is not a prefix of the checkpoint's",
    "bad_manifest_signature": "the manifest's signature does not verify with the given key",
    "manifest_mismatch": "the manifest's tree_size is not the checkpoint's, or its seqs are "
    "not strictly increasing",
    "events_missing": "the manifest names events the dossier does not hold",
    "events_unlisted": "the dossier holds events the manifest does not name",
    "manifest_unsigned": "the manifest is unsigned and --require-manifest was given",
    "illegal_transition": "the events tell a story the lifecycle rules do not allow",
}

# What no check here covers; printed with every human report. What *is* bound: each
# event's seq, time_ms, actor, type and version (the envelope hash covers them); the ids
# FORMAT.md names (proposal, task, parent, meeting, item, ballot, decision, survey,
# milestone, body, decided_at) as `str` fields; and, by position in a split FORMAT.md fixes,
# the ids, outcome, percent and milestone of its table.
NOT_CHECKED = (
    "minutes and result: for reading only, no signature covers them",
    "every other value of the readable `event` objects: the server's rendering of the "
    "bytes, not tied to them. That includes event.author and other member names in "
    "`event` (only the envelope's `actor` is hashed), vote counts, satisfaction scores and "
    "respondents, titles, notes, reasons and other texts, amounts (spend, budget, cost), "
    "the readable times (at, due, deadlines) and attachments",
    "ids outside FORMAT.md's positional table are tied only to *some* `str` field (the "
    "subject to the first one), in a split into fields the dossier itself chooses",
    "the `time` strings of events and checkpoints (only `time_ms` is hashed)",
    "that the public key is the community's: obtain it yourself; the dossier's "
    "`public_key` field is ignored",
    "anything after the checkpoint's time (a later event could still change the story)",
)

COMPLETENESS_WARNING = "COMPLETENESS NOT CHECKED: events may have been left out"

ZERO_HASH = bytes(32)
EMPTY_TREE_ROOT = hashlib.sha256(b"").digest()  # RFC 9162 §2.1.1: MTH({}) = HASH()


class Rejected(Exception):
    """The dossier fails a check: ``reason`` is a key of REASONS."""

    def __init__(self, reason: str, detail: str):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


class UsageError(Exception):
    """Bad command-line input: exit status 2."""


# ---------------------------------------------------------------------------------------
# The parsed dossier

@dataclass
class Event:
    seq: int
    time_ms: int
    actor: str
    type: str
    version: int
    payload: bytes
    prev_hash: bytes
    hash: bytes
    readable: dict
    fields: list  # [(kind, value)]
    inclusion_proof: list  # [bytes]

    @property
    def label(self) -> str:
        return f"seq {self.seq} ({self.type})"


@dataclass
class Checkpoint:
    community: str
    tree_size: int
    root: bytes
    time_ms: int
    signature: bytes

    def message(self) -> bytes:
        """The signed message, rebuilt from the fields (signed_message is never read)."""
        return (f"yishi-checkpoint/v1\n{self.community}\n{self.tree_size}\n"
                f"{self.root.hex()}\n{self.time_ms}\n").encode("utf-8")


@dataclass
class Manifest:
    tree_size: int
    seqs: list
    signature: bytes  # b"" when the dossier was made without the secret key

    def message(self, community: str, proposal: str) -> bytes:
        joined = ",".join(str(s) for s in self.seqs)
        return (f"yishi-dossier/v1\n{community}\n{proposal}\n{self.tree_size}\n"
                f"{joined}\n").encode("utf-8")


@dataclass
class Dossier:
    community: str
    proposal: str
    checkpoint: Checkpoint
    previous_checkpoint: Optional[Checkpoint]
    consistency_proof: Optional[list]
    manifest: Manifest
    events: list  # [Event]


@dataclass
class Check:
    name: str
    status: str  # "passed", "failed", "not_checked" or "not_run"
    detail: str = ""

    def to_json(self) -> dict:
        return {"name": self.name, "status": self.status, "detail": self.detail}


@dataclass
class Result:
    ok: bool
    reason: Optional[str]
    detail: str
    checks: list = field(default_factory=list)
    events: int = 0
    warnings: list = field(default_factory=list)  # [str], e.g. COMPLETENESS_WARNING
    checkpoint_time: Optional[str] = None  # RFC 3339 from checkpoint.time_ms, once parsed
    tree_size: Optional[int] = None  # checkpoint.tree_size, once parsed

    def to_json(self) -> dict:
        return {"ok": self.ok, "reason": self.reason, "detail": self.detail,
                "warnings": self.warnings, "checkpoint_time": self.checkpoint_time,
                "tree_size": self.tree_size,
                "checks": [c.to_json() for c in self.checks], "events": self.events}


def rfc3339_ms(time_ms: int) -> Optional[str]:
    """time_ms as RFC 3339 UTC with milliseconds, or None outside the years 1-9999."""
    try:
        t = datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(milliseconds=time_ms)
    except OverflowError:
        return None
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


# ---------------------------------------------------------------------------------------
# Check "format": parse the JSON into the dataclasses above, or reject as "malformed"

_LOWER_HEX = re.compile(r"(?:[0-9a-f]{2})*")
_ANY_HEX = re.compile(r"(?:[0-9a-fA-F]{2})*")

_INT_KINDS = {  # kind -> (bytes, signed)
    "u8": (1, False), "u16": (2, False), "u32": (4, False), "u64": (8, False),
    "i8": (1, True), "i16": (2, True), "i32": (4, True), "i64": (8, True),
}


def _malformed(where: str, what: str) -> Rejected:
    return Rejected("malformed", f"{where}: {what}")


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)  # JSON true is not 1


def _get(obj: dict, key: str, where: str):
    if key not in obj:
        raise _malformed(where, f"missing '{key}'")
    return obj[key]


def _obj(value, where: str) -> dict:
    if not isinstance(value, dict):
        raise _malformed(where, "expected an object")
    return value


def _str(obj: dict, key: str, where: str, non_empty: bool = False) -> str:
    value = _get(obj, key, where)
    if not isinstance(value, str):
        raise _malformed(f"{where}.{key}", "expected a string")
    if non_empty and not value:
        raise _malformed(f"{where}.{key}", "must not be empty")
    try:
        value.encode("utf-8")  # a lone surrogate from a JSON \ud800 escape cannot be hashed
    except UnicodeEncodeError:
        raise _malformed(f"{where}.{key}", "not encodable as UTF-8") from None
    return value


def _int(obj: dict, key: str, where: str, lo: int, hi: int) -> int:
    value = _get(obj, key, where)
    if not _is_int(value) or not lo <= value <= hi:
        raise _malformed(f"{where}.{key}", f"expected an integer in [{lo}, {hi}]")
    return value


def _hex(value, where: str, size: Optional[int] = None, lower: bool = True) -> bytes:
    # bytes.fromhex alone would accept spaces; the format says lowercase hex for hashes,
    # keys and signatures, so those are held to it.
    pattern = _LOWER_HEX if lower else _ANY_HEX
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise _malformed(where, "expected " + ("lowercase " if lower else "") + "hex")
    data = bytes.fromhex(value)
    if size is not None and len(data) != size:
        raise _malformed(where, f"expected {size} bytes, got {len(data)}")
    return data


def _hash_list(value, where: str) -> list:
    if not isinstance(value, list):
        raise _malformed(where, "expected a list of hashes")
    return [_hex(h, f"{where}[{i}]", 32) for i, h in enumerate(value)]


U64_MAX = 2**64 - 1
I64_MIN, I64_MAX = -(2**63), 2**63 - 1
U32_MAX = 2**32 - 1


def encode_field(kind: str, value) -> bytes:
    """One `fields` entry as payload bytes (FORMAT.md "The payload, field by field")."""
    if kind in _INT_KINDS:
        size, signed = _INT_KINDS[kind]
        if not _is_int(value):
            raise ValueError(f"{kind} needs an integer")
        return value.to_bytes(size, "little", signed=signed)  # OverflowError if out of range
    if kind == "bool":
        if not isinstance(value, bool):
            raise ValueError("bool needs true or false")
        return b"\x01" if value else b"\x00"
    if kind == "str":
        if not isinstance(value, str):
            raise ValueError("str needs a string")
        data = value.encode("utf-8")
        return struct.pack("<Q", len(data)) + data
    if kind == "bytes":
        if not isinstance(value, str) or not _ANY_HEX.fullmatch(value):
            raise ValueError("bytes needs a hex string")
        return bytes.fromhex(value)
    raise ValueError(f"unknown kind '{kind}'")


def _fields(value, where: str) -> list:
    if not isinstance(value, list):
        raise _malformed(where, "expected a list of [kind, value] pairs")
    fields = []
    for i, entry in enumerate(value):
        if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str)):
            raise _malformed(f"{where}[{i}]", "expected [kind, value]")
        try:
            encode_field(entry[0], entry[1])  # the value must be encodable as its kind
        except (ValueError, OverflowError) as e:
            raise _malformed(f"{where}[{i}]", str(e)) from None
        fields.append((entry[0], entry[1]))
    return fields


def _parse_event(obj, where: str) -> Event:
    obj = _obj(obj, where)
    return Event(
        seq=_int(obj, "seq", where, 1, U64_MAX),
        time_ms=_int(obj, "time_ms", where, I64_MIN, I64_MAX),
        actor=_str(obj, "actor", where),
        type=_str(obj, "type", where, non_empty=True),
        version=_int(obj, "version", where, 0, U32_MAX),
        payload=_hex(_get(obj, "payload_hex", where), f"{where}.payload_hex", lower=False),
        prev_hash=_hex(_get(obj, "prev_hash", where), f"{where}.prev_hash", 32),
        hash=_hex(_get(obj, "hash", where), f"{where}.hash", 32),
        readable=_obj(_get(obj, "event", where), f"{where}.event"),
        fields=_fields(_get(obj, "fields", where), f"{where}.fields"),
        inclusion_proof=_hash_list(_get(obj, "inclusion_proof", where),
                                   f"{where}.inclusion_proof"),
    )


def _parse_checkpoint(obj, where: str) -> Checkpoint:
    obj = _obj(obj, where)
    return Checkpoint(
        community=_str(obj, "community", where, non_empty=True),
        tree_size=_int(obj, "tree_size", where, 0, U64_MAX),
        root=_hex(_get(obj, "root", where), f"{where}.root", 32),
        time_ms=_int(obj, "time_ms", where, I64_MIN, I64_MAX),
        signature=_hex(_get(obj, "signature", where), f"{where}.signature", 64),
    )


def _parse_manifest(obj, where: str) -> Manifest:
    obj = _obj(obj, where)
    seqs = _get(obj, "seqs", where)
    if not isinstance(seqs, list) or not all(_is_int(s) and 1 <= s <= U64_MAX for s in seqs):
        raise _malformed(f"{where}.seqs", "expected a list of positive integers")
    signature = _hex(_get(obj, "signature", where), f"{where}.signature")
    if len(signature) not in (0, 64):
        raise _malformed(f"{where}.signature", "expected 64 bytes or empty")
    return Manifest(tree_size=_int(obj, "tree_size", where, 0, U64_MAX), seqs=seqs,
                    signature=signature)


def parse_dossier(obj) -> Dossier:
    """Check "format": the dossier as typed values, or Rejected("malformed", ...)."""
    top = _obj(obj, "dossier")
    fmt = _get(top, "format", "dossier")
    if fmt != FORMAT_ID:
        raise _malformed("dossier.format", f"expected '{FORMAT_ID}', got {json.dumps(fmt)}")

    previous = top.get("previous_checkpoint")
    proof = top.get("consistency_proof")
    if previous is not None:
        previous = _parse_checkpoint(previous, "previous_checkpoint")
        if proof is None:
            raise _malformed("consistency_proof", "required with a previous_checkpoint")
        proof = _hash_list(proof, "consistency_proof")
    else:
        proof = None  # a proof without an earlier tree head proves nothing; ignore it

    events = _get(top, "events", "dossier")
    if not isinstance(events, list) or not events:
        raise _malformed("dossier.events", "expected a non-empty list")

    return Dossier(
        community=_str(top, "community", "dossier", non_empty=True),
        proposal=_str(top, "proposal", "dossier", non_empty=True),
        checkpoint=_parse_checkpoint(_get(top, "checkpoint", "dossier"), "checkpoint"),
        previous_checkpoint=previous,
        consistency_proof=proof,
        manifest=_parse_manifest(_get(top, "manifest", "dossier"), "manifest"),
        events=[_parse_event(e, f"events[{i}]") for i, e in enumerate(events)],
    )


def _reject_duplicate_keys(pairs):
    # Two parsers that keep different copies of a duplicated key would see two dossiers.
    obj = {}
    for key, value in pairs:
        if key in obj:
            raise ValueError(f"duplicate key '{key}'")
        obj[key] = value
    return obj


def _reject_constant(name):
    raise ValueError(f"{name} is not JSON")


def load_json(raw: bytes):
    """The dossier's JSON value, or Rejected("malformed", ...)."""
    try:
        text = raw.decode("utf-8")
        return json.loads(text, object_pairs_hook=_reject_duplicate_keys,
                          parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError) as e:  # JSONDecodeError is a ValueError
        raise Rejected("malformed", f"not a JSON document: {e}") from None


# ---------------------------------------------------------------------------------------
# Check "hash": the envelope hash of each event

def envelope_hash(event: Event) -> bytes:
    """SHA-256 of the envelope, FORMAT.md "The envelope hash" (big-endian throughout)."""
    def sized(data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + data

    return hashlib.sha256(b"".join([
        b"yishi.envelope.v1",
        struct.pack(">Q", event.seq),
        struct.pack(">q", event.time_ms),
        sized(event.actor.encode("utf-8")),
        sized(event.type.encode("utf-8")),
        struct.pack(">I", event.version),
        sized(event.payload),
        event.prev_hash,
    ])).digest()


def check_hashes(d: Dossier, _key: bytes) -> str:
    for e in d.events:
        computed = envelope_hash(e)
        if computed != e.hash:
            raise Rejected("hash_mismatch", f"{e.label}: envelope hashes to "
                           f"{computed.hex()}, the dossier says {e.hash.hex()}")
    return f"{len(d.events)} envelope hashes recomputed"


# ---------------------------------------------------------------------------------------
# Check "payload": fields re-encode to the payload; readable ids are in the bytes

# Readable fields whose non-empty string values must appear as `str` fields.
BOUND_KEYS = ("proposal", "task", "parent", "meeting", "item", "ballot", "decision",
              "survey", "milestone", "body", "decided_at")

# Event type prefix -> the readable field that must be the first `str` field.
SUBJECT_KEY = {"task": "task", "proposal": "proposal", "meeting": "meeting",
               "floor": "meeting", "order": "meeting", "motion": "meeting",
               "vote": "meeting", "minutes": "meeting", "ballot": "ballot"}


def _check_payload_bytes(e: Event) -> None:
    encoded = b"".join(encode_field(kind, value) for kind, value in e.fields)
    if encoded != e.payload:
        at = next((i for i, (a, b) in enumerate(zip(encoded, e.payload)) if a != b),
                  min(len(encoded), len(e.payload)))
        raise Rejected("payload_mismatch", f"{e.label}: fields encode to {len(encoded)} "
                       f"bytes, payload has {len(e.payload)}; first difference at byte {at}")
    if not e.fields or e.fields[0] != ("u8", 1):
        raise Rejected("payload_mismatch",
                       f'{e.label}: the fields do not begin with ["u8", 1]')


# FORMAT.md "For these types the split into fields is fixed too": the kinds of `fields`,
# in order. task.progress_reported's depend on its own values (_expected_kinds).
FIELD_KINDS = {
    "meeting.item_added": ("u8", "str", "str", "str", "str", "str", "u32", "u32"),
    "meeting.item_decided": ("u8", "str", "str", "u8"),
    "meeting.item_deferred": ("u8", "str", "str", "str"),
    "task.opened": ("u8", "str", "str", "str", "str", "str", "u32", "i64"),
    "task.milestone_added": ("u8", "str", "str", "str", "str", "i64"),
    "proposal.drafted": ("u8", "str", "str", "u8", "str", "str", "i64", "i64", "str"),
    "proposal.revised": ("u8", "str", "str", "str"),
    "proposal.submitted": ("u8", "str", "i64", "u32"),
    "proposal.supported": ("u8", "str", "str"),
    "proposal.sent_to_screening": ("u8", "str"),
    "proposal.expired": ("u8", "str"),
    "proposal.accepted": ("u8", "str", "str"),
    "proposal.returned": ("u8", "str", "str"),
    "proposal.referred": ("u8", "str", "str", "str"),
    "proposal.scheduled": ("u8", "str", "str"),
    "proposal.consulted": ("u8", "str", "str", "str"),
    "proposal.withdrawn": ("u8", "str", "str"),
    "proposal.funded": ("u8", "str", "str", "u32", "i64"),
    "task.assigned": ("u8", "str", "str", "u8", "i64"),
    "task.started": ("u8", "str", "i64"),
    "task.completed": ("u8", "str", "i64"),
    "task.evaluated": ("u8", "str", "str", "u64", "i64", "i64", "i64"),
    "task.cancelled": ("u8", "str", "str", "str"),
}


def _expected_kinds(e: Event):
    """(kinds, count) FORMAT.md fixes for e's `fields`, or None for a type it does not
    fix. `kinds` may stop short of `count` (a u64 attachment count can be huge) but always
    covers one more entry than `fields` has, or all of them."""
    if e.type in FIELD_KINDS:
        kinds = FIELD_KINDS[e.type]
        return kinds, len(kinds)
    if e.type == "proposal.merged":
        # u8, str proposal, str into, str reason, u64 n, then n str (the supporters moved).
        f = e.fields
        kinds = ["u8", "str", "str", "str", "u64"]
        if len(f) > 4 and f[4][0] == "u64":
            n = f[4][1]
            kinds += ["str"] * min(n, len(f) - 4)
            return kinds, 5 + n
        return kinds, len(kinds)
    if e.type != "task.progress_reported":
        return None
    # u8, str task, i64 at, bool no-percent, [u32 percent when that bool is false],
    # i64 spend, str note, str milestone, u64 n, then n str (the attachments).
    f = e.fields
    kinds = ["u8", "str", "i64", "bool"]
    if len(f) > 3 and f[3] == ("bool", False):
        kinds.append("u32")
    kinds += ["i64", "str", "str", "u64"]
    count_at = len(kinds) - 1
    if len(f) > count_at and f[count_at][0] == "u64":
        n = f[count_at][1]
        kinds += ["str"] * min(n, len(f) - count_at)
        return kinds, count_at + 1 + n
    return kinds, len(kinds)


def _check_layout(e: Event) -> None:
    # The fields may re-encode to the hashed bytes exactly and still be cut differently:
    # a `bytes` field of chosen length, or a bool and a u32 cut out of a str's length
    # prefix, moves another value to a position FORMAT.md binds (a 30% report read as
    # 100%). This is "payload_mismatch", not "readable_mismatch": what is wrong is that
    # `fields` does not describe the payload's layout, while the readable form may agree
    # perfectly with the forged cut. It runs before any readable value is looked at.
    expected = _expected_kinds(e)
    if expected is None:
        return
    kinds, count = expected
    for i, ((kind, _), want) in enumerate(zip(e.fields, kinds)):
        if kind != want:
            raise Rejected("payload_mismatch", f"{e.label}: fields[{i}] is of kind {kind} "
                           f"where FORMAT.md fixes kind {want}: the payload is cut into "
                           "fields other than its layout")
    if len(e.fields) != count:
        raise Rejected("payload_mismatch", f"{e.label}: {len(e.fields)} fields where "
                       f"FORMAT.md fixes {count}: the payload is cut into fields other "
                       "than its layout")


def _check_readable(e: Event) -> None:
    strings = [value for kind, value in e.fields if kind == "str"]
    present = set(strings)
    for key in BOUND_KEYS:
        value = e.readable.get(key)
        if isinstance(value, str) and value and value not in present:
            raise Rejected("readable_mismatch", f"{e.label}: event.{key} = "
                           f"{json.dumps(value, ensure_ascii=False)} is not in the payload")

    key = SUBJECT_KEY.get(e.type.split(".", 1)[0])
    if key is None:
        return  # no subject rule for this family (member.*, household.*, ...)
    subject = e.readable.get(key)
    if not isinstance(subject, str):
        raise Rejected("readable_mismatch", f"{e.label}: the readable form has no '{key}'")
    if not strings or strings[0] != subject:
        first = json.dumps(strings[0], ensure_ascii=False) if strings else "none"
        raise Rejected("readable_mismatch", f"{e.label}: event.{key} = "
                       f"{json.dumps(subject, ensure_ascii=False)}, but the payload's "
                       f"first string is {first}")


# FORMAT.md "bound by position": event type -> [(readable field, index of its `str`)].
POSITIONAL_STRS = {
    "meeting.item_added": [("meeting", 1), ("item", 2), ("proposal", 3)],
    "meeting.item_decided": [("meeting", 1), ("item", 2)],
    "meeting.item_deferred": [("meeting", 1), ("item", 2)],
    "task.opened": [("task", 1), ("parent", 2), ("proposal", 3)],
    "task.progress_reported": [("task", 1)],
    "task.milestone_added": [("task", 1), ("milestone", 2)],
}

# meeting.item_decided: the u8 at fields[3] -> the readable `outcome`.
OUTCOMES = {0: "none", 1: "adopted", 2: "rejected", 3: "noted"}


def _show(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _field_at(e: Event, index: int, kind: str, name: str):
    """The value of the `kind` field at `index`, which FORMAT.md binds to event.`name`."""
    if index >= len(e.fields):
        raise Rejected("readable_mismatch", f"{e.label}: event.{name} is bound to a {kind} "
                       f"at fields[{index}], but the payload has {len(e.fields)} fields")
    actual_kind, value = e.fields[index]
    if actual_kind != kind:
        raise Rejected("readable_mismatch", f"{e.label}: event.{name} is bound to a {kind} "
                       f"at fields[{index}], but fields[{index}] is a {actual_kind}")
    return value


def _bind(e: Event, name: str, readable, from_bytes, index: int) -> None:
    if readable != from_bytes or _is_int(readable) != _is_int(from_bytes):
        raise Rejected("readable_mismatch", f"{e.label}: event.{name} = {_show(readable)}, "
                       f"but the bytes (fields[{index}]) say {_show(from_bytes)}")


def _bind_str(e: Event, name: str, index: int) -> None:
    value = _field_at(e, index, "str", name)
    readable = e.readable.get(name)
    if readable is None and value == "":
        return  # an absent or null id and an empty string in the bytes both say "none"
    _bind(e, name, readable, value, index)


def _bind_outcome(e: Event) -> None:
    code = _field_at(e, 3, "u8", "outcome")
    if code not in OUTCOMES:
        raise Rejected("readable_mismatch", f"{e.label}: event.outcome is bound to fields[3], "
                       f"whose u8 {code} is no outcome (0 none, 1 adopted, 2 rejected, "
                       "3 noted)")
    _bind(e, "outcome", e.readable.get("outcome"), OUTCOMES[code], 3)


def _bind_progress(e: Event) -> None:
    """`percent` at 3 (and 4); `milestone` two fields after the i64 spend."""
    no_percent = _field_at(e, 3, "bool", "percent")
    readable = e.readable.get("percent")
    if no_percent:
        if readable is not None:
            raise Rejected("readable_mismatch", f"{e.label}: event.percent = "
                           f"{_show(readable)}, but the bytes (fields[3] true) say there "
                           "is no percent")
        spend_at = 4
    else:
        _bind(e, "percent", readable, _field_at(e, 4, "u32", "percent"), 4)
        spend_at = 5
    _field_at(e, spend_at, "i64", "milestone")  # the spend, which the milestone follows
    _bind_str(e, "milestone", spend_at + 2)


def _check_positions(e: Event) -> None:
    for name, index in POSITIONAL_STRS.get(e.type, ()):
        _bind_str(e, name, index)
    if e.type == "meeting.item_decided":
        _bind_outcome(e)
    elif e.type == "task.progress_reported":
        _bind_progress(e)


def check_payloads(d: Dossier, _key: bytes) -> str:
    for e in d.events:
        _check_payload_bytes(e)
        _check_layout(e)
    for e in d.events:  # binding the readable form to `fields` needs `fields` right first
        _check_readable(e)
        _check_positions(e)
    fixed = sum(1 for e in d.events if _expected_kinds(e) is not None)
    return f"{len(d.events)} payloads re-encoded from fields ({fixed} with the split " \
           "FORMAT.md fixes); readable ids bound to them, and the values the story reads " \
           "bound by position"


# ---------------------------------------------------------------------------------------
# Check "chain": order, and prev_hash links between consecutive seqs

def check_chain(d: Dossier, _key: bytes) -> str:
    links = 0
    for before, e in zip([None] + d.events, d.events):
        if e.seq == 1 and e.prev_hash != ZERO_HASH:
            raise Rejected("chain_broken", f"{e.label}: the first event's prev_hash "
                           "is not all zero")
        if before is None:
            continue
        if e.seq <= before.seq:
            raise Rejected("out_of_order", f"{e.label} comes after {before.label}")
        if e.time_ms < before.time_ms:
            raise Rejected("out_of_order", f"{e.label}: time_ms {e.time_ms} is before "
                           f"{before.label}'s {before.time_ms}")
        if e.seq == before.seq + 1:
            if e.prev_hash != before.hash:
                raise Rejected("chain_broken", f"{e.label}: prev_hash "
                               f"{e.prev_hash.hex()} is not {before.label}'s hash "
                               f"{before.hash.hex()}")
            links += 1
    return f"seq increasing, time_ms non-decreasing; {links} hash links between " \
           "consecutive seqs"


# ---------------------------------------------------------------------------------------
# Merkle proofs, RFC 9162 §2.1 with SHA-256

def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _shift_until_lsb_or_zero(fn: int, sn: int) -> tuple:
    """Right-shift fn and sn equally until LSB(fn) is set or fn is 0."""
    while fn & 1 == 0 and fn != 0:
        fn >>= 1
        sn >>= 1
    return fn, sn


def verify_inclusion(leaf_index: int, tree_size: int, leaf: bytes, inclusion_path: list,
                     root: bytes) -> bool:
    """RFC 9162 §2.1.3.2, step by step; `leaf` is the leaf hash HASH(0x00 || entry)."""
    if leaf_index >= tree_size:                                    # 1
        return False
    fn, sn = leaf_index, tree_size - 1                             # 2
    r = leaf                                                       # 3
    for p in inclusion_path:                                       # 4
        if sn == 0:                                                # 4a
            return False
        if fn & 1 or fn == sn:                                     # 4b
            r = node_hash(p, r)
            if not fn & 1:
                fn, sn = _shift_until_lsb_or_zero(fn, sn)
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1                                  # 4c
    return sn == 0 and r == root                                   # 5


def verify_consistency(first: int, second: int, first_hash: bytes, second_hash: bytes,
                       consistency_path: list) -> bool:
    """RFC 9162 §2.1.4.2, step by step, for first < second; the two edge cases the
    algorithm does not cover are handled first."""
    if first > second:
        return False
    if first == second:  # §2.1.4.1: a tree's proof against itself is empty
        return not consistency_path and first_hash == second_hash
    if first == 0:  # the empty tree is a prefix of every tree; nothing to prove
        return not consistency_path and first_hash == EMPTY_TREE_ROOT

    if not consistency_path:                                       # 1
        return False
    path = list(consistency_path)
    if first & (first - 1) == 0:                                   # 2
        path.insert(0, first_hash)
    fn, sn = first - 1, second - 1                                 # 3
    while fn & 1:                                                  # 4
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]                                              # 5
    for c in path[1:]:                                             # 6
        if sn == 0:                                                # 6a
            return False
        if fn & 1 or fn == sn:                                     # 6b
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                fn, sn = _shift_until_lsb_or_zero(fn, sn)
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return fr == first_hash and sr == second_hash and sn == 0      # 7


# ---------------------------------------------------------------------------------------
# Check "inclusion": every event is in the checkpoint's tree

def check_inclusion(d: Dossier, _key: bytes) -> str:
    size = d.checkpoint.tree_size
    for e in d.events:
        if e.seq > size:
            raise Rejected("inclusion_failed", f"{e.label} is beyond the checkpoint's "
                           f"tree_size {size}")
        if not verify_inclusion(e.seq - 1, size, leaf_hash(e.hash), e.inclusion_proof,
                                d.checkpoint.root):
            raise Rejected("inclusion_failed", f"{e.label}: the inclusion proof does not "
                           f"lead to root {d.checkpoint.root.hex()} of tree_size {size}")
    return f"{len(d.events)} inclusion proofs lead to the root of tree_size {size}"


# ---------------------------------------------------------------------------------------
# Checks "checkpoint" and "manifest": Ed25519 signatures

def ed25519_verify(public_key: bytes, message: bytes, signature: bytes) -> bool:
    import nacl.exceptions
    import nacl.signing
    try:
        nacl.signing.VerifyKey(public_key).verify(message, signature)
        return True
    except (nacl.exceptions.BadSignatureError, ValueError, TypeError):
        return False


def _check_signed_checkpoint(cp: Checkpoint, community: str, key: bytes, name: str):
    if cp.community != community:
        raise Rejected("community_mismatch", f"the {name} is for community "
                       f"'{cp.community}', the dossier for '{community}'")
    if not ed25519_verify(key, cp.message(), cp.signature):
        raise Rejected("bad_signature", f"the {name}'s signature (tree_size "
                       f"{cp.tree_size}) does not verify with the given public key")


def check_checkpoints(d: Dossier, key: bytes) -> str:
    cp = d.checkpoint
    _check_signed_checkpoint(cp, d.community, key, "checkpoint")
    summary = f"signature valid for tree_size {cp.tree_size} at " \
              f"{rfc3339_ms(cp.time_ms) or f'time_ms {cp.time_ms}'}"

    prev = d.previous_checkpoint
    if prev is None:
        return summary + "; no previous checkpoint"
    _check_signed_checkpoint(prev, d.community, key, "previous checkpoint")
    if not verify_consistency(prev.tree_size, cp.tree_size, prev.root, cp.root,
                              d.consistency_proof):
        raise Rejected("inconsistent_checkpoints", f"the consistency proof does not show "
                       f"tree_size {prev.tree_size} (root {prev.root.hex()}) to be a prefix "
                       f"of tree_size {cp.tree_size} (root {cp.root.hex()})")
    return summary + f"; previous checkpoint (tree_size {prev.tree_size}) signed and " \
                     "consistent"


def _seq_list(seqs) -> str:
    shown = ", ".join(str(s) for s in seqs[:20])
    return shown + (f", … ({len(seqs)} in all)" if len(seqs) > 20 else "")


def check_manifest(d: Dossier, key: bytes, require_signed: bool = False):
    """Returns the detail, or ("not_checked", detail) when the manifest is unsigned (a
    rejection instead with require_signed, the --require-manifest flag)."""
    m = d.manifest
    if not m.signature:
        if require_signed:
            raise Rejected("manifest_unsigned", "the manifest is unsigned, so a dossier "
                           "with events left out would look the same; --require-manifest "
                           "refuses it")
        return "not_checked", "manifest unsigned: completeness not checked, events may " \
                              "have been left out"
    if not ed25519_verify(key, m.message(d.community, d.proposal), m.signature):
        raise Rejected("bad_manifest_signature", "the manifest's signature does not "
                       "verify with the given public key")
    if m.tree_size != d.checkpoint.tree_size:
        raise Rejected("manifest_mismatch", f"the manifest is for tree_size {m.tree_size}, "
                       f"the checkpoint for {d.checkpoint.tree_size}")

    held = [e.seq for e in d.events]
    held_set, listed_set = set(held), set(m.seqs)
    missing = [s for s in m.seqs if s not in held_set]
    if missing:
        raise Rejected("events_missing", f"the manifest lists seq {_seq_list(missing)}, "
                       "which the dossier does not hold")
    unlisted = [s for s in held if s not in listed_set]
    if unlisted:
        raise Rejected("events_unlisted", f"the dossier holds seq {_seq_list(unlisted)}, "
                       "which the manifest does not list")
    if m.seqs != held:  # same set, so the manifest repeats or misorders a seq
        raise Rejected("manifest_mismatch", "the manifest's seqs are not strictly increasing")
    return f"signed; the dossier holds exactly the {len(held)} events it lists"


# ---------------------------------------------------------------------------------------
# Check "story": replay the lifecycles (FORMAT.md "The story must be legal")

SAME = object()  # a transition that keeps the state
WITHDRAWABLE = ("draft", "collecting_support", "screening", "accepted", "returned",
                "scheduled")

# proposal event type -> (states it may happen in, state after). None: not yet drafted.
PROPOSAL_RULES = {
    "proposal.drafted": ((None,), "draft"),
    "proposal.revised": (("draft", "returned"), SAME),
    "proposal.submitted": (("draft", "returned"), "collecting_support"),
    "proposal.supported": (("collecting_support",), SAME),
    "proposal.sent_to_screening": (("collecting_support",), "screening"),
    "proposal.expired": (("collecting_support",), "expired"),
    "proposal.accepted": (("screening",), "accepted"),
    "proposal.returned": (("screening",), "returned"),
    "proposal.referred": (("screening",), "referred"),
    "proposal.merged": (("screening",), "merged"),
    "proposal.scheduled": (("accepted",), "scheduled"),
    "proposal.consulted": (("scheduled",), "accepted"),
    "proposal.withdrawn": (WITHDRAWABLE, "withdrawn"),
    # A community budget poll funded it: the residents' vote is the decision.
    "proposal.funded": (("accepted",), "adopted"),
}

# Events naming the proposal that do not change its state (in any state).
PROPOSAL_NEUTRAL = ("proposal.seeded", "proposal.prioritised", "proposal.rulebook_proposed",
                    "rulebook.installed")

# meeting.item_added naming the proposal: from accepted (the convener's meeting.add_item
# schedules it without a proposal.scheduled) or scheduled (after a proposal.scheduled).
ITEM_ADDED_RULE = (("accepted", "scheduled"), "scheduled")

# meeting.item_decided's outcome -> the proposal's state after.
DECIDED_STATE = {"adopted": "adopted", "rejected": "rejected", "noted": "accepted"}

# task event type -> (states it may happen in, state after); task.opened is special.
# A sub-task leaves these states behind before its parent may complete:
SUB_TASK_DONE = ("completed", "evaluated", "cancelled")

TASK_RULES = {
    "task.assigned": (("planned",), SAME),
    "task.milestone_added": (("planned",), SAME),
    "task.started": (("planned",), "in_progress"),
    "task.progress_reported": (("in_progress",), SAME),
    "task.completed": (("in_progress",), "completed"),
    "task.evaluated": (("completed",), "evaluated"),
    "task.cancelled": (("planned", "in_progress"), "cancelled"),
}


@dataclass
class Task:
    state: str = "planned"
    milestones: dict = field(default_factory=dict)  # id -> delivered?
    percent: Optional[int] = None  # the last percent reported
    sub_tasks: list = field(default_factory=list)  # ids of tasks opened with this parent


def _state_name(state) -> str:
    return "none (not yet created)" if state is None else state


class Story:
    """The lifecycle state of the dossier's proposal and its tasks, event by event."""

    def __init__(self, proposal: str):
        self.proposal = proposal
        self.state = None  # the proposal's
        self.items = set()  # (meeting, item) pairs that put the proposal on an agenda
        self.tasks = {}  # task id -> Task

    def illegal(self, e: Event, what: str) -> Rejected:
        return Rejected("illegal_transition", f"{e.label}: {what}")

    def apply(self, e: Event) -> None:
        ev, family = e.readable, e.type.split(".", 1)[0]
        if family == "proposal":
            if ev.get("proposal") != self.proposal:
                return  # another proposal's event
            if e.type in PROPOSAL_RULES:
                self._move_proposal(e, PROPOSAL_RULES[e.type])
            elif e.type not in PROPOSAL_NEUTRAL:
                raise self._unknown(e)
        elif e.type == "meeting.item_added" and ev.get("proposal") == self.proposal:
            self._move_proposal(e, ITEM_ADDED_RULE)
            self.items.add((ev.get("meeting"), ev.get("item")))
        elif e.type in ("meeting.item_deferred", "meeting.item_decided") and \
                (ev.get("meeting"), ev.get("item")) in self.items:
            self._item_settled(e)
        elif e.type == "task.opened":
            self._open_task(e)
        elif e.type in TASK_RULES:
            self._move_task(e)
        elif family == "task":
            raise self._unknown(e)
        # Anything else (rulebook.installed, meeting procedure, ballots, votes, the
        # floor, ...) is not part of these lifecycles.

    def _unknown(self, e: Event) -> Rejected:
        # FORMAT.md lists every transition ("the engine allows no other"); an event type
        # it does not name cannot be judged, so it is not let through unjudged.
        return self.illegal(e, f"'{e.type}' is no transition FORMAT.md knows")

    def _move_proposal(self, e: Event, rule) -> None:
        allowed, after = rule
        if self.state not in allowed:
            raise self.illegal(e, f"proposal '{self.proposal}' was "
                               f"{_state_name(self.state)}; allowed from "
                               f"{' or '.join(_state_name(s) for s in allowed)}")
        if after is not SAME:
            self.state = after

    def _item_settled(self, e: Event) -> None:
        if e.type == "meeting.item_deferred":
            after = "accepted"
        else:
            outcome = e.readable.get("outcome")
            after = DECIDED_STATE.get(outcome)
            if after is None:
                raise self.illegal(e, f"outcome {json.dumps(outcome)} cannot decide "
                                   f"proposal '{self.proposal}'")
        self._move_proposal(e, (("scheduled",), after))

    def _open_task(self, e: Event) -> None:
        task_id, parent = e.readable.get("task"), e.readable.get("parent") or ""
        if task_id in self.tasks:
            raise self.illegal(e, f"task '{task_id}' is already open")
        if parent:
            if parent not in self.tasks:
                raise self.illegal(e, f"sub-task '{task_id}' names parent '{parent}', "
                                   "which was never opened")
        else:
            owner = e.readable.get("proposal") or task_id
            if owner != self.proposal:
                raise self.illegal(e, f"task '{task_id}' is proposal '{owner}''s own "
                                   f"task, not '{self.proposal}''s")
            if self.state != "adopted":
                raise self.illegal(e, f"proposal '{self.proposal}' was "
                                   f"{_state_name(self.state)}; its task opens only "
                                   "once it is adopted")
        self.tasks[task_id] = Task()
        if parent:
            self.tasks[parent].sub_tasks.append(task_id)

    def _move_task(self, e: Event) -> None:
        task_id = e.readable.get("task")
        task = self.tasks.get(task_id)
        allowed, after = TASK_RULES[e.type]
        state = task.state if task else None
        if state not in allowed:
            raise self.illegal(e, f"task '{task_id}' was {_state_name(state)}; allowed "
                               f"from {' or '.join(allowed)}")
        if e.type == "task.milestone_added":
            self._add_milestone(e, task)
        elif e.type == "task.progress_reported":
            self._report_progress(e, task)
        elif e.type == "task.completed":
            undelivered = [m for m, done in task.milestones.items() if not done]
            if undelivered:
                raise self.illegal(e, f"task '{task_id}' has milestones not delivered: "
                                   f"{', '.join(undelivered)}")
            open_subs = [f"{t} ({self.tasks[t].state})" for t in task.sub_tasks
                         if self.tasks[t].state not in SUB_TASK_DONE]
            if open_subs:
                raise self.illegal(e, f"task '{task_id}' has sub-tasks not completed, "
                                   f"evaluated or cancelled: {', '.join(open_subs)}")
        if after is not SAME:
            task.state = after

    def _add_milestone(self, e: Event, task: Task) -> None:
        milestone = e.readable.get("milestone")
        if not isinstance(milestone, str) or not milestone:
            raise self.illegal(e, "the milestone has no id")
        if milestone in task.milestones:
            raise self.illegal(e, f"milestone '{milestone}' was already added")
        task.milestones[milestone] = False

    def _report_progress(self, e: Event, task: Task) -> None:
        milestone = e.readable.get("milestone") or ""
        if milestone:
            if milestone not in task.milestones:
                raise self.illegal(e, f"milestone '{milestone}' was never added")
            if task.milestones[milestone]:
                raise self.illegal(e, f"milestone '{milestone}' was already delivered")
            task.milestones[milestone] = True
        percent = e.readable.get("percent")
        if _is_int(percent):  # null: the percent rolls up from sub-tasks
            if task.percent is not None and percent < task.percent:
                raise self.illegal(e, f"percent falls from {task.percent} to {percent}")
            task.percent = percent

    def summary(self) -> str:
        tasks = ", ".join(f"{t} {s.state}" for t, s in self.tasks.items()) or "no tasks"
        return f"proposal '{self.proposal}' {_state_name(self.state)}; {tasks}"


def check_story(d: Dossier, _key: bytes) -> str:
    story = Story(d.proposal)
    for e in d.events:
        story.apply(e)
    return "legal: " + story.summary()


# ---------------------------------------------------------------------------------------
# Running the checks

CHECKS: list = [  # (name, function(dossier, key) -> detail or (status, detail))
    ("hash", check_hashes),
    ("payload", check_payloads),
    ("chain", check_chain),
    ("inclusion", check_inclusion),
    ("checkpoint", check_checkpoints),
    ("manifest", check_manifest),
    ("story", check_story),
]
CHECK_NAMES = ["format"] + [name for name, _ in CHECKS]


def _rejected_result(checks: list, r: Rejected, d: Optional[Dossier] = None) -> Result:
    """The check after the last passed one failed; the rest did not run."""
    failed, *rest = CHECK_NAMES[len(checks):]
    checks.append(Check(failed, "failed", r.detail))
    checks.extend(Check(name, "not_run") for name in rest)
    return _with_checkpoint(Result(False, r.reason, r.detail, checks), d)


def _with_checkpoint(result: Result, d: Optional[Dossier]) -> Result:
    if d is not None:
        result.events = len(d.events)
        result.checkpoint_time = rfc3339_ms(d.checkpoint.time_ms)
        result.tree_size = d.checkpoint.tree_size
    return result


def verify(obj, public_key: bytes, require_manifest: bool = False) -> Result:
    """Verify a parsed JSON dossier against a 32-byte Ed25519 public key. With
    require_manifest, an unsigned manifest is a rejection ("manifest_unsigned")."""
    checks = []
    try:
        d = parse_dossier(obj)
    except Rejected as r:
        return _rejected_result(checks, r)
    checks.append(Check("format", "passed", f"{FORMAT_ID}, {len(d.events)} events"))

    for name, run in CHECKS:
        options = {"require_signed": require_manifest} if name == "manifest" else {}
        try:
            outcome = run(d, public_key, **options)
        except Rejected as r:
            return _rejected_result(checks, r, d)
        status, detail = outcome if isinstance(outcome, tuple) else ("passed", outcome)
        checks.append(Check(name, status, detail))

    detail = f"{len(d.events)} events of proposal '{d.proposal}' verified against the " \
             f"checkpoint of tree_size {d.checkpoint.tree_size}"
    warnings = []
    if any(c.name == "manifest" and c.status == "not_checked" for c in checks):
        detail += "; completeness not checked (manifest unsigned)"
        warnings.append(COMPLETENESS_WARNING)
    return _with_checkpoint(Result(True, None, detail, checks, warnings=warnings), d)


def verify_bytes(raw: bytes, public_key: bytes, require_manifest: bool = False) -> Result:
    try:
        obj = load_json(raw)
    except Rejected as r:
        return _rejected_result([], r)
    return verify(obj, public_key, require_manifest)


def verify_file(path: str, public_key: bytes, require_manifest: bool = False) -> Result:
    """Raises OSError when the file cannot be read."""
    with open(path, "rb") as f:
        return verify_bytes(f.read(), public_key, require_manifest)


# ---------------------------------------------------------------------------------------
# Command line

_KEY_HEX = re.compile(r"[0-9a-fA-F]{64}")


def load_public_key(arg: str) -> bytes:
    """32 key bytes from 64 hex characters, a file holding them, or a JSON file with a
    "public_key" field. Raises UsageError."""
    text = arg.strip()
    if _KEY_HEX.fullmatch(text):
        return bytes.fromhex(text)
    try:
        with open(arg, "rb") as f:
            content = f.read().decode("utf-8").strip()
    except (OSError, UnicodeDecodeError) as e:
        raise UsageError(f"--public-key: neither 64 hex characters nor a readable file "
                         f"({e})") from None
    if _KEY_HEX.fullmatch(content):
        return bytes.fromhex(content)
    try:
        obj = json.loads(content)
    except ValueError:
        obj = None
    if isinstance(obj, dict) and obj.get("format") == FORMAT_ID:
        # A dossier carries a public_key too, but checking a dossier against the key it
        # brings itself would prove nothing.
        raise UsageError(f"--public-key: {arg} is a dossier; give the community's key, "
                         "obtained elsewhere")
    value = obj.get("public_key") if isinstance(obj, dict) else None
    if isinstance(value, str) and _KEY_HEX.fullmatch(value.strip()):
        return bytes.fromhex(value.strip())
    raise UsageError(f"--public-key: {arg} holds neither 64 hex characters nor a JSON "
                     'object with a "public_key" of 64 hex characters')


_STATUS_MARK = {"passed": "ok  ", "failed": "FAIL", "not_checked": "--  ",
                "not_run": "    "}


def _checkpoint_line(result: Result) -> str:
    if result.tree_size is None:
        return "Checkpoint: none read"
    when = result.checkpoint_time or "a time_ms outside the years 1-9999"
    line = f"Checkpoint: tree_size {result.tree_size}, time {when}"
    if not result.ok:
        return line + " (not vouched for: the dossier was rejected)"
    if result.checkpoint_time:
        t = datetime.strptime(result.checkpoint_time, "%Y-%m-%dT%H:%M:%S.%fZ")
        days = (datetime.now(timezone.utc) - t.replace(tzinfo=timezone.utc)).days
        if days > 0:
            line += f", {days} day{'s' if days != 1 else ''} ago"
    return line + " - the dossier shows the log as of then, and nothing after"


def human_report(path: str, result: Result) -> str:
    lines = []
    for warning in result.warnings:  # first and last, so that it cannot be missed
        lines.append(f"!! {warning}")
    lines.append(f"yishi dossier {path}: {result.events} events")
    for c in result.checks:
        detail = c.detail if c.status != "not_run" else "not run (an earlier check failed)"
        lines.append(f"  [{_STATUS_MARK[c.status]}] {c.name:<10} {detail}")
    lines.append(_checkpoint_line(result))
    if result.ok:
        lines.append(f"VERIFIED: {result.detail}")
    else:
        lines.append(f"REJECTED ({result.reason}): {result.detail}")
    for warning in result.warnings:
        lines.append(f"!! {warning}")
        if warning == COMPLETENESS_WARNING:
            lines.append("!! The manifest is unsigned: a dossier with events dropped (a "
                         "rejecting vote, a cancellation) would verify just the same. "
                         "Use --require-manifest to refuse such dossiers.")
    lines.append("Not checked by any of the above:")
    lines.extend(f"  - {item}" for item in NOT_CHECKED)
    return "\n".join(lines)


def _ensure_nacl() -> None:
    """PyNaCl comes from Debian's python3-nacl, which only /usr/bin/python3 sees; when
    another python3 (pyenv, a venv) runs this script, run it again with that one."""
    if importlib.util.find_spec("nacl") is not None:
        return
    system = "/usr/bin/python3"
    if os.path.exists(system) and not os.environ.get("YISHI_VERIFY_REEXEC") and \
            os.path.realpath(sys.executable) != os.path.realpath(system):
        os.environ["YISHI_VERIFY_REEXEC"] = "1"
        os.execv(system, [system] + sys.argv)
    raise UsageError("PyNaCl is not installed (apt-get install python3-nacl)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description="Verify a Yishi decision dossier (yishi.dossier.v1).",
        epilog="exit status: 0 verified, 1 rejected, 2 bad usage or unreadable input")
    parser.add_argument("dossier", help="the dossier JSON file ('-' for standard input)")
    parser.add_argument("--public-key", required=True, metavar="HEX_OR_FILE",
                        help="the community's Ed25519 public key: 64 hex characters, a "
                        'file holding them, or a JSON file with a "public_key" field')
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--require-manifest", action="store_true",
                        help="reject a dossier whose manifest is unsigned (reason "
                        "manifest_unsigned), since its completeness cannot be checked")
    args = parser.parse_args(argv)  # exits with status 2 on bad usage

    try:
        _ensure_nacl()
        key = load_public_key(args.public_key)
        if args.dossier == "-":
            raw = sys.stdin.buffer.read()
        else:
            with open(args.dossier, "rb") as f:
                raw = f.read()
    except UsageError as e:
        print(f"yishi_verify: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"yishi_verify: cannot read {args.dossier}: {e.strerror or e}",
              file=sys.stderr)
        return 2

    result = verify_bytes(raw, key, args.require_manifest)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        print(human_report(args.dossier, result))
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
