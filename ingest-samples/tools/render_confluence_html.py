"""Renders Confluence Cloud space HTML exports (folder + zip) and the Confluence 'Export to Word' MHTML .doc."""
import base64, html, io, quopri, uuid, zipfile
from datetime import datetime
from common import *

BASE = "https://larkspur.atlassian.net/wiki"
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
e = html.escape

def acct(name):
    return "712020:" + str(uuid.uuid5(uuid.NAMESPACE_DNS, name + ".larkspur"))

def mention(name):
    a = acct(name)
    return (f'<a class="confluence-userlink user-mention" data-account-id="{a}" href="{BASE}/people/{a}?ref=confluence" '
            f'target="_blank" data-base-url="{BASE}">{e(name)}</a>')

def tdate(d, export_day):
    cls = "date-past" if d < export_day else "date-future"
    return f'<time datetime="{d}" class="{cls}">{human_date(d)}</time>'

def lozenge(text, kind):
    return f'<span class="status-macro aui-lozenge aui-lozenge-visual-refresh{(" aui-lozenge-" + kind) if kind else ""}">{e(text)}</span>'

def jira(key, status):
    st = {"done": ("Done", "success"), "open": ("To Do", "default"), "unknown": ("Backlog", "default")}[status]
    return (f'<span class="confluence-jim-macro jira-issue" data-jira-key="{key}" >\n'
            f'                <a href="https://larkspur.atlassian.net/browse/{key}" class="jira-issue-key">'
            f'<img class="icon" src="https://larkspur.atlassian.net/images/icons/issuetypes/task.svg" />{key}</a>\n'
            f'                    -\n            <span class="summary">{key} follow-up</span>\n'
            f'                                    <span class="aui-lozenge aui-lozenge-subtle aui-lozenge-{st[1]} jira-macro-single-issue-export-pdf">{st[0]}</span>\n'
            f'            </span>\n')

def hid(title, h):
    return title.replace(" ", "").replace(":", "") + "-" + h.replace(" ", "").replace("'", "")

def info(body, kind="information"):
    return (f'<div class="confluence-information-macro confluence-information-macro-{kind}"><span class="aui-icon aui-icon-small '
            f'aui-iconfont-info confluence-information-macro-icon"></span><div class="confluence-information-macro-body"><p>{body}</p></div></div>')

def expand(label, inner, n):
    return (f'<div id="expander-{n}" class="expand-container"><div id="expander-control-{n}" class="expand-control">'
            f'<span class="expand-control-icon"><img style="vertical-align:middle;" class="expand-control-image" src="images/icons/grey_arrow_down.png"></span>'
            f'<span class="expand-control-text">{e(label)}</span></div><div id="expander-content-{n}" class="expand-content">{inner}</div></div>')

def table(rows, head=None):
    h = ""
    if head:
        h = "<tr>" + "".join(f'<th class="confluenceTh"><p><strong>{c}</strong></p></th>' for c in head) + "</tr>"
    body = "".join("<tr>" + "".join(f'<td class="confluenceTd"><p>{c}</p></td>' for c in r) + "</tr>" for r in rows)
    return f'<div class="table-wrap"><table data-layout="default" class="confluenceTable"><tbody>{h}{body}</tbody></table></div>'

SEV_KIND = {"SEV1": "error", "SEV2": "moved", "SEV3": "current", "SEV4": "complete"}
TL_FORM = {"P04": "table", "P07": "table", "P13": "dated", "P25": "lines", "P14": "table", "P28": "lines", "P16": "table"}
AI_FORM = {"P04": "table", "P07": "tasks", "P13": "tasks", "P25": "table", "P14": "tasks", "P28": "table", "P16": "tasks"}

def body_html(p, export_day, pid):
    t = p["title"]
    H = lambda s, lvl=2: f'<h{lvl} id="{hid(t, s)}">{e(s)}</h{lvl}>'
    tz = p["tz"]
    props = [("Incident date", tdate(day(p["start"]), export_day)),
             ("Severity", lozenge(p["sev_raw"], SEV_KIND[p["sev"]])),
             ("Status", lozenge(p["status"].upper(), "success")),
             ("Services", e(", ".join(p["services"]))),
             ("Authors", " ".join(mention(a) for a in p["authors"])),
             ("Incident start", fmt_time(p["start"], tz)), ("Detected", fmt_time(p["detected"], tz)),
             ("Mitigated", fmt_time(p["mitigated"], tz)), ("Resolved", fmt_time(p["resolved"], tz)),
             ("Postmortem date", tdate(p["pm_date"], export_day))]
    if pid == "P13":
        props.append(("Incident ticket", jira("INC-2025-031", "done")))
    pp = ('<div class=\'plugin-tabmeta-details\'><div class="table-wrap"><table data-layout="default" class="confluenceTable"><colgroup><col style="width: 240.0px;"/><col style="width: 480.0px;"/></colgroup><tbody>'
          + "".join(f'<tr><th class="confluenceTh"><p><strong>{k}</strong></p></th><td class="confluenceTd"><p>{v}</p></td></tr>' for k, v in props)
          + "</tbody></table></div></div>")
    parts = [info("This is a blameless postmortem. We focus on systems and processes, not on individuals."), pp]
    parts += [H("Summary"), f"<p>{e(p['summary'])}</p>", H("Impact"), f"<p>{e(p['impact'])}</p>",
              H("Detection"), f"<p>{e(p['detection'])}</p>", H("Trigger"), f"<p>{e(p['trigger'])}</p>",
              H("Root cause"), "".join(f"<p>{e(r)}</p>" for r in p["root_causes"]), H("Contributing factors")]
    fs = p["factors_style"]
    if fs == "table":
        parts.append(table([[str(i), e(f)] for i, f in enumerate(p["factors"], 1)], ["#", "Contributing factor"]))
    elif fs == "prose":
        parts.append(f"<p>{e(' '.join(p['factors']))}</p>")
    else:
        parts.append("<ul>" + "".join(f"<li><p>{e(f)}</p></li>" for f in p["factors"]) + "</ul>")
    parts += [H("Resolution"), f"<p>{e(p['resolution'])}</p>", H("Timeline")]
    form = TL_FORM[pid]
    if form == "table":
        lab = tz_label(p)
        parts.append(table([[fmt_time(a, tz), e(x)] for a, x in p["timeline"]], ["Time", "Event"]))
    elif form == "dated":
        cur = None
        for a, x in p["timeline"]:
            if day(a) != cur:
                cur = day(a)
                parts.append(f'<h3 id="{hid(t, cur)}">{cur} (times in {tz_label(p)})</h3>')
            parts.append(f"<p>{hhmm(a)} {e(x)}</p>")
    else:
        parts.append("<p>" + "<br/>".join(f"{fmt_time(a, tz)} – {e(x)}" for a, x in p["timeline"]) + "</p>")
    parts.append(H("Action items"))
    if AI_FORM[pid] == "tasks":
        lis = []
        for i, a in enumerate(p["actions"], 1):
            chk = ' class="checked"' if a["status"] == "done" else ""
            j = jira(a["ticket"], a["status"]) + " " if a["ticket"] else ""
            lis.append(f'<li{chk} data-inline-task-id="{i}"><span class="placeholder-inline-tasks">{j}{e(a["text"])} {mention(a["owner"])} {tdate(a["due"], export_day)} </span></li>')
        parts.append(f'<ul class="inline-task-list" data-inline-tasks-content-id="{p["page_id"]}">' + "".join(lis) + "</ul>")
    else:
        rows = [[e(a["text"]), mention(a["owner"]), tdate(a["due"], export_day), jira(a["ticket"], a["status"]) if a["ticket"] else ""] for a in p["actions"]]
        parts.append(table(rows, ["Action", "Owner", "Due date", "Jira"]))
    L = p["lessons"]
    lessons = (f'{H("What went well", 3)}<ul>' + "".join(f"<li>{e(x)}</li>" for x in L["well"]) + "</ul>"
               + f'{H("What went wrong", 3)}<ul>' + "".join(f"<li>{e(x)}</li>" for x in L["wrong"]) + "</ul>"
               + f'{H("Where we got lucky", 3)}<ul>' + "".join(f"<li>{e(x)}</li>" for x in L["lucky"]) + "</ul>")
    parts += [H("Lessons learned"), lessons]
    parts.append(expand("Supporting graphs and links", f'<p><span class="confluence-embedded-file-wrapper"><img class="confluence-embedded-image" src="attachments/{p["page_id"]}/{p["page_id"] + 1}.png" data-image-src="attachments/{p["page_id"]}/{p["page_id"] + 1}.png"></span></p><p>Dashboards: <a class="external-link" href="https://grafana.larkspur.internal/d/incident" rel="nofollow">incident overview</a></p>', p["page_id"] % 1000003))
    return "".join(parts)

def page(p, space, export_stamp, export_day, breadcrumbs, pid):
    crumbs = '<li class="first">\n                                <span><a href="index.html">' + e(space[1]) + '</a></span>\n                            </li>\n'
    for href, name in breadcrumbs:
        crumbs += f'                                                    <li>\n                                <span><a href="{href}">{e(name)}</a></span>\n                            </li>\n'
    created_by = p["authors"][0]
    editor = p["authors"][-1] if len(p["authors"]) > 1 else "Aiko Tanaka"
    att = p["page_id"] + 1
    return f"""<!DOCTYPE html>
<html>
    <head>
        <title>{e(space[1])} : {e(p['title'])}</title>
        <link rel="stylesheet" href="styles/site.css" type="text/css" />
        <META http-equiv="Content-Type" content="text/html; charset=UTF-8">
    </head>

    <body class="theme-default aui-theme-default">
        <div id="page">
            <div id="main" class="aui-page-panel">
                <div id="main-header">
                    <div id="breadcrumb-section">
                        <ol id="breadcrumbs">
                            {crumbs}                                                </ol>
                    </div>
                    <h1 id="title-heading" class="pagetitle">
                                                <span id="title-text">
                            {e(space[1])} : {e(p['title'])}
                        </span>
                    </h1>
                </div>

                <div id="content" class="view">
                    <div class="page-metadata">
                            
        
        
            Created by <span class='author'> {e(created_by)}</span>, last modified by <span class='editor'> {e(editor)}</span> on {long_date(p['pm_date'])}
                        </div>
                    <div id="main-content" class="wiki-content group">
                    {body_html(p, export_day, pid)}
                    </div>

                                        <div class="pageSection group">
                        <div class="pageSectionHeader">
                            <h2 id="attachments" class="pageSectionTitle">Attachments:</h2>
                        </div>

                        <div class="greybox" align="left">
                                                            <img src="images/icons/bullet_blue.gif" height="8" width="8" alt=""/>
                                <a href="attachments/{p['page_id']}/{att}.png">image-{p['pm_date'].replace('-', '')}-101500.png</a> (image/png)
                                <br/>
                                                    </div>
                    </div>
                    
                                                      
                </div>             </div> 
            <div id="footer" role="contentinfo">
                <section class="footer-body">
                    <p>Document generated by Confluence on {export_stamp}</p>
                    <div id="footer-logo"><a href="http://www.atlassian.com/">Atlassian</a></div>
                </section>
            </div>
        </div>     </body>
</html>
"""

def index(space, key, created, tree):
    lis = "\n".join(f'                        <li>\n                <a href="{f}">{e(t)}</a>\n                    </li>' for f, t in tree)
    return f"""<!DOCTYPE html>
<html>
    <head>
        <title>{e(space)} ({key})</title>
        <link rel="stylesheet" href="styles/site.css" type="text/css" />
        <META http-equiv="Content-Type" content="text/html; charset=UTF-8">
    </head>
    <body class="theme-default aui-theme-default">
        <div id="page">
            <div id="main" class="aui-page-panel">
                <div id="main-header">
                    <h1 id="title-heading" class="pagetitle">
                        <span id="title-text">Space Details:</span>
                    </h1>
                </div>
                <div id="content">
                    <div id="main-content" class="pageSection">
                    <table class="confluenceTable">
                        <tr>
                            <th class="confluenceTh">Key</th>
                            <td class="confluenceTd">{key}</td>
                        </tr>
                        <tr>
                            <th class="confluenceTh">Name</th>
                            <td class="confluenceTd">{e(space)}</td>
                        </tr>
                        <tr>
                            <th class="confluenceTh">Description</th>
                            <td class="confluenceTd">Incident postmortems and reliability reviews</td>
                        </tr>
                        <tr>
                            <th class="confluenceTh">Created by</th>
                            <td class="confluenceTd">{created}</td>
                        </tr>
                    </table>
                    </div> 
                    <br/>
                    <br/>
                    <div class="pageSection">
                        <div class="pageSectionHeader">
                            <h2 class="pageSectionTitle">Available Pages:</h2>
                        </div>
                            <ul>
                        <li>
                <a href="Postmortems_98304001.html">Postmortems</a>
                            <ul>
{lis}
            </ul>
            </li>
            </ul>
                    </div>
                </div>             </div> 
            <div id="footer" role="contentinfo">
                <section class="footer-body">
                    <p>Document generated by Confluence on Dec 15, 2025 10:04</p>
                    <div id="footer-logo"><a href="http://www.atlassian.com/">Atlassian</a></div>
                </section>
            </div>
        </div>     </body>
</html>
"""

def page_id(p):
    return int(p["file"].split("#")[0].rsplit("_", 1)[-1].split(".")[0]) if p["fmt"] == "confluence-space" else None

def space_folder():
    space = ("SRE", "Site Reliability")
    pages = [p for p in ALL if p["fmt"] == "confluence-space"]
    tree = []
    for p in pages:
        p["page_id"] = page_id(p)
        year = day(p["start"])[:4]
        crumbs = [("Site-Reliability-Home_98304000.html", "Site Reliability Home"), ("Postmortems_98304001.html", "Postmortems"),
                  (f"Postmortems-{year}_9830400{2 if year == '2024' else 3}.html", f"Postmortems {year}")]
        fn = p["file"].split("/", 1)[1]
        with open(out(p["file"]), "w", encoding="utf-8", newline="\n") as f:
            f.write(page(p, space, "Dec 15, 2025 10:04", "2025-12-15", crumbs, p["id"]))
        tree.append((fn, p["title"]))
    with open(out("confluence-space/index.html"), "w", encoding="utf-8", newline="\n") as f:
        f.write(index(space[1], space[0], "Aiko Tanaka (Mar 02, 2023)", tree))
    for p in pages:  # attachments referenced by the pages
        with open(out(f"confluence-space/attachments/{p['page_id']}/{p['page_id'] + 1}.png"), "wb") as f:
            f.write(PNG)

def space_zip():
    space = ("LOG", "Logistics Engineering")
    pages = [p for p in ALL if p["fmt"] == "confluence-zip"]
    ids = {"P14": 2261843969, "P28": 2262302721}
    names = {"P14": "Inventory-sync-delayed-by-consumer-rebalancing_2261843969.html", "P28": "2262302721.html"}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        tree = []
        for p in pages:
            p["page_id"] = ids[p["id"]]
            crumbs = [("Logistics-Engineering_2260001793.html", "Logistics Engineering"), ("Incident-reviews_2260132865.html", "Incident reviews")]
            zput(z, "LOG/" + names[p["id"]], page(p, space, "Dec 20, 2025 16:41", "2025-12-20", crumbs, p["id"]))
            zput(z, f"LOG/attachments/{p['page_id']}/{p['page_id'] + 1}.png", PNG)
            tree.append((names[p["id"]], p["title"]))
        zput(z, "LOG/index.html", index(space[1], space[0], "Felix Adeyemi (Jan 17, 2024)", tree).replace("Postmortems_98304001.html\">Postmortems", "Incident-reviews_2260132865.html\">Incident reviews").replace("Dec 15, 2025 10:04", "Dec 20, 2025 16:41"))
        zput(z, "LOG/styles/site.css", "body { font-family: Arial, sans-serif; }\n")
    with open(out("confluence-zip/LOG-space-export.zip"), "wb") as f:
        f.write(buf.getvalue())

def word_doc():
    p = next(x for x in ALL if x["fmt"] == "confluence-word")
    p["page_id"] = 2298478593
    inner = body_html(p, "2025-10-18", p["id"])
    doc = f"""<html xmlns:o='urn:schemas-microsoft-com:office:office' xmlns:w='urn:schemas-microsoft-com:office:word' xmlns:v='urn:schemas-microsoft-com:vml' xmlns='urn:w3-org-ns:HTML'>
<head>
    <meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
    <title>{e(p['title'])}</title>
    <!--[if gte mso 9]>
    <xml>
        <o:OfficeDocumentSettings>
            <o:TargetScreenSize>1024x640</o:TargetScreenSize>
            <o:PixelsPerInch>72</o:PixelsPerInch>
            <o:AllowPNG/>
        </o:OfficeDocumentSettings>
        <w:WordDocument>
            <w:View>Print</w:View>
            <w:Zoom>90</w:Zoom>
            <w:DoNotOptimizeForBrowser/>
        </w:WordDocument>
    </xml>
    <![endif]-->
    <style>
                <!--
        @page Section1 {{
            size: 8.5in 11.0in;
            margin: 1.0in;
            mso-header-margin: .5in;
            mso-footer-margin: .5in;
            mso-paper-source: 0;
        }}
        td {{
            border: solid 1px #dfe1e5;
            padding: 5px;
        }}
        div.Section1 {{
            page: Section1;
        }}
        -->
    </style>
</head>
<body>
    <h1>{e(p['title'])}</h1>
    <div class="Section1">
        {inner}
    </div>
</body>
</html>
"""
    doc = doc.replace('src="attachments/2298478593/2298478594.png"', 'src="2298478594.png"')
    boundary = "----=_Part_4127_1853211098.1760779381442"
    qp = quopri.encodestring(doc.encode("utf-8")).decode("ascii").replace("\n", "\r\n")
    img = base64.encodebytes(PNG).decode("ascii").replace("\n", "\r\n")
    mime = (f"Date: Sat, 18 Oct 2025 09:23:01 +0000 (UTC)\r\nMessage-ID: <1044178366.4129.1760779381445@larkspur.atlassian.net>\r\n"
            f"Subject: Exported From Confluence\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related; \r\n\tboundary=\"{boundary}\"\r\n\r\n"
            f"--{boundary}\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n"
            f"Content-Location: file:///C:/exported.html\r\n\r\n{qp}\r\n"
            f"--{boundary}\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\nContent-Location: file:///C:/2298478594.png\r\n\r\n{img}\r\n"
            f"--{boundary}--\r\n")
    with open(out(p["file"]), "wb") as f:
        f.write(mime.encode("ascii"))

if __name__ == "__main__":
    space_folder(); space_zip(); word_doc()
