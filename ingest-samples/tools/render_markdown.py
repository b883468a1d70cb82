"""Renders the Markdown postmortems (several template families)."""
from common import *

def fm(p, extra=None):
    lines = ["---", f"title: \"{p['title']}\"", f"date: {p['pm_date']}", f"severity: {p['sev_raw']}",
             "services: [" + ", ".join(p["services"]) + "]",
             "authors:"] + [f"  - {a}" for a in p["authors"]] + [
             "tags: [" + ", ".join(p["tags"]) + "]", f"status: {p['status']}"]
    for k, v in (extra or {}).items():
        lines.append(f"{k}: {v}")
    return "\n".join(lines + ["---", ""])

def bullets(items):
    return "\n".join(f"- {i}" for i in items)

def tl_table(p, head=("Time", "Event")):
    rows = [f"| {head[0]} | {head[1]} |", "|---|---|"]
    rows += [f"| {fmt_time(a, p['tz'])} | {t} |" for a, t in p["timeline"]]
    return "\n".join(rows)

def tl_lines(p, dash="–"):
    return "\n".join(f"{fmt_time(a, p['tz'])} {dash} {t}  " for a, t in p["timeline"])

def tl_dated(p, bullet="", heading=None):
    out_, cur = [], None
    lab = tz_label(p)
    for a, t in p["timeline"]:
        if day(a) != cur:
            cur = day(a)
            label = f"{cur}" + (f" (all times {lab})" if lab else "")
            out_.append(f"\n{heading} {label}\n" if heading else f"\n**{label}**\n")
        out_.append(f"{bullet}{hhmm(a)} {t}  ")
    return "\n".join(out_).strip("\n")

def ai_table(p, cols=("Action item", "Owner", "Due", "Status", "Ticket")):
    rows = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for a in p["actions"]:
        rows.append(f"| {a['text']} | {a['owner'] or ''} | {a['due'] or ''} | {status_word(a['status'])} | {a['ticket'] or ''} |")
    return "\n".join(rows)

def lessons(p, h="###", names=("What went well", "What went wrong", "Where we got lucky")):
    L = p["lessons"]
    return (f"{h} {names[0]}\n\n{bullets(L['well'])}\n\n{h} {names[1]}\n\n{bullets(L['wrong'])}\n\n"
            f"{h} {names[2]}\n\n{bullets(L['lucky'])}\n")

def google(p):
    md = fm(p) + f"""
# Postmortem: {p['title']}

**Date:** {p['pm_date']}  
**Authors:** {', '.join(p['authors'])}  
**Status:** {p['status']}, action items in progress  
**Severity:** {p['sev_raw']}  
**Incident start:** {fmt_time(p['start'], p['tz'])}  
**Detected:** {fmt_time(p['detected'], p['tz'])}  
**Mitigated:** {fmt_time(p['mitigated'], p['tz'])}  
**Resolved:** {fmt_time(p['resolved'], p['tz'])}  

## Summary

{p['summary']}

## Impact

{p['impact']}

## Root Causes

{' '.join(p['root_causes'])}

## Trigger

{p['trigger']}

## Contributing Factors

{bullets(p['factors'])}

## Resolution

{p['resolution']}

## Detection

{p['detection']}

## Action Items

| Action Item | Type | Owner | Due | Status | Bug |
|---|---|---|---|---|---|
""" + "\n".join(f"| {a['text']} | {'prevent' if i % 2 == 0 else 'mitigate'} | {a['owner']} | {a['due']} | {status_word(a['status'])} | {a['ticket']} |" for i, a in enumerate(p['actions'])) + f"""

## Lessons Learned

{lessons(p)}
## Timeline

{tl_dated(p)}

## Supporting information

- Deploy dashboard annotations for the release window
- Checkout error-rate graph (see incident channel)
"""
    return md

def pagerduty(p):
    items = "\n".join(f"- [{'x' if a['status'] == 'done' else ' '}] {a['ticket']}: {a['text']} (@{a['owner']}, due {a['due']})" for a in p["actions"])
    return fm(p) + f"""
# {p['title']}

## Overview

{p['summary']}

**Severity:** {p['sev_raw']} · **Duration:** {duration_text(p)} · **Incident commander:** {p['authors'][0]}

| | |
|---|---|
| Started | {fmt_time(p['start'], p['tz'])} |
| Detected | {fmt_time(p['detected'], p['tz'])} |
| Mitigated | {fmt_time(p['mitigated'], p['tz'])} |
| Resolved | {fmt_time(p['resolved'], p['tz'])} |

## What Happened

{p['trigger']} {p['summary'].split('. ')[-1]}

## Contributing Factors

{bullets(p['factors'])}

## Resolution

{p['resolution']}

## Root Cause

{' '.join(p['root_causes'])}

## Impact

{p['impact']}

## Detection

{p['detection']}

## Responders

- {p['authors'][0]} (incident commander)
- Platform on-call (subject matter expert)
- Customer support liaison

## Timeline

{tl_table(p, ('Time', 'Event'))}

## How'd We Do?

### What went well

{bullets(p['lessons']['well'])}

### What didn't go so well

{bullets(p['lessons']['wrong'])}

### Where we got lucky

{bullets(p['lessons']['lucky'])}

## Action Items

{items}

## Messaging

### Internal

A short summary was posted in #announcements after resolution.

### External

No status page update was needed beyond the incident notice.
"""

def atlassian(p):
    return fm(p) + f"""
# Incident postmortem: {p['title']}

| Field | Value |
|---|---|
| Postmortem owner | {p['authors'][0]} |
| Incident date | {day(p['start'])} |
| Severity | {p['sev_raw']} |
| Services | {', '.join(p['services'])} |
| Start of impact | {fmt_time(p['start'], p['tz'])} |
| Detected | {fmt_time(p['detected'], p['tz'])} |
| Mitigated | {fmt_time(p['mitigated'], p['tz'])} |
| Resolved | {fmt_time(p['resolved'], p['tz'])} |
| Postmortem date | {p['pm_date']} |
| Status | {p['status']} |

## Incident summary

{p['summary']}

## Leadup

{p['trigger']}

## Fault

{' '.join(p['root_causes'])}

## Impact

{p['impact']}

## Detection

{p['detection']}

## Response

The on-call engineer acknowledged the page, opened the incident channel and brought in the checkout owner.

## Recovery

{p['resolution']}

## Timeline

{tl_lines(p)}

## Contributing factors

{bullets(p['factors'])}

## Lessons learned

{lessons(p)}
## Follow-up tasks

{ai_table(p, ('Task', 'Owner', 'Due date', 'Status', 'Jira'))}
"""

def freeform(p):
    ai = "\n".join(f"* {a['ticket']} ({a['owner']}, due {a['due']}): {a['text']} -- {a['status']}" for a in p["actions"])
    return f"""# {p['title']}

**Restricted:** yes  
**Severity:** {p['sev_raw']}  
**Services:** {', '.join(p['services'])}  
**Authors:** {', '.join(p['authors'])}  
**Status:** {p['status']}  
**Postmortem date:** {p['pm_date']}  
**Start:** {fmt_time(p['start'], p['tz'])} / **Detected:** {fmt_time(p['detected'], p['tz'])} / **Mitigated:** {fmt_time(p['mitigated'], p['tz'])} / **Resolved:** {fmt_time(p['resolved'], p['tz'])}

> Access limited to the security group and SRE leads. Do not link from public channels.

### what happened
{p['summary']}

{p['impact']}

### how we found out
{p['detection']}

### trigger
{p['trigger']}

### why
{' '.join(p['root_causes'])}

Other things that made it worse: {' '.join(f[0].lower() + f[1:] for f in p['factors'])}

### fix
{p['resolution']}

### timeline
{tl_lines(p, '-')}

### todo
{ai}

### notes
good: {' '.join(p['lessons']['well'])}  
bad: {' '.join(p['lessons']['wrong'])}  
lucky: {' '.join(p['lessons']['lucky'])}
"""

def gitlab(p):
    ai = "\n".join(f"- [{'x' if a['status'] == 'done' else ' '}] {a['text']} — @{a['owner']}, due {a['due']}, {a['ticket']}" for a in p["actions"])
    return fm(p) + f"""
# Incident Review: {p['title']}

## Summary

{p['summary']}

1. Service(s) affected: {', '.join(p['services'])}
1. Team attribution: Database Reliability
1. Time to detection: {int((parse(p['detected']) - parse(p['start'])).total_seconds() // 60)} minutes
1. Minutes downtime or degradation: {int((parse(p['mitigated']) - parse(p['start'])).total_seconds() // 60)}
1. Incident start: {fmt_time(p['start'], p['tz'])}
1. Resolved: {fmt_time(p['resolved'], p['tz'])}
1. Severity: {p['sev_raw']}

## Impact & Metrics

{p['impact']}

## Detection & Response

{p['detection']}

## Timeline

{tl_table(p, ('Time (UTC)', 'Event'))}

## Root Cause Analysis

Trigger: {p['trigger']}

{' '.join(p['root_causes'])}

### Contributing factors

{bullets(p['factors'])}

## Resolution

{p['resolution']}

## What went well

{bullets(p['lessons']['well'])}

## What can be improved

{bullets(p['lessons']['wrong'])}

## Where we got lucky

{bullets(p['lessons']['lucky'])}

## Corrective actions

{ai}
"""

def coe(p):
    whys = [
        ("Why did checkouts fail?", "Because checkout-api could not get a database connection within its timeout."),
        ("Why were no connections available?", "Because every pool connection was taken by queries being retried."),
        ("Why were so many queries retried?", "Because the Postgres failover produced a burst of errors and the client retried immediately, five times, without backoff."),
        ("Why was there no backoff?", "Because the retry helper predates our retry guidelines and was copied between services."),
        ("Why did the pool not recover once Postgres was healthy?", "Because queued retries kept arriving faster than the pool could serve them, so saturation sustained itself."),
    ]
    w = "\n".join(f"{i}. **{q}** {a}" for i, (q, a) in enumerate(whys, 1))
    return f"""# {p['title']}

Correction of Error (COE)  
Author: {', '.join(p['authors'])} · Severity: {p['sev_raw']} · Services: {', '.join(p['services'])}  
COE date: {p['pm_date']} · Status: {p['status']}

## Summary

{p['summary']}

## Customer impact

{p['impact']}

Impact started {fmt_time(p['start'], p['tz'])}, detected {fmt_time(p['detected'], p['tz'])}, mitigated {fmt_time(p['mitigated'], p['tz'])}, fully resolved {fmt_time(p['resolved'], p['tz'])}.

## Incident timeline

{tl_lines(p)}

## Metrics

Checkout error rate peaked at 60% at 19:21 BST; pool wait time p99 reached the 5 s limit on all pods.

## How was the event detected?

{p['detection']}

## How could time to detection be improved?

A dedicated pool-wait alert would have fired about a minute earlier.

## What triggered the event?

{p['trigger']}

## Root cause

{' '.join(p['root_causes'])}

## Five whys

{w}

## Contributing factors

{' '.join(p['factors'])}

## How was the issue mitigated?

{p['resolution']}

## Lessons learned

{lessons(p, '###', ('Went well', 'Went wrong', 'Got lucky'))}
## Corrective actions

{ai_table(p, ('Action', 'Owner', 'Due', 'Status', 'Ticket'))}
"""

def etsy(p):
    ai = "\n".join(f"- {a['ticket']} ({a['owner']}, due {a['due']}): {a['text']}" for a in p["actions"])
    return fm(p, {"start_time": p['start'], "end_time": p['resolved']}) + f"""
## {p['title']}

Severity {p['sev_raw']}. Detected {fmt_time(p['detected'], p['tz'])}, mitigated {fmt_time(p['mitigated'], p['tz'])}.

### Summary

{p['summary']} {p['impact']}

### Detection

{p['detection']}

### Timeline

{tl_dated(p, heading='####')}

### Trigger

{p['trigger']}

### Root cause

{' '.join(p['root_causes'])}

### Contributing factors

{' '.join(p['factors'])}

### Remediation

{p['resolution']}

### Remediation tickets

{ai}

### Lessons

**Went well:** {' '.join(p['lessons']['well'])}  
**Went wrong:** {' '.join(p['lessons']['wrong'])}  
**Got lucky:** {' '.join(p['lessons']['lucky'])}
"""

STYLES = {"google": google, "pagerduty": pagerduty, "atlassian": atlassian, "freeform-restricted": freeform,
          "gitlab": gitlab, "coe": coe, "etsy": etsy}

def main():
    for p in ALL:
        if p["fmt"] == "markdown":
            with open(out(p["file"]), "w", encoding="utf-8", newline="\n") as f:
                f.write(STYLES[p["style"]](p))

if __name__ == "__main__":
    main()
