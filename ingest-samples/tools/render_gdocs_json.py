"""Renders Google Docs API documents.get responses (legacy body.content and tabs[])."""
import hashlib, json
from common import *

def kid(seed, n=12):
    h = hashlib.sha512(seed.encode()).hexdigest()
    a = "abcdefghijklmnopqrstuvwxyz0123456789"
    return "".join(a[int(h[i:i + 2], 16) % 36] for i in range(0, 2 * n, 2))

class Body:
    def __init__(self, seed):
        self.seed, self.i, self.content, self.lists, self.n = seed, 1, [{"endIndex": 1, "sectionBreak": {"sectionStyle": {"columnSeparatorStyle": "NONE", "contentDirection": "LEFT_TO_RIGHT", "sectionType": "CONTINUOUS"}}}], {}, 0

    def _elems(self, runs, start):
        els, i = [], start
        for r in runs:
            if isinstance(r, dict):  # person / date chip: one index position
                el = dict(r); el["startIndex"], el["endIndex"] = i, i + 1
                els.append(el); i += 1
                continue
            text, style = r
            els.append({"startIndex": i, "endIndex": i + len(text), "textRun": {"content": text, "textStyle": style}})
            i += len(text)
        return els, i

    def para(self, runs, style="NORMAL_TEXT", bullet=None, level=0, target=None):
        if isinstance(runs, str):
            runs = [(runs, {})]
        runs = list(runs)
        last = runs[-1]
        if isinstance(last, tuple):
            runs[-1] = (last[0] + "\n", last[1])
        else:
            runs.append(("\n", {}))
        els, end = self._elems(runs, self.i)
        ps = {"namedStyleType": style, "direction": "LEFT_TO_RIGHT"}
        if style.startswith("HEADING") or style == "TITLE":
            self.n += 1
            ps["headingId"] = "h." + kid(self.seed + str(self.n))
        p = {"elements": els, "paragraphStyle": ps}
        if bullet:
            self.lists.setdefault(bullet, True)
            b = {"listId": bullet, "textStyle": {"underline": False}}
            if level:
                b["nestingLevel"] = level
            p["bullet"] = b
            ps["indentFirstLine"] = {"magnitude": 18 + 36 * level, "unit": "PT"}
            ps["indentStart"] = {"magnitude": 36 + 36 * level, "unit": "PT"}
        item = {"startIndex": self.i, "endIndex": end, "paragraph": p}
        self.i = end
        (target if target is not None else self.content).append(item)
        return item

    def table(self, rows):
        start = self.i
        self.i += 1
        trs = []
        for r_i, r in enumerate(rows):
            rs = self.i
            self.i += 1
            cells = []
            for c in r:
                cs = self.i
                self.i += 1
                cont = []
                runs = [(c, {"bold": True})] if (r_i == 0 and isinstance(c, str)) else (c if isinstance(c, list) else [(c, {})])
                self.para(runs, target=cont)
                cells.append({"startIndex": cs, "endIndex": self.i, "content": cont,
                              "tableCellStyle": {"rowSpan": 1, "columnSpan": 1, "backgroundColor": {}, "paddingLeft": {"magnitude": 5, "unit": "PT"},
                                                 "paddingRight": {"magnitude": 5, "unit": "PT"}, "paddingTop": {"magnitude": 5, "unit": "PT"},
                                                 "paddingBottom": {"magnitude": 5, "unit": "PT"}, "contentAlignment": "TOP"}})
            trs.append({"startIndex": rs, "endIndex": self.i, "tableCells": cells, "tableRowStyle": {"minRowHeight": {"unit": "PT"}}})
        self.i += 1
        self.content.append({"startIndex": start, "endIndex": self.i, "table": {"rows": len(rows), "columns": len(rows[0]), "tableRows": trs,
                             "tableStyle": {"tableColumnProperties": [{"widthType": "EVENLY_DISTRIBUTED"} for _ in rows[0]]}}})

def person(name, seed):
    return {"person": {"personId": "kix." + kid(seed + name), "personProperties": {"name": name, "email": USERS[name] + "@larkspur.example"}, "textStyle": {}}}

def date_chip(d, seed):
    return {"dateElement": {"dateId": "kix." + kid(seed + d), "dateElementProperties": {"timestamp": d + "T00:00:00Z", "dateFormat": "DATE_FORMAT_ISO8601",
            "timeFormat": "TIME_FORMAT_DISABLED", "locale": "en", "displayText": d}, "textStyle": {}}}

def lists_obj(ids):
    levels = [{"bulletAlignment": "START", "glyphType": "GLYPH_TYPE_UNSPECIFIED", "glyphSymbol": s, "glyphFormat": "%" + str(n),
               "indentFirstLine": {"magnitude": 18 + 36 * n, "unit": "PT"}, "indentStart": {"magnitude": 36 + 36 * n, "unit": "PT"},
               "textStyle": {"underline": False}, "startNumber": 1} for n, s in enumerate(["●", "○", "■"])]
    return {i: {"listProperties": {"nestingLevels": levels}} for i in ids}

NAMED = {"styles": [{"namedStyleType": n, "textStyle": {"fontSize": {"magnitude": s, "unit": "PT"}}, "paragraphStyle": {"namedStyleType": n, "direction": "LEFT_TO_RIGHT"}}
                    for n, s in [("NORMAL_TEXT", 11), ("TITLE", 26), ("HEADING_1", 20), ("HEADING_2", 16), ("HEADING_3", 14)]]}
DOC_STYLE = {"background": {"color": {}}, "pageNumberStart": 1, "marginTop": {"magnitude": 72, "unit": "PT"}, "marginBottom": {"magnitude": 72, "unit": "PT"},
             "marginRight": {"magnitude": 72, "unit": "PT"}, "marginLeft": {"magnitude": 72, "unit": "PT"},
             "pageSize": {"height": {"magnitude": 792, "unit": "PT"}, "width": {"magnitude": 612, "unit": "PT"}}}

def build(p):
    s, tz = p["id"], p["tz"]
    b = Body(s)
    b.para(p["title"], "TITLE")
    b.para([("Authors: ", {"bold": True})] + sum([[person(a, s), (", ", {})] for a in p["authors"]], [])[:-1])
    b.para([("Postmortem date: ", {"bold": True}), date_chip(p["pm_date"], s)])
    for k, v in [("Severity: ", p["sev_raw"]), ("Status: ", p["status"]), ("Services: ", ", ".join(p["services"])),
                 ("Incident start: ", fmt_time(p["start"], tz)), ("Detected: ", fmt_time(p["detected"], tz)),
                 ("Mitigated: ", fmt_time(p["mitigated"], tz)), ("Resolved: ", fmt_time(p["resolved"], tz))]:
        b.para([(k, {"bold": True}), (v, {})])
    for h, key in [("Summary", "summary"), ("Impact", "impact"), ("Detection", "detection"), ("Trigger", "trigger")]:
        b.para(h, "HEADING_1"); b.para(p[key])
    b.para("Root cause", "HEADING_1")
    for r in p["root_causes"]:
        b.para(r)
    b.para("Contributing factors", "HEADING_1")
    fl = "kix." + kid(s + "f")
    for f in p["factors"]:
        b.para(f, bullet=fl)
    b.para("Resolution", "HEADING_1"); b.para(p["resolution"])
    b.para("Timeline", "HEADING_1")
    if s == "P03":
        b.table([["Time (UTC)", "Event"]] + [[hhmm(a), x] for a, x in p["timeline"]])
    elif s == "P11":
        tl = "kix." + kid(s + "t")
        for a, x in p["timeline"]:
            b.para(f"{fmt_time(a, tz)} – {x}", bullet=tl)
    else:
        cur = None
        for a, x in p["timeline"]:
            if day(a) != cur:
                cur = day(a)
                b.para(f"{cur} (UTC)", "HEADING_3")
            b.para(f"{hhmm(a)} {x}")
    b.para("Action items", "HEADING_1")
    if s in ("P03", "P11"):
        rows = [["Action item", "Owner", "Due", "Status", "Ticket"]]
        for a in p["actions"]:
            rows.append([a["text"], [person(a["owner"], s)], [date_chip(a["due"], s)], status_word(a["status"]), a["ticket"] or ""])
        b.table(rows)
    else:
        al = "kix." + kid(s + "a")
        for a in p["actions"]:
            b.para([(f"{a['ticket']}: {a['text']} — ", {}), person(a["owner"], s), (" — due ", {}), date_chip(a["due"], s), (f" — {status_word(a['status'])}", {})], bullet=al)
    b.para("Lessons learned", "HEADING_1")
    ll = "kix." + kid(s + "l")
    for h, key in (("What went well", "well"), ("What went wrong", "wrong"), ("Where we got lucky", "lucky")):
        b.para(h, bullet=ll)
        for x in p["lessons"][key]:
            b.para(x, bullet=ll, level=1)
    return b

def main():
    for p in ALL:
        if p["fmt"] != "gdocs-json":
            continue
        b = build(p)
        doc_id = "1" + kid(p["id"] + "doc", 21) + kid(p["id"] + "doc2", 21)
        rev = "ALBJ4L" + kid(p["id"] + "rev", 40)
        if p["style"] == "gjson-tabs":
            notes = Body(p["id"] + "notes")
            notes.para("Raw notes", "HEADING_1")
            notes.para("Grafana exports and the incident channel archive are in the team drive folder 'Incidents 2025'.")
            doc = {"title": p["title"], "revisionId": rev, "suggestionsViewMode": "SUGGESTIONS_INLINE", "documentId": doc_id,
                   "tabs": [{"tabProperties": {"tabId": "t.0", "title": "Postmortem", "index": 0},
                             "documentTab": {"body": {"content": b.content}, "documentStyle": DOC_STYLE, "namedStyles": NAMED, "lists": lists_obj(b.lists)}},
                            {"tabProperties": {"tabId": "t." + kid(p["id"] + "tab", 12), "title": "Raw notes", "index": 1},
                             "documentTab": {"body": {"content": notes.content}, "documentStyle": DOC_STYLE, "namedStyles": NAMED, "lists": {}}}]}
        else:
            doc = {"title": p["title"], "body": {"content": b.content}, "documentStyle": DOC_STYLE, "namedStyles": NAMED,
                   "lists": lists_obj(b.lists), "revisionId": rev, "suggestionsViewMode": "SUGGESTIONS_INLINE", "documentId": doc_id}
        with open(out(p["file"]), "w", encoding="utf-8", newline="\n") as f:
            json.dump(doc, f, ensure_ascii=False, indent=2)
            f.write("\n")

if __name__ == "__main__":
    main()
