"""Writes jsonl/backup.jsonl: postmortems in the schema's camelCase JSON (one record per line)."""
import hashlib, json
from common import *

def dur(p):
    s = int((parse(p["resolved"]) - parse(p["start"])).total_seconds())
    d, s = divmod(s, 86400)
    h, s = divmod(s, 3600)
    m, s = divmod(s, 60)
    return (f"{d}." if d else "") + f"{h:02d}:{m:02d}:{s:02d}"

def record(p, n):
    body = json.dumps(p, sort_keys=True, ensure_ascii=False)
    L = p["lessons"]
    sections = [("Summary", "summary", p["summary"]), ("Impact", "impact", p["impact"]), ("Detection", "detection", p["detection"]),
                ("Trigger", "trigger", p["trigger"]), ("Root cause", "rootCauses", " ".join(p["root_causes"])),
                ("Contributing factors", "contributingFactors", "\n".join(p["factors"])), ("Resolution", "resolution", p["resolution"]),
                ("Timeline", "timeline", "\n".join(f"{a} {t}" for a, t in p["timeline"])),
                ("Action items", "actionItems", "\n".join(a["text"] for a in p["actions"])),
                ("Lessons learned", "lessons", "\n".join(L["well"] + L["wrong"] + L["lucky"]))]
    return {
        "id": "pm-" + hashlib.sha256(("jsonl:backup.jsonl#" + p["title"]).encode()).hexdigest()[:16],
        "title": p["title"],
        "source": {"kind": "jsonl", "path": "backup.jsonl", "pageId": None,
                   "contentHash": "sha256:" + hashlib.sha256(body.encode()).hexdigest(), "importedAt": None},
        "status": p["status"], "severity": p["sev"], "severityRaw": p["sev_raw"],
        "services": p["services"], "teams": ["search" if "search-api" in p["services"] else "notifications"],
        "authors": p["authors"], "owner": p["authors"][0],
        "incidentStart": p["start"], "detectedAt": p["detected"], "mitigatedAt": p["mitigated"], "resolvedAt": p["resolved"],
        "postmortemDate": p["pm_date"], "duration": dur(p),
        "summary": p["summary"], "impact": p["impact"], "detection": p["detection"], "trigger": p["trigger"],
        "rootCauses": p["root_causes"], "contributingFactors": p["factors"], "resolution": p["resolution"],
        "timeline": [{"at": a, "atText": fmt_time(a, p["tz"]), "text": t} for a, t in p["timeline"]],
        "actionItems": [{"text": a["text"], "owner": a["owner"], "due": a["due"], "status": a["status"], "ticket": a["ticket"],
                         "priority": "P2" if i == 0 else None, "kind": "prevent" if i == 0 else "mitigate"} for i, a in enumerate(p["actions"])],
        "lessons": {"wentWell": L["well"], "wentWrong": L["wrong"], "gotLucky": L["lucky"]},
        "tags": p["tags"], "restricted": p["restricted"],
        "metadata": [{"key": "company", "value": "Larkspur"}],
        "sections": [{"heading": h, "field": f, "text": t} for h, f, t in sections],
        "diagnostics": [],
    }

def main():
    recs = [record(p, i) for i, p in enumerate(x for x in ALL if x["fmt"] == "jsonl")]
    with open(out("jsonl/backup.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n")

if __name__ == "__main__":
    main()
