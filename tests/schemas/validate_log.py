#!/usr/bin/env python3
"""Checks the JSON Schemas in schemas/json against what Yishi really prints.

    validate_log.py YISHI EXAMPLES_DIR SCHEMAS_DIR

1. Every schema file is a valid draft 2020-12 schema, with a unique `$id` that
   matches its path; where the engine's sources sit beside the schemas, every
   event type and version, rejection code, command and rule has its schema.
2. The schemas are loaded into an offline registry: a `$ref` to anything else
   fails, nothing is fetched.
3. Every examples/*.jsonl, and every tests/schemas/scenarios/*.jsonl (scripts
   that reach the event types the examples do not), runs on a fresh community
   (`yishi init`, then `yishi exec --strict`). Every line of `yishi log` must
   validate against envelope.json, and `yishi state` (at the end and wherever
   the kind of event changes) against state/community.json, each proposal,
   meeting and ballot also against its own schema. A canary checks that every
   event schema is really applied: the same event with an unknown field fails.
4. Protocol messages, valid and invalid, against client/ and server/.

Exit status: 0 all good, 1 a check failed, 2 bad usage, 77 the jsonschema
module is missing (ctest reports the test as skipped).
"""
import copy
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile

try:
    import jsonschema
    from jsonschema import Draft202012Validator
except ImportError:  # pragma: no cover
    print("validate_log.py: the python3 jsonschema module is missing "
          "(Debian: apt-get install python3-jsonschema); skipping", file=sys.stderr)
    sys.exit(77)

BASE = "https://yishi.example/schemas/"
DRAFT = "https://json-schema.org/draft/2020-12/schema"
INIT_AT = "2026-03-01T08:00:00+08:00"
SEALED_BOX = {"ballot.sealed", "ballot.unsealed"}  # never chained, never in `yishi log`

failures = []
repeats = {}  # a kind of failure -> how many times it happened
SHOWN_PER_KIND = 3


def fail(message, kind=None):
    """Records a failure; prints it unless SHOWN_PER_KIND of its kind were printed."""
    failures.append(message)
    if kind is not None:
        repeats[kind] = repeats.get(kind, 0) + 1
        if repeats[kind] > SHOWN_PER_KIND:
            return
    print("FAIL " + message, flush=True)


def kind_of(what, errors):
    """Failures of one schema at one place are one kind: shown a few times, then counted."""
    return (what, pointer(errors[0].absolute_schema_path)) if errors else None


def jsonschema_version():
    try:
        from importlib.metadata import version
        return version("jsonschema")
    except Exception:  # pragma: no cover
        return getattr(jsonschema, "__version__", "unknown")


# ------------------------------------------------------------------ schemas
def load_schemas(root):
    """{$id: schema} for every *.json under root; checks each schema and its $id."""
    store = {}
    for path in sorted(root.rglob("*.json")):
        rel = path.relative_to(root).as_posix()
        try:
            schema = json.loads(path.read_text(encoding="utf-8"))
        except ValueError as e:
            fail(f"{rel}: not JSON: {e}")
            continue
        try:
            Draft202012Validator.check_schema(schema)
        except jsonschema.exceptions.SchemaError as e:
            fail(f"{rel}: not a valid draft 2020-12 schema: {e.message} at /"
                 + "/".join(map(str, e.absolute_path)))
            continue
        if schema.get("$schema") != DRAFT:
            fail(f"{rel}: $schema must be {DRAFT}")
        sid = schema.get("$id")
        if sid != BASE + rel:
            fail(f"{rel}: $id is {sid!r}, expected {BASE + rel!r}")
            continue
        if sid in store:
            fail(f"{rel}: duplicate $id {sid}")
        store[sid] = schema
    return store


def check_refs(store):
    """Every $ref is an absolute $id of a file here, and its fragment exists in that file."""
    def walk(node, where):
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                doc, _, fragment = ref.partition("#")
                if doc not in store:
                    fail(f"{where}: $ref {ref} is not the $id of a file in schemas/json")
                else:
                    target = store[doc]
                    for part in [p for p in fragment.split("/") if p]:
                        part = part.replace("~1", "/").replace("~0", "~")
                        if not isinstance(target, dict) or part not in target:
                            fail(f"{where}: $ref {ref}: no {fragment} in {doc}")
                            break
                        target = target[part]
            for key, value in node.items():
                walk(value, where)
        elif isinstance(node, list):
            for value in node:
                walk(value, where)
    for sid, schema in store.items():
        walk(schema, sid[len(BASE):])


class Validators:
    """Validators over an offline store of schemas, with either jsonschema API:
    `referencing` (jsonschema >= 4.18) or RefResolver (Debian 12's 4.10)."""

    def __init__(self, store):
        self.store = store
        self.cache = {}
        try:
            import referencing
            import referencing.jsonschema
            if os.environ.get("YISHI_SCHEMA_API") == "refresolver":
                raise ImportError
            resources = [(sid, referencing.Resource.from_contents(
                schema, default_specification=referencing.jsonschema.DRAFT202012))
                for sid, schema in store.items()]
            # No `retrieve`: an unknown URI is an error, never a fetch.
            self.registry = referencing.Registry().with_resources(resources)
            self.api = "referencing.Registry"
        except ImportError:
            self.registry = None
            self.api = "RefResolver"

    def __call__(self, sid):
        if sid not in self.cache:
            if sid not in self.store:
                raise KeyError(f"no schema {sid}")
            if self.registry is not None:
                v = Draft202012Validator({"$ref": sid}, registry=self.registry)
            else:
                def refuse(uri):
                    raise jsonschema.exceptions.RefResolutionError(
                        f"{uri} is not in schemas/json (no network fetches)")
                import warnings
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", DeprecationWarning)
                    resolver = jsonschema.RefResolver(
                        base_uri=sid, referrer=self.store[sid], store=dict(self.store),
                        handlers={"http": refuse, "https": refuse, "file": refuse})
                v = Draft202012Validator(self.store[sid], resolver=resolver)
            self.cache[sid] = v
        return self.cache[sid]

    def errors(self, sid, instance):
        try:
            found = list(self(sid).iter_errors(instance))
        except Exception as e:  # an unresolvable reference, say: report, don't crash
            fail(f"validating against {sid[len(BASE):]} raised {type(e).__name__}: {str(e)[:300]}",
                 ("raised", sid, type(e).__name__))
            return []
        return sorted(found, key=lambda e: list(e.absolute_path))


def pointer(path):
    return "/" + "/".join(str(p) for p in path)


def describe(errors, limit=4):
    lines = []
    for e in errors[:limit]:
        if e.validator in ("oneOf", "anyOf") and e.context:
            # "matches none": say why, from the branch for the message's own type
            # (a branch whose `type` const failed is another message), else the closest.
            branches = {}
            for sub in e.context:
                branches.setdefault(sub.relative_schema_path[0], []).append(sub)
            own = [subs for subs in branches.values()
                   if not any(x.validator == "const" and list(x.relative_path) == ["type"]
                              for x in subs)]
            why = own[0] if len(own) == 1 else [jsonschema.exceptions.best_match(e.context)]
            lines.append(f"    at {pointer(e.absolute_path)}: matches no branch of {e.validator}"
                         f" (schema {pointer(e.absolute_schema_path)}):")
            for sub in why[:2]:
                lines.append(f"      at {pointer(sub.absolute_path)}: {sub.message[:300]}")
            continue
        lines.append(f"    at {pointer(e.absolute_path)}: {e.message[:300]}"
                     f" (schema {pointer(e.absolute_schema_path)})")
    if len(errors) > limit:
        lines.append(f"    ... and {len(errors) - limit} more")
    return "\n".join(lines)


# ------------------------------------------------------ sources beside schemas
def check_against_sources(repo, store):
    """Where the engine's sources are at hand, the schemas must cover them."""
    core = repo / "engine" / "core"
    if not core.is_dir():
        print(f"note: no engine sources at {repo}; skipping the source cross-checks")
        return
    defs = store[BASE + "defs.json"]["$defs"]

    # Every event type and every version the codec decodes (1..current).
    declared = {}
    for header in core.glob("*.hpp"):
        for m in re.finditer(r'YISHI_EVENT\(\s*\w+\s*,\s*"([a-z_.]+)"\s*,\s*(\d+)\s*\)',
                             header.read_text(encoding="utf-8")):
            declared[m.group(1)] = int(m.group(2))
    expected = {f"{BASE}events/{t}.v{v}.json" for t, n in declared.items() for v in range(1, n + 1)}
    present = {sid for sid in store if sid.startswith(BASE + "events/")}
    for sid in sorted(expected - present):
        fail(f"no schema {sid[len(BASE):]} for an event version the codec decodes")
    for sid in sorted(present - expected):
        fail(f"{sid[len(BASE):]}: no such event type or version in engine/core")
    envelope_types = set(store[BASE + "envelope.json"]["properties"]["type"]["enum"])
    if envelope_types != set(declared) - SEALED_BOX:
        fail("envelope.json type enum differs from the chained event types: "
             f"missing {sorted(set(declared) - SEALED_BOX - envelope_types)}, "
             f"extra {sorted(envelope_types - set(declared))}")

    # Rejection codes: the closed set.
    codes = set()
    for src in (repo / "engine").rglob("*.[ch]pp"):
        text = src.read_text(encoding="utf-8")
        for m in re.finditer(r'(?:\bRejection\s*\{|\breject\s*\()([^,]*),', text):
            # The code, or codes of a ternary; not a string compared against.
            first = re.sub(r'[!=]=\s*"[^"]*"', "", m.group(1))
            codes.update(re.findall(r'"([a-z_]+)"', first))
    listed = set(defs["rejection_code"]["enum"])
    if codes != listed:
        fail(f"defs.json rejection_code differs from the engine's codes: "
             f"missing {sorted(codes - listed)}, never used {sorted(listed - codes)}")
    readme = repo / "schemas" / "README.md"
    if readme.is_file():
        text = readme.read_text(encoding="utf-8")
        for key in ("rejection_code", "store_error_code", "protocol_error_code", "http_error_code"):
            for code in defs[key]["enum"]:
                if f"| `{code}` |" not in text:
                    fail(f"schemas/README.md does not explain the code `{code}` ({key})")

    # Commands and rules.
    wire = (repo / "engine" / "wire" / "command_json.cpp").read_text(encoding="utf-8")
    m = re.search(r'known_commands\(\)\s*\{\s*return((?:\s*"[^"]*")+)', wire)
    if m:
        names = {c.strip() for c in "".join(re.findall(r'"([^"]*)"', m.group(1))).split(",")}
        if names != set(defs["command_name"]["enum"]):
            fail(f"defs.json command_name differs from known_commands(): "
                 f"{sorted(names ^ set(defs['command_name']['enum']))}")
    rules = re.findall(r'RuleField\{"([a-z_]+)"',
                       (core / "rule_fields.hpp").read_text(encoding="utf-8"))
    # The table's scalar fields, plus the layout version and the two standing lists
    # (responsibilities, standards) that rulebook_json writes after the table.
    lists = set(re.findall(r'\["(responsibilities|standards)"\]',
                           (repo / "engine" / "wire" / "rulebook_json.cpp").read_text(encoding="utf-8")))
    expected = set(rules) | {"version"} | lists
    if rules and expected != set(defs["rulebook"]["properties"]):
        fail(f"defs.json rulebook differs from kRuleFields and the lists: "
             f"{sorted(expected ^ set(defs['rulebook']['properties']))}")


# ------------------------------------------------------------------ examples
def run(cmd, env):
    return subprocess.run(cmd, env=env, capture_output=True, text=True, encoding="utf-8")


def state_points(log):
    """Sequence numbers to take `yishi state --at` at: wherever the next event is of
    another type (runs of one type, like 60 supports, give one state), and the end."""
    points = []
    for i, e in enumerate(log):
        if i + 1 == len(log) or log[i + 1]["type"] != e["type"]:
            points.append(e["seq"])
    return points


class Tally:
    def __init__(self):
        self.events = 0
        self.seen = {}  # (type, version) -> a sample envelope
        self.in_examples = set()  # (type, version) seen in examples/
        self.states = 0
        self.parts = {"proposal": 0, "meeting": 0, "ballot": 0}
        self.commands = 0
        self.samples = {}  # for the protocol checks: a real state, meeting, ballot


def check_example(yishi, script, v, tally, tmp, is_example):
    name = script.parent.name + "/" + script.name
    env = dict(os.environ, YISHI_KEY_DIR=str(tmp / "keys"))
    db = str(tmp / "c.db")
    r = run([yishi, "init", db, "--at", INIT_AT], env)
    if r.returncode != 0:
        fail(f"{name}: yishi init failed ({r.returncode}): {r.stderr.strip()}")
        return
    r = run([yishi, "exec", db, str(script), "--strict"], env)
    if r.returncode != 0:
        refused = [line for line in r.stdout.splitlines() if '"ok":false' in line][:1]
        fail(f"{name}: yishi exec --strict failed ({r.returncode}): "
             f"{' '.join(refused + [r.stderr.strip()])[:600]}")
        return
    # The events `yishi exec` reports are the same envelopes as the log's.
    for line in r.stdout.splitlines():
        result = json.loads(line)
        for e in result.get("events", []):
            errors = v.errors(BASE + "envelope.json", e)
            if errors:
                fail(f"{name}: exec line {result.get('line')}: seq {e.get('seq')} "
                     f"({e.get('type')} v{e.get('version')}) does not match envelope.json:\n"
                     + describe(errors), kind_of(("exec", e.get("type")), errors))

    # Each script line, without actor and at, is a command a client may send.
    for number, line in enumerate(script.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        command = {k: x for k, x in json.loads(line).items() if k not in ("actor", "at")}
        message = {"type": "command", "id": f"{name}:{number}"[-64:], "command": command}
        errors = v.errors(BASE + "client/command.json", message)
        if errors:
            fail(f"{name}:{number}: as a client command message:\n" + describe(errors),
                 kind_of("command", errors))
        tally.commands += 1

    r = run([yishi, "log", db], env)
    if r.returncode != 0:
        fail(f"{name}: yishi log failed ({r.returncode}): {r.stderr.strip()}")
        return
    log = [json.loads(line) for line in r.stdout.splitlines()]
    for e in log:
        tally.events += 1
        tally.seen.setdefault((e.get("type"), e.get("version")), e)
        if is_example:
            tally.in_examples.add((e.get("type"), e.get("version")))
        tally.samples.setdefault("event", e)
        errors = v.errors(BASE + "envelope.json", e)
        if errors:
            fail(f"{name}: log seq {e.get('seq')} ({e.get('type')} v{e.get('version')}) "
                 f"does not match envelope.json:\n" + describe(errors),
                 kind_of(("log", e.get("type")), errors))

    for seq in state_points(log):
        r = run([yishi, "state", db, "--at", str(seq)], env)
        if r.returncode != 0:
            fail(f"{name}: yishi state --at {seq} failed ({r.returncode}): {r.stderr.strip()}")
            continue
        out = json.loads(r.stdout)
        if set(out) != {"seq", "time", "head_seq", "state"}:
            fail(f"{name}: yishi state --at {seq}: keys {sorted(out)}")
            continue
        state = out["state"]
        tally.states += 1
        tally.samples["community"] = state
        errors = v.errors(BASE + "state/community.json", state)
        if errors:
            fail(f"{name}: state at seq {seq} does not match state/community.json:\n"
                 + describe(errors), kind_of("community", errors))
        for part, key in (("proposal", "proposals"), ("meeting", "meetings"), ("ballot", "ballots")):
            for item in state.get(key, []):
                tally.parts[part] += 1
                tally.samples.setdefault(part, item)
                errors = v.errors(f"{BASE}state/{part}.json", item)
                if errors:
                    fail(f"{name}: state at seq {seq}: {part} {item.get(part)} does not match "
                         f"state/{part}.json:\n" + describe(errors), kind_of(part, errors))


def canaries(v, tally):
    """The validator must refuse what the log never prints: proof each schema is applied."""
    for (etype, version), sample in sorted(tally.seen.items()):
        bad = copy.deepcopy(sample)
        bad["event"]["not_a_field"] = 1
        if not v.errors(BASE + "envelope.json", bad):
            fail(f"canary: {etype} v{version} with an unknown event field was accepted: "
                 f"its event schema is not applied")
    sample = next(iter(tally.seen.values()), None)
    if sample:
        for label, change in (("unknown type", {"type": "no.such_event"}),
                              ("unknown version", {"version": 99}),
                              ("hash not hex", {"hash": "X" * 64}),
                              ("time with an offset", {"time": "2026-03-01T09:00:00+08:00"}),
                              ("seq 0", {"seq": 0})):
            if not v.errors(BASE + "envelope.json", {**sample, **change}):
                fail(f"canary: an envelope with {label} was accepted")


# ------------------------------------------------------------------ protocol
def protocol_cases(tally):
    event = tally.samples.get("event")
    community = tally.samples.get("community")
    meeting = tally.samples.get("meeting")
    ballot = tally.samples.get("ballot")
    cmd = {"cmd": "proposal.support", "proposal": "stairwell-light"}
    now = "2026-03-01T01:00:00.000Z"
    c, s = "client/", "server/"
    cases = [
        # (schema, message, valid?, label)
        (c, {"type": "hello", "protocol": 1, "token": "t0k3n"}, True, "hello"),
        (c, {"type": "hello", "protocol": 2, "token": "t"}, False, "hello with protocol 2"),
        (c, {"type": "hello", "protocol": 1}, False, "hello without a token"),
        (c, {"type": "subscribe", "stream": "community"}, True, "subscribe community"),
        (c, {"type": "subscribe", "stream": "meeting:council-2026-04", "after_seq": 0}, True,
         "subscribe a meeting after 0"),
        (c, {"type": "subscribe", "stream": "ballot:needs-2026", "after_seq": 120}, True,
         "subscribe a ballot"),
        (c, {"type": "subscribe", "stream": "ballot:needs-2026", "after_seq": -1}, False,
         "subscribe after_seq -1"),
        (c, {"type": "subscribe", "stream": "meetings"}, False, "subscribe to no such stream"),
        (c, {"type": "subscribe", "stream": "meeting:"}, False, "subscribe to a meeting without id"),
        (c, {"type": "unsubscribe", "stream": "community"}, True, "unsubscribe"),
        (c, {"type": "unsubscribe", "stream": "community", "after_seq": 3}, False,
         "unsubscribe with after_seq"),
        (c, {"type": "command", "id": "c1", "command": cmd}, True, "command"),
        (c, {"type": "command", "id": "c1", "command": {**cmd, "role": "resident"}}, True,
         "command with a role"),
        (c, {"type": "command", "id": "c1", "command": {**cmd, "actor": "m07"}}, False,
         "command with an actor"),
        (c, {"type": "command", "id": "c1", "command": {**cmd, "at": "2026-03-02T10:00:00+08:00"}},
         False, "command with at"),
        (c, {"type": "command", "id": "x" * 64, "command": cmd}, True, "command id of 64 chars"),
        (c, {"type": "command", "id": "x" * 65, "command": cmd}, False, "command id of 65 chars"),
        (c, {"type": "command", "id": "", "command": cmd}, False, "command with an empty id"),
        (c, {"type": "command", "id": "c1", "command": {"proposal": "p"}}, False, "command without cmd"),
        (c, {"type": "command", "id": "c1", "command": {"cmd": "proposal.bless"}}, False,
         "command with an unknown cmd"),
        (c, {"type": "command", "id": "c1", "command": {**cmd, "role": "mayor"}}, False,
         "command with an unknown role"),
        (c, {"type": "command", "id": "c1", "command": "proposal.support"}, False,
         "command as a string"),
        (c, {"type": "ping"}, True, "ping"),
        (c, {"type": "ping", "extra": 1}, False, "ping with an unknown field"),
        (c, {"type": "welcome"}, False, "a server type from the client"),
        (c, {"protocol": 1, "token": "t"}, False, "a message without type"),
        (s, {"type": "welcome", "protocol": 1, "community": "community", "member": "m07",
             "roles": ["resident", "chair"], "server_time": now}, True, "welcome"),
        (s, {"type": "welcome", "protocol": 1, "community": "community", "member": "m07",
             "roles": ["resident"], "server_time": now, "display_name": "王"}, True,
         "welcome with an extra field"),
        (s, {"type": "welcome", "protocol": 1, "community": "community", "member": "m07",
             "roles": ["resident"], "server_time": "2026-03-01T01:00:00Z"}, False,
         "welcome with server_time without milliseconds"),
        (s, {"type": "welcome", "protocol": 1, "community": "community", "member": "m07",
             "roles": ["mayor"], "server_time": now}, False, "welcome with an unknown role"),
        (s, {"type": "ack", "id": "c1", "seq": [12, 13]}, True, "ack"),
        (s, {"type": "ack", "id": "c1", "seq": []}, True, "ack of a command with no events"),
        (s, {"type": "ack", "id": "c1", "seq": 12}, False, "ack with a number for seq"),
        (s, {"type": "rejected", "id": "c1", "code": "own_proposal", "field": "proposal",
             "reason": "an author cannot co-sign their own proposal"}, True, "rejected"),
        (s, {"type": "rejected", "id": "c1", "code": "wrong_state", "reason": "r"}, True,
         "rejected without a field"),
        (s, {"type": "rejected", "id": "c1", "code": "no_such_code", "reason": "r"}, False,
         "rejected with a code outside the closed set"),
        (s, {"type": "rejected", "id": "c1", "code": "wrong_state"}, False, "rejected without reason"),
        (s, {"type": "pong", "server_time": now}, True, "pong"),
        (s, {"type": "error", "code": "bad_message", "reason": "not JSON"}, True, "error"),
        (s, {"type": "error", "code": "concurrent_writer", "reason": "retry", "id": "c1"}, True,
         "error from the store, with an id"),
        (s, {"type": "error", "code": "wrong_state", "reason": "r"}, False,
         "error with a rejection code"),
        (s, {"type": "resync", "stream": "community", "reason": "send queue full"}, True, "resync"),
        (s, {"type": "resync", "stream": "community"}, False, "resync without a reason"),
        (s, {"type": "hello", "protocol": 1, "token": "t"}, False, "a client type from the server"),
    ]
    if event:
        cases += [
            (s, {"type": "event", "stream": "community", "seq": event["seq"], "event": event}, True,
             "event with a real envelope"),
            (s, {"type": "event", "stream": "community", "seq": event["seq"],
                 "event": {**event, "event": {**event["event"], "not_a_field": 1}}}, False,
             "event whose payload has an unknown field"),
            (s, {"type": "event", "stream": "community", "seq": 1}, False, "event without the envelope"),
        ]
    if community:
        cases += [
            (s, {"type": "snapshot", "stream": "community", "seq": 1, "state": community}, True,
             "snapshot of the community"),
            (s, {"type": "snapshot", "stream": "community", "seq": 1,
                 "state": {**community, "members": "none"}}, False,
             "snapshot of the community with a wrong members field"),
        ]
    if meeting:
        cases += [
            (s, {"type": "snapshot", "stream": "meeting:" + meeting["meeting"], "seq": 5,
                 "state": meeting}, True, "snapshot of a meeting"),
            (s, {"type": "snapshot", "stream": "meeting:" + meeting["meeting"], "seq": 5,
                 "state": community or {}}, False, "snapshot of a meeting holding the community"),
        ]
    if ballot:
        cases += [
            (s, {"type": "snapshot", "stream": "ballot:" + ballot["ballot"], "seq": 5,
                 "state": ballot}, True, "snapshot of a ballot"),
            (s, {"type": "snapshot", "stream": "ballot:" + ballot["ballot"], "seq": 5,
                 "state": {**ballot, "phase": "closed"}}, False, "snapshot of a ballot in no phase"),
        ]
    return cases


def check_protocol(v, tally):
    cases = protocol_cases(tally)
    for direction, msg, valid, label in cases:
        mtype = msg.get("type")
        own = f"{BASE}{direction}{mtype}.json"
        targets = [BASE + direction + "message.json"]
        if own in v.store:
            targets.append(own)
        for sid in targets:
            errors = v.errors(sid, msg)
            if valid and errors:
                fail(f"protocol: {label}: should match {sid[len(BASE):]} but:\n" + describe(errors))
            if not valid and not errors:
                fail(f"protocol: {label}: should not match {sid[len(BASE):]}, but it does")
    return len(cases)


# ------------------------------------------------------------------ main
def main(argv):
    if len(argv) != 4:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    yishi, examples, schemas = argv[1], pathlib.Path(argv[2]), pathlib.Path(argv[3])
    if not os.access(yishi, os.X_OK):
        print(f"validate_log.py: {yishi} is not an executable", file=sys.stderr)
        return 2
    scripts = sorted(examples.glob("*.jsonl"))
    if not scripts:
        print(f"validate_log.py: no *.jsonl in {examples}", file=sys.stderr)
        return 2
    scenarios = sorted((pathlib.Path(__file__).resolve().parent / "scenarios").glob("*.jsonl"))

    store = load_schemas(schemas)
    print(f"{len(store)} schema files in {schemas}")
    check_refs(store)
    check_against_sources(schemas.resolve().parent.parent, store)
    if failures:
        print(f"\n{len(failures)} check(s) of the schema files failed: fix them first")
        return 1
    v = Validators(store)
    print(f"jsonschema {jsonschema_version()}, offline references through {v.api}")

    tally = Tally()
    for script in scripts + scenarios:
        with tempfile.TemporaryDirectory(prefix="yishi-schemas-") as tmp:
            check_example(yishi, script, v, tally, pathlib.Path(tmp), script in scripts)
    canaries(v, tally)
    protocol = check_protocol(v, tally)

    seen_types = {t for t, _ in tally.seen}
    schema_pairs = set()
    for sid in store:
        m = re.fullmatch(re.escape(BASE) + r"events/(.+)\.v(\d+)\.json", sid)
        if m:
            schema_pairs.add((m.group(1), int(m.group(2))))
    print(f"validated {tally.events} events of {len(seen_types)} distinct types "
          f"({len(tally.seen)} type/version pairs) from {len(scripts)} example scripts "
          f"and {len(scenarios)} scenario(s)")
    print(f"validated {tally.states} states ({tally.parts['proposal']} proposals, "
          f"{tally.parts['meeting']} meetings, {tally.parts['ballot']} ballots), "
          f"{tally.commands} script lines as client commands, {protocol} protocol messages")
    chained = {p for p in schema_pairs if p[0] not in SEALED_BOX}
    example_types = {t for t, _ in tally.in_examples}
    not_in_examples = sorted({t for t, _ in chained} - example_types)
    print(f"{len(not_in_examples)} event types have a schema but never appear in examples/: "
          + (", ".join(not_in_examples) or "none"))
    unseen_types = sorted({t for t, _ in chained} - seen_types)
    print(f"{len(unseen_types)} event types have a schema but appear in no script run: "
          + (", ".join(unseen_types) or "none"))
    older = sorted(f"{t} v{n}" for t, n in chained - set(tally.seen) if t in seen_types)
    if older:
        print("older versions never printed here (old logs only; decoded into the current shape): "
              + ", ".join(older))
    print("sealed-box events (never in the log, not validated): " + ", ".join(sorted(SEALED_BOX)))

    if failures:
        hidden = sum(n - SHOWN_PER_KIND for n in repeats.values() if n > SHOWN_PER_KIND)
        if hidden:
            print(f"({hidden} more failures of kinds shown above were not printed)")
        print(f"\n{len(failures)} check(s) failed")
        return 1
    print("all schema checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
