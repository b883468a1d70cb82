"""Shared helpers for the Larkspur sample generators (python3 stdlib only)."""
import os, sys
from datetime import datetime
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus_a, corpus_b, corpus_c

ALL = corpus_a.P + corpus_b.P + corpus_c.P
BY_ID = {p["id"]: p for p in ALL}
ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
ABBR = {"+00:00": "UTC", "-05:00": "EST", "-04:00": "EDT", "+01:00": "CET", "+02:00": "CEST"}
USERS = {  # display name -> (username, atlassian account id suffix)
    "Priya Natarajan": "pnatarajan", "Marcus Oyelaran": "moyelaran", "Jonas Berg": "jberg",
    "Felix Adeyemi": "fadeyemi", "Aiko Tanaka": "atanaka", "Grace Liu": "gliu",
    "Tomás Ibarra": "tibarra", "Keisha Brown": "kbrown", "Lena Fischer": "lfischer",
    "Sam Whitfield": "swhitfield", "Hannah Schulz": "hschulz", "Noor Haddad": "nhaddad",
    "Rohan Mehta": "rmehta",
}

def out(rel):
    path = os.path.join(ROOT, rel.split("#")[0])
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return path

def parse(iso):
    return datetime.fromisoformat(iso)

def off(iso):
    return iso[19:] if len(iso) > 19 else ""

def fmt_time(iso, tz):
    """A time the way the document writes it."""
    d = parse(iso)
    base = d.strftime("%Y-%m-%d %H:%M")
    o = off(iso)
    if tz == "none" or not o:
        return base
    if tz == "utc":
        return base + " UTC"
    if tz == "abbr":
        return base + " " + ABBR[o]
    return base + " " + o  # "offset"

def hhmm(iso):
    return parse(iso).strftime("%H:%M")

def day(iso):
    return iso[:10]

def tz_label(p):
    o = off(p["start"])
    if p["tz"] == "none" or not o:
        return None
    if p["tz"] == "offset":
        return "UTC" + o
    return ABBR[o]

def long_date(s):  # 2025-03-04 -> Mar 04, 2025 (Confluence metadata style)
    return datetime.fromisoformat(s).strftime("%b %d, %Y")

def human_date(s):  # 2025-03-04 -> 4 Mar 2025
    d = datetime.fromisoformat(s)
    return f"{d.day} {d.strftime('%b %Y')}"

def duration_text(p):
    mins = int((parse(p["resolved"]) - parse(p["start"])).total_seconds() // 60)
    h, m = divmod(mins, 60)
    return f"{h} h {m} min" if h else f"{m} min"

def status_word(s):
    return {"done": "Done", "open": "Open", "unknown": ""}[s]

def zput(z, name, data, dt=(2025, 12, 20, 16, 41, 0)):
    """Deterministic zip entry (fixed timestamp)."""
    import zipfile
    info = zipfile.ZipInfo(name, date_time=dt)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    z.writestr(info, data)
