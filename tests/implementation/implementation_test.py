#!/usr/bin/env python3
"""After the vote, end to end with the real `yishi`: the council example carries its
decisions out (tasks, reports, an overdue milestone, a survey, an evaluation); the
responsibility list and indicators; decision dossiers checked by the independent
verifier (clients/verify, which shares no code with the engine), with tampered
variants; open-data exports (CSV and JSON agree; a closed poll exported and re-tallied
gives the same result); and erasing a member leaves the log and dossiers verifiable
with the member's details gone from every table, export and byte of the file.

    implementation_test.py YISHI_BINARY REPO_DIR
"""
import copy
import csv
import io
import json
import os
import pathlib
import re
import sqlite3
import subprocess
import sys
import tempfile

YISHI = sys.argv[1]
REPO = pathlib.Path(sys.argv[2])
sys.path.insert(0, str(REPO / "clients" / "verify"))
import yishi_verify  # noqa: E402  (the independent verifier, imported as a module)

CHECKS = 0
FAILURES = []


def check(condition, what):
    global CHECKS
    CHECKS += 1
    if not condition:
        FAILURES.append(what)
        print(f"  FAIL {what}")


def yishi(*args, ok=True):
    r = subprocess.run([YISHI, *map(str, args)], capture_output=True, text=True)
    if ok and r.returncode != 0:
        raise RuntimeError(f"yishi {' '.join(map(str, args))}: {r.returncode}: {r.stderr}")
    return r


def council(tmp):
    db = tmp / "council.db"
    init = json.loads(yishi("init", db, "--community", "nantang-council", "--admin", "admin",
                            "--at", "2026-03-20T08:00:00+08:00",
                            "--rules", REPO / "examples" / "council-rules.json").stdout)
    yishi("exec", db, REPO / "examples" / "council-meeting.jsonl", "--strict")
    return db, pathlib.Path(init["public_key_file"]).read_text().strip()


def verify(dossier, key):
    """The verifier's report as JSON (its CLI, as a reviewer would run it)."""
    path = pathlib.Path(tempfile.mktemp(suffix=".json"))
    path.write_text(json.dumps(dossier))
    r = subprocess.run(["/usr/bin/python3", REPO / "clients" / "verify" / "yishi_verify.py",
                        path, "--public-key", key, "--json"], capture_output=True, text=True)
    path.unlink()
    return json.loads(r.stdout), r.returncode


def test_tasks(db):
    print("responsibility list and indicators")
    during = json.loads(yishi("tasks", db, "--at", "2026-06-20T09:00:00+08:00").stdout)
    shed = next(t for t in during["tasks"] if t["task"] == "bicycle-shed")
    check(shed["state"] == "in_progress", f"bicycle-shed in progress on 20 June: {shed['state']}")
    check(shed["overdue"] and shed["overdue_milestones"] == ["build"],
          f"its build milestone (due 15 June) is overdue: {shed['overdue_milestones']}")
    lunch = next(t for t in during["tasks"] if t["task"] == "lunch-table")
    check(lunch["progress"] == 56, f"lunch-table rolls up its sub-tasks (60·2+50)/3: {lunch['progress']}")
    check(lunch["stalled"] is False, "lunch-table reported within 30 days")
    later = json.loads(yishi("tasks", db, "--at", "2026-08-01T09:00:00+08:00").stdout)
    lunch = next(t for t in later["tasks"] if t["task"] == "lunch-table")
    check(lunch["stalled"], "no report for over 30 days: stalled")
    shed = next(t for t in later["tasks"] if t["task"] == "bicycle-shed")
    check(shed["state"] == "evaluated", f"bicycle-shed evaluated: {shed['state']}")
    check(shed["indicators"] == {"on_time": False, "on_budget": False, "satisfaction": 4.1,
                                "complaints": 0},
          f"bicycle-shed indicators (13 days late, 85000 of 80000, mean 4.1): {shed['indicators']}")
    wuye = later["indicators"]["by_body"]["wuye"]
    check(wuye["completed"] == 1 and wuye["on_time_rate"] == 0 and wuye["satisfaction"] == 4.1,
          f"the property company's record: {wuye}")
    check(later["indicators"]["by_funding"]["venture_fund"]["tasks"] == 2,
          "two venture-fund tasks (the lunch table and its kitchen)")


def exec_lines(db, *commands):
    """`yishi exec DB -` on JSON lines; the per-line results."""
    r = subprocess.run([YISHI, "exec", db, "-"], input="\n".join(json.dumps(c) for c in commands),
                       capture_output=True, text=True)
    if not r.stdout.strip():
        print(f"  yishi exec said nothing: {r.returncode} {r.stderr}")
    return [json.loads(line) for line in r.stdout.splitlines() if line.strip()]


def test_standing_rules(db):
    print("the standing responsibility list and the standards, declared as data")
    screening = json.loads(yishi("state", db, "--at", "2026-03-24T12:00:00+08:00").stdout)["state"]
    suggested = {p["proposal"]: p.get("suggested_referral", {}).get("body")
                 for p in screening["proposals"]}
    check(suggested == {"bicycle-shed": "wuye", "lunch-table": "shegong"},
          f"screening suggests the body the standing list names for each matter: {suggested}")
    later = json.loads(yishi("state", db, "--at", "2026-04-01T09:00:00+08:00").stdout)["state"]
    check(all("suggested_referral" not in p for p in later["proposals"]),
          "once accepted, no suggestion is shown")
    board = json.loads(yishi("tasks", db, "--at", "2026-08-01T09:00:00+08:00").stdout)
    check([r["matter"] for r in board["responsibilities"]] == ["设施建设", "为老服务", "行政事项"],
          f"the board carries the standing list: {board['responsibilities']}")

    report = json.loads(yishi("standards", db, "--at", "2026-08-01T09:00:00+08:00",
                              "--by", "quarter").stdout)
    check([d["name"] for d in report["declared"]] ==
          ["on_time_share", "on_budget_share", "satisfaction", "overdue_tasks",
           "proposals_per_100_members"], f"the declared indicators, in order: {report['declared']}")
    whole = {i["name"]: (i["value"], i["met"]) for i in report["whole_record"]["indicators"]}
    check(whole == {"on_time_share": (0, False), "on_budget_share": (0, False),
                    "satisfaction": (0.775, True), "overdue_tasks": (1, False),
                    "proposals_per_100_members": (9.524, True)},
          f"the whole record: the shed late and over budget, (4.1-1)/4 satisfied, the lunch "
          f"table overdue, 2 proposals from 21 members: {whole}")
    quarters = [(p["from"][:10], {i["name"]: i["value"] for i in p["indicators"]})
                for p in report["periods"]]
    check([q[0] for q in quarters] == ["2026-03-21", "2026-03-31", "2026-06-30"],
          f"quarters in +08:00 from the first proposal, the last ending now: {[q[0] for q in quarters]}")
    check(quarters[0][1]["on_time_share"] is None and quarters[1][1]["on_time_share"] == 0,
          f"nothing completed in Q1 claims nothing; Q2 holds the late shed: {quarters[:2]}")
    check(report["periods"][1]["measures"]["spent"] == 85000 and
          report["periods"][1]["measures"]["tasks_completed"] == 1,
          f"Q2's measures: {report['periods'][1]['measures']}")
    check(json.loads(yishi("standards", db, "--at", "2026-08-01T09:00:00+08:00").stdout)["by"]
          == "quarter", "by quarter unless asked")
    months = json.loads(yishi("standards", db, "--at", "2026-08-01T09:00:00+08:00",
                              "--by", "month").stdout)
    check(len(months["periods"]) == 6, f"by month: March to August: {len(months['periods'])}")
    # One body's record, and one funding mechanism's: what the community reads before it
    # buys a service from that body again.
    def whole(*scope):
        r = json.loads(yishi("standards", db, "--at", "2026-08-01T09:00:00+08:00", *scope).stdout)
        return r["scope"], {i["name"]: i["value"] for i in r["whole_record"]["indicators"]}
    scope, wuye = whole("--body", "wuye")
    check(scope == {"body": "wuye"} and wuye["on_time_share"] == 0 and wuye["satisfaction"] == 0.775,
          f"the property company's record: the late shed, satisfied 0.775: {scope} {wuye}")
    scope, shegong = whole("--body", "shegong")
    check(shegong["on_time_share"] is None and shegong["overdue_tasks"] == 1,
          f"the social organisation completed nothing yet and its lunch table is overdue: {shegong}")
    scope, venture = whole("--funding", "venture_fund")
    check(scope == {"funding": "venture_fund"} and venture["overdue_tasks"] == 1 and
          venture["on_time_share"] is None, f"venture-fund tasks: {venture}")
    for args, what in ((["--funding", "none"], "--funding"), (["--funding", "loans"], "--funding"),
                       (["--body", "nobody"], "--body")):
        r = yishi("standards", db, *args, ok=False)
        check(r.returncode == 2 and what in r.stderr, f"{args} refused naming {what}: {r.stderr.strip()}")
    bad = yishi("standards", db, "--by", "week", ok=False)
    check(bad.returncode != 0 and "week" in bad.stderr, f"--by week is refused: {bad.stderr.strip()}")

    # A rule change with a broken formula or target is refused, naming the entry.
    base = {"cmd": "proposal.draft", "actor": "r03", "at": "2026-08-02T09:00:00+08:00",
            "kind": "rule_change", "title": "新的考核指标", "summary": "调整考核指标"}
    def refusal(rulebook):
        """The field a refused rule change names: the engine's rejection, or the
        script reader's error for a value that is not even well-formed."""
        line = json.dumps(dict(base, proposal="rc", rulebook=rulebook))
        r = subprocess.run([YISHI, "exec", db, "-"], input=line, capture_output=True, text=True)
        if r.returncode == 0:
            out = json.loads(r.stdout)
            return ("rejected", out["rejection"]["field"]) if not out["ok"] else ("applied", None)
        found = re.search(r"field '([^']+)'", r.stderr)
        return ("malformed", found.group(1) if found else r.stderr)

    got = [
        refusal({"standards": [{"standard": "services", "name": "late",
                                "formula": "tasks_late / 2", "target": ">=1"}]}),
        refusal({"standards": [{"standard": "services", "name": "big", "formula": "members",
                                "target": ">=" + "9" * 400}]}),
        refusal({"responsibilities": [{"matter": "设施建设", "body": "wuye"},
                                      {"matter": "设施建设", "body": "shegong"}]}),
        refusal({"standards": [{"standard": "services", "name": "x", "formula": "members",
                                "target": ">=1", "weight": 2}]}),
        refusal({"standards": [{"standard": "services", "name": "x", "formula": "(members",
                                "target": ">=1"}]}),
    ]
    check(got == [("rejected", "rulebook.standards[0].formula"),
                  ("malformed", "rulebook.standards[0].target"),
                  ("rejected", "rulebook.responsibilities[1].matter"),
                  ("malformed", "rulebook.standards[0].weight"),
                  ("rejected", "rulebook.standards[0].formula")],
          f"each refusal names its entry and field: {got}")
    drafted = json.loads(yishi("state", db).stdout)["state"]["proposals"]
    check(not any(p["proposal"] == "rc" for p in drafted), "and nothing was drafted")
    # A resident's complaint about a task counts against it and its body.
    results = exec_lines(
        db,
        {"cmd": "report.file", "actor": "r04", "at": "2026-07-10T20:00:00+08:00",
         "report": "shed-leak", "title": "车棚漏雨", "text": "车棚东侧顶棚漏雨。"},
        {"cmd": "report.triage", "actor": "cv", "at": "2026-07-11T09:00:00+08:00",
         "report": "shed-leak", "as": "task", "target": "bicycle-shed", "reason": "交物业保修"})
    check(all(r.get("ok") for r in results), f"a report triaged to the shed's task: {results}")
    board = json.loads(yishi("tasks", db, "--at", "2026-08-01T09:00:00+08:00").stdout)
    shed = next(t for t in board["tasks"] if t["task"] == "bicycle-shed")
    check(shed["indicators"]["complaints"] == 1, f"the shed has one complaint: {shed['indicators']}")
    check(board["indicators"]["by_body"]["wuye"]["complaints"] == 1, "and so has its body")
    q3 = json.loads(yishi("standards", db, "--at", "2026-08-01T09:00:00+08:00",
                          "--by", "quarter").stdout)["periods"][2]["measures"]
    check(q3["complaints"] == 1 and q3["reports_filed"] == 1, f"Q3 measures count it: {q3}")


def test_dossiers(db, key):
    print("dossiers, verified independently")
    out = {}
    for proposal in ("bicycle-shed", "lunch-table"):
        path = db.parent / f"{proposal}.json"
        yishi("dossier", db, proposal, "--out", path)
        dossier = json.loads(path.read_text())
        report, rc = verify(dossier, key)
        check(rc == 0 and report["ok"], f"{proposal} dossier verifies: {report}")
        types = [e["type"] for e in dossier["events"]]
        check(types[0] == "proposal.drafted" and "meeting.item_decided" in types and
              "task.opened" in types, f"{proposal} runs from the draft through the vote to its task")
        out[proposal] = dossier
    shed = out["bicycle-shed"]
    check("task.evaluated" in [e["type"] for e in shed["events"]], "the shed's evaluation is in it")
    check(shed["result"]["outcome"] == "adopted" and shed["result"]["vote"]["yes"] == 8,
          f"its result: {shed['result']}")

    def rejected(variant, reason, what):
        report, rc = verify(variant, key)
        check(rc == 1 and report["reason"] == reason,
              f"{what}: rejected for {reason} (got {report.get('reason')}: {report.get('detail')})")

    v = copy.deepcopy(shed)
    e = v["events"][5]
    e["payload_hex"] = e["payload_hex"][:-2] + ("00" if e["payload_hex"][-2:] != "00" else "01")
    rejected(v, "hash_mismatch", "a changed byte")
    v = copy.deepcopy(shed)
    del v["events"][20]
    rejected(v, "events_missing", "a dropped event")
    v = copy.deepcopy(shed)
    v["events"][3], v["events"][4] = v["events"][4], v["events"][3]
    rejected(v, "out_of_order", "a reordered pair")
    v = copy.deepcopy(shed)
    root = v["checkpoint"]["root"]
    v["checkpoint"]["root"] = root[:-1] + ("0" if root[-1] != "0" else "1")
    rejected(v, "inclusion_failed", "a checkpoint with another root")
    v = copy.deepcopy(shed)
    v["checkpoint"]["time_ms"] += 1
    rejected(v, "bad_signature", "a forged checkpoint (its time changed)")
    v = copy.deepcopy(shed)
    decided = next(e for e in v["events"] if e["type"] == "meeting.item_decided")
    decided["event"]["outcome"] = "rejected"
    rejected(v, "readable_mismatch", "the readable outcome edited")
    report, rc = verify(shed, "00" * 32)
    check(rc == 1 and report["reason"] == "bad_signature", "another public key: bad_signature")
    # An illegal story, correctly hashed and signed, is the verifier's own test
    # (tests/verify/test_verify.py builds it with a key of its own).
    r = subprocess.run(["/usr/bin/python3", REPO / "tests" / "verify" / "test_verify.py",
                        db.parent / "bicycle-shed.json", key], capture_output=True, text=True)
    check(r.returncode == 0, f"the verifier's own tests on this dossier: {r.stdout[-400:]}{r.stderr[-400:]}")


def test_funded_by_poll(tmp):
    print("a budget poll funds an accepted proposal: its task opens, its dossier verifies")
    db = tmp / "every-event.db"
    init = json.loads(yishi("init", db, "--community", "every", "--admin", "admin",
                            "--at", "2026-03-01T08:00:00+08:00").stdout)
    key = pathlib.Path(init["public_key_file"]).read_text().strip()
    yishi("exec", db, REPO / "tests" / "schemas" / "scenarios" / "every-event.jsonl", "--strict")
    state = json.loads(yishi("state", db).stdout)["state"]
    lights = next(p for p in state["proposals"] if p["proposal"] == "lights")
    check(lights["state"] == "adopted", f"the poll's winner is adopted: {lights['state']}")
    task = next((t for t in state["tasks"] if t["task"] == "lights"), None)
    check(task is not None and task["decided_at"] == "budget-2026",
          f"and its task opened, decided by the poll: {task}")
    path = tmp / "lights.json"
    yishi("dossier", db, "lights", "--out", path)
    dossier = json.loads(path.read_text())
    types = [e["type"] for e in dossier["events"]]
    check(["ballot.opened", "ballot.options_linked", "ballot.tallied", "proposal.funded",
           "task.opened"] == [t for t in types if t in ("ballot.opened", "ballot.options_linked",
                                                         "ballot.tallied", "proposal.funded",
                                                         "task.opened")],
          f"the dossier runs from the poll's opening through its tally to the funding: {types}")
    report, rc = verify(dossier, key)
    check(rc == 0 and report["ok"], f"the funded proposal's dossier verifies: {report}")
    v = copy.deepcopy(dossier)
    v["events"].remove(next(e for e in v["events"] if e["type"] == "proposal.accepted"))
    report, rc = verify(v, key)
    check(rc == 1, f"without its acceptance the story is refused: {report.get('reason')}")


def test_two_way(tmp):
    print("two-way: notices, residents' reports, referral replies")
    db = tmp / "two-way.db"
    yishi("init", db, "--community", "nantang", "--admin", "admin", "--at", "2026-03-01T08:00:00+08:00")
    yishi("exec", db, REPO / "tests" / "schemas" / "scenarios" / "two-way.jsonl", "--strict")
    state = json.loads(yishi("state", db).stdout)["state"]
    acks = {n["notice"]: n["acknowledged"] for n in state["notices"]}
    check(acks == {"notice-council-03": 1, "notice-typhoon": 2}, f"acknowledgement counts: {acks}")
    triage = {r["report"]: (r["triage"], r["target"]) for r in state["reports"]}
    check(triage == {"report-b3-light": ("pending", ""),
                     "report-road": ("referral", "街道城市管理科"),
                     "report-noise": ("closed", "")}, f"reports triaged: {triage}")
    waiting = json.loads(yishi("tasks", db, "--at", "2026-03-10T09:00:00+08:00").stdout)["referrals"]
    late = json.loads(yishi("tasks", db, "--at", "2026-03-21T09:00:00+08:00").stdout)["referrals"]
    check(waiting[0]["overdue"] is False and waiting[0]["replied_at"] is None,
          f"the reply is awaited, not yet overdue: {waiting}")
    check(late[0]["overdue"] is True and late[0]["replied_at"] is None,
          f"past its due date with no reply: overdue: {late}")
    replied = json.loads(yishi("tasks", db).stdout)["referrals"]
    check(replied[0]["replied_at"] and replied[0]["overdue"] is False,
          f"the body's reply (late) ends the wait: {replied}")


def test_exports(tmp, db):
    print("open data exports")
    for table in ("proposals", "decisions", "votes", "tasks", "indicators"):
        as_csv = yishi("export", db, table, "--at", "2026-08-01T09:00:00+08:00").stdout
        as_json = json.loads(yishi("export", db, table, "--format", "json",
                                   "--at", "2026-08-01T09:00:00+08:00").stdout)
        rows = list(csv.DictReader(io.StringIO(as_csv, newline="")))
        check(len(rows) == len(as_json) and len(rows) > 0, f"{table}: {len(rows)} CSV rows, {len(as_json)} JSON")

        def text(v):
            return "" if v is None else ("true" if v is True else "false" if v is False else
                                         v if isinstance(v, str) else json.dumps(v))
        check(all({k: text(v) for k, v in j.items()} == r for j, r in zip(as_json, rows)),
              f"{table}: every CSV cell equals its JSON value")
    votes = json.loads(yishi("export", db, "votes", "--format", "json").stdout)
    check(all(set(v) >= {"yes", "participants"} and "counted" not in v and "voter" not in v
              for v in votes), "votes export aggregates only")
    # Polls: exported and counted again by `yishi tally`, as any other tool would.
    needs = tmp / "needs.db"
    yishi("init", needs, "--community", "nantang-needs", "--admin", "admin",
          "--at", "2026-05-01T08:00:00+08:00")
    yishi("exec", needs, REPO / "examples" / "needs-survey.jsonl", "--strict")
    for poll, ext, method in (("priority-2026", "soi", "schulze"), ("needs-2026", "pb", "greedy")):
        path = tmp / f"{poll}.{ext}"
        r = yishi("export", needs, "--poll", poll, "--out", path)
        check(json.loads(r.stdout)["format"] == ext, f"{poll} exports as .{ext}")
        recount = json.loads(yishi("tally", "--method", method, path).stdout)
        result = json.loads(yishi("results", needs, poll).stdout)
        if ext == "pb":
            got = sorted(int(p) for p in recount["selected"])
        else:
            got = sorted(recount["winners"])
        check(got == sorted(result["winners"]),
              f"{poll} re-tallied from .{ext}: {got} == {sorted(result['winners'])}")
        if ext == "soi":
            check(recount["ranking"] == result["ranking"], f"{poll}: the same full ranking")
    wrong = yishi("export", needs, "--poll", "priority-2026", "--out", tmp / "x.pb", ok=False)
    check(wrong.returncode == 2 and ".soi" in wrong.stderr, "a wrong extension is refused, naming the right one")


def test_erasure(db, key):
    print("erasure")
    con = sqlite3.connect(db)
    before = con.execute("SELECT display_name FROM member_profiles WHERE member = 'wuye'").fetchone()
    con.close()  # a reader left open would hold the old page image in the WAL
    check(before and before[0] == "阳光物业公司", f"wuye's name is on record first: {before}")
    r = yishi("erase", db, "--member", "wuye")
    report = json.loads(r.stdout)
    check(report["erased"] == "wuye" and report["write_ahead_log_emptied"],
          f"yishi erase records the erasure and empties the WAL: {report}")
    again = yishi("erase", db, "--member", "wuye", ok=False)
    check(again.returncode == 1 and "wrong_state" in again.stderr, "erasing twice is refused")
    con = sqlite3.connect(db)
    check(con.execute("SELECT count(*) FROM member_profiles WHERE member = 'wuye'").fetchone()[0] == 0,
          "the profile row is gone")
    check(con.execute("SELECT count(*) FROM invites WHERE member = 'wuye' AND revoked_at IS NULL")
          .fetchone()[0] == 0, "no live invitation is left")
    con.close()
    raw = b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*"))
    check("阳光物业公司".encode() not in raw, "the name is in no byte of the database files")
    check(yishi("verify", db).returncode == 0, "yishi verify passes after the erasure")
    path = db.parent / "after.json"
    yishi("dossier", db, "bicycle-shed", "--out", path)
    report, rc = verify(json.loads(path.read_text()), key)
    check(rc == 0, f"the dossier still verifies: {report}")
    check("阳光物业公司" not in path.read_text(), "and names nobody")
    for table in ("proposals", "tasks", "indicators"):
        check("阳光物业公司" not in yishi("export", db, table).stdout, f"{table} export names nobody")
    log = yishi("log", db).stdout
    check('"type":"member.erased"' in log, "the erasure is in the log")
    refused = subprocess.run([YISHI, "exec", db, "-"], input=json.dumps(
        {"cmd": "task.report", "actor": "wuye", "task": "bicycle-shed", "note": "x"}),
        capture_output=True, text=True)
    check('"unknown_actor"' in refused.stdout, f"an erased member no longer acts: {refused.stdout[:200]}")


def main():
    with tempfile.TemporaryDirectory() as d:
        tmp = pathlib.Path(d)
        os.environ["YISHI_KEY_DIR"] = str(tmp / "keys")
        db, key = council(tmp)
        test_tasks(db)
        test_standing_rules(db)
        test_dossiers(db, key)
        test_funded_by_poll(tmp)
        test_two_way(tmp)
        test_exports(tmp, db)
        test_erasure(db, key)
    print(f"{CHECKS} checks, {len(FAILURES)} failed")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
