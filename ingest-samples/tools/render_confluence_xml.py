"""Renders a Confluence Server/DC XML space export (entities.xml + exportDescriptor.properties)."""
import html, hashlib
from common import *

e = html.escape
SPACE_ID = 4161537
USERKEY = {n: hashlib.md5(u.encode()).hexdigest()[:32] for n, u in USERS.items()}
COLOUR = {"SEV1": "Red", "SEV2": "Yellow", "SEV3": "Blue", "SEV4": "Grey"}
IDS = {"P05": 196610, "P18": 229378, "P21": 245762}

def user(name):
    return f'<ac:link><ri:user ri:userkey="{USERKEY[name]}" /></ac:link>'

def status(title, colour):
    return (f'<ac:structured-macro ac:name="status" ac:schema-version="1" ac:macro-id="{hashlib.md5(title.encode()).hexdigest()[:8]}-5c1e-4a7b-9d2f-6b1c0e7a3f10">'
            f'<ac:parameter ac:name="colour">{colour}</ac:parameter><ac:parameter ac:name="title">{e(title)}</ac:parameter></ac:structured-macro>')

def jira(key):
    return (f'<ac:structured-macro ac:name="jira" ac:schema-version="1" ac:macro-id="{hashlib.md5(key.encode()).hexdigest()[:8]}-2a4d-4c8e-b1f3-0d9e6a5c7b21">'
            f'<ac:parameter ac:name="server">Larkspur Jira</ac:parameter><ac:parameter ac:name="columnIds">issuekey,summary,issuetype,status</ac:parameter>'
            f'<ac:parameter ac:name="columns">key,summary,type,status</ac:parameter>'
            f'<ac:parameter ac:name="serverId">8c2f6a0e-3b7d-3e51-a9c4-5f0b2d1e7c66</ac:parameter><ac:parameter ac:name="key">{key}</ac:parameter></ac:structured-macro>')

def storage(p):
    tz = p["tz"]
    rows = [("Incident date", f'<time datetime="{day(p["start"])}" />'),
            ("Severity", status(p["sev_raw"], COLOUR[p["sev"]])),
            ("Status", status(p["status"], "Green")),
            ("Services", e(", ".join(p["services"]))),
            ("Authors", " ".join(user(a) for a in p["authors"])),
            ("Incident start", fmt_time(p["start"], tz)), ("Detected", fmt_time(p["detected"], tz)),
            ("Mitigated", fmt_time(p["mitigated"], tz)), ("Resolved", fmt_time(p["resolved"], tz)),
            ("Postmortem date", f'<time datetime="{p["pm_date"]}" />')]
    if p["restricted"]:
        rows.append(("Classification", status("RESTRICTED", "Red")))
    details = ('<ac:structured-macro ac:name="details" ac:schema-version="1" ac:macro-id="0f3a9c1e-77b2-4d0e-8a61-3e5c2b9d4f08"><ac:rich-text-body>'
               '<table class="wrapped"><colgroup><col /><col /></colgroup><tbody>'
               + "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows) + "</tbody></table></ac:rich-text-body></ac:structured-macro>")
    b = ['<ac:structured-macro ac:name="info" ac:schema-version="1" ac:macro-id="a1d7e4b2-0c39-4f6a-9e58-7b2c1d0f3e94"><ac:rich-text-body>'
         '<p>Blameless postmortem. Please comment inline rather than editing the timeline.</p></ac:rich-text-body></ac:structured-macro>', details]
    b += [f"<h2>Summary</h2><p>{e(p['summary'])}</p>", f"<h2>Impact</h2><p>{e(p['impact'])}</p>",
          f"<h2>Detection</h2><p>{e(p['detection'])}</p>", f"<h2>Trigger</h2><p>{e(p['trigger'])}</p>",
          "<h2>Root cause</h2>" + "".join(f"<p>{e(r)}</p>" for r in p["root_causes"]),
          "<h2>Contributing factors</h2><ul>" + "".join(f"<li>{e(f)}</li>" for f in p["factors"]) + "</ul>",
          f"<h2>Resolution</h2><p>{e(p['resolution'])}</p>", "<h2>Timeline</h2>"]
    if p["id"] == "P05":
        b.append('<table class="wrapped"><tbody><tr><th>Time (UTC)</th><th>Event</th></tr>'
                 + "".join(f"<tr><td>{fmt_time(a, tz)}</td><td>{e(x)}</td></tr>" for a, x in p["timeline"]) + "</tbody></table>")
    elif p["id"] == "P18":
        b.append("".join(f"<p>{fmt_time(a, tz)} – {e(x)}</p>" for a, x in p["timeline"]))
    else:
        cur = None
        for a, x in p["timeline"]:
            if day(a) != cur:
                cur = day(a)
                b.append(f"<h3>{cur} (UTC)</h3>")
            b.append(f"<p>{hhmm(a)} {e(x)}</p>")
    b.append("<h2>Action items</h2>")
    if p["id"] == "P18":
        b.append('<table class="wrapped"><tbody><tr><th>Action</th><th>Owner</th><th>Due</th><th>Status</th><th>Ticket</th></tr>'
                 + "".join(f'<tr><td>{e(a["text"])}</td><td>{user(a["owner"])}</td><td><time datetime="{a["due"]}" /></td>'
                           f'<td>{status("DONE" if a["status"] == "done" else "OPEN", "Green" if a["status"] == "done" else "Grey")}</td><td>{jira(a["ticket"])}</td></tr>'
                           for a in p["actions"]) + "</tbody></table>")
    else:
        tasks = "".join(f'\n<ac:task>\n<ac:task-id>{i}</ac:task-id>\n<ac:task-status>{"complete" if a["status"] == "done" else "incomplete"}</ac:task-status>\n'
                        f'<ac:task-body><span class="placeholder-inline-tasks">{jira(a["ticket"])} {e(a["text"])} {user(a["owner"])} <time datetime="{a["due"]}" /></span></ac:task-body>\n</ac:task>'
                        for i, a in enumerate(p["actions"], 1))
        b.append(f"<ac:task-list>{tasks}\n</ac:task-list>")
    L = p["lessons"]
    b.append('<h2>Lessons learned</h2><ac:structured-macro ac:name="expand" ac:schema-version="1" ac:macro-id="c4e2a8f1-3b6d-4e90-a7c5-1f8d2b0e6a33">'
             '<ac:parameter ac:name="title">What went well / wrong / lucky</ac:parameter><ac:rich-text-body>'
             "<h3>What went well</h3><ul>" + "".join(f"<li>{e(x)}</li>" for x in L["well"]) + "</ul>"
             "<h3>What went wrong</h3><ul>" + "".join(f"<li>{e(x)}</li>" for x in L["wrong"]) + "</ul>"
             "<h3>Where we got lucky</h3><ul>" + "".join(f"<li>{e(x)}</li>" for x in L["lucky"]) + "</ul>"
             "</ac:rich-text-body></ac:structured-macro>")
    return "".join(b)

def ref(cls, pkg, id_, name=None, idname="id"):
    return f'<property name="{name}" class="{cls}" package="{pkg}"><id name="{idname}">{id_}</id></property>'

def uref(name, prop):
    return ref("ConfluenceUserImpl", "com.atlassian.confluence.user", USERKEY[name], prop, "key")

def page_obj(pid, title, version, created, modified, status, creator, modifier, body_id, labellings=(), original=None):
    lab = ""
    if labellings:
        lab = ('    <collection name="labellings" class="java.util.Collection(com.atlassian.confluence.core.ContentEntityObject.labellings)">\n'
               + "".join(f'      <element class="Labelling" package="com.atlassian.confluence.labels"><id name="id">{l}</id></element>\n' for l in labellings)
               + "    </collection>\n")
    orig = f'    {ref("Page", "com.atlassian.confluence.pages", original, "originalVersion")}\n' if original else ""
    return f"""  <object class="Page" package="com.atlassian.confluence.pages">
    <id name="id">{pid}</id>
    <property name="hibernateVersion">{version + 2}</property>
    <property name="title"><![CDATA[{title}]]></property>
    <property name="lowerTitle"><![CDATA[{title.lower()}]]></property>
    <property name="version">{version}</property>
    <property name="creationDate">{created}</property>
    <property name="lastModificationDate">{modified}</property>
    <property name="versionComment"><![CDATA[]]></property>
    <property name="contentStatus"><![CDATA[{status}]]></property>
    {uref(creator, "creator")}
    {uref(modifier, "lastModifier")}
{orig}    {ref("Space", "com.atlassian.confluence.spaces", SPACE_ID, "space")}
    <collection name="bodyContents" class="java.util.Collection">
      <element class="BodyContent" package="com.atlassian.confluence.core"><id name="id">{body_id}</id></element>
    </collection>
{lab}  </object>

"""

def body_obj(body_id, pid, body):
    return f"""  <object class="BodyContent" package="com.atlassian.confluence.core">
    <id name="id">{body_id}</id>
    <property name="body"><![CDATA[{body}]]></property>
    {ref("Page", "com.atlassian.confluence.pages", pid, "content")}
    <property name="bodyType">2</property>
  </object>

"""

def label_objs(lab_id, label_id, pid, owner, when):
    return f"""  <object class="Labelling" package="com.atlassian.confluence.labels">
    <id name="id">{lab_id}</id>
    {ref("Label", "com.atlassian.confluence.labels", label_id, "label")}
    {ref("Page", "com.atlassian.confluence.pages", pid, "content")}
    {uref(owner, "owningUser")}
    <property name="creationDate">{when}</property>
    <property name="lastModificationDate">{when}</property>
    <property name="labelableId">{pid}</property>
    <property name="labelableType"><![CDATA[CONTENT]]></property>
  </object>

"""

def main():
    pages = [p for p in ALL if p["fmt"] == "confluence-xml"]
    x = ['<?xml version="1.0" encoding="UTF-8"?>\n<hibernate-generic datetime="2025-12-18 09:12:44">\n']
    x.append(f"""  <object class="Space" package="com.atlassian.confluence.spaces">
    <id name="id">{SPACE_ID}</id>
    <property name="name"><![CDATA[Platform Incidents]]></property>
    <property name="key"><![CDATA[PINC]]></property>
    <property name="lowerKey"><![CDATA[pinc]]></property>
    <property name="creationDate">2024-03-11 08:40:02.117</property>
    <property name="lastModificationDate">2025-08-01 14:02:19.530</property>
    <property name="spaceType"><![CDATA[global]]></property>
    <property name="spaceStatus" enum-class="SpaceStatus" package="com.atlassian.confluence.spaces">CURRENT</property>
    {uref("Grace Liu", "creator")}
    {uref("Grace Liu", "lastModifier")}
  </object>

""")
    names = set()
    for p in pages:
        names.update(p["authors"]); names.update(a["owner"] for a in p["actions"])
    for n in sorted(names | {"Aiko Tanaka"}):
        x.append(f"""  <object class="ConfluenceUserImpl" package="com.atlassian.confluence.user">
    <id name="key"><![CDATA[{USERKEY[n]}]]></id>
    <property name="name"><![CDATA[{USERS[n]}]]></property>
    <property name="lowerName"><![CDATA[{USERS[n]}]]></property>
    <property name="email"><![CDATA[{USERS[n]}@larkspur.example]]></property>
  </object>

""")
    x.append("""  <object class="Label" package="com.atlassian.confluence.labels">
    <id name="id">950273</id>
    <property name="name"><![CDATA[postmortem]]></property>
    <property name="namespace"><![CDATA[global]]></property>
    <property name="creationDate">2024-03-11 09:00:00.000</property>
    <property name="lastModificationDate">2024-03-11 09:00:00.000</property>
  </object>

  <object class="Label" package="com.atlassian.confluence.labels">
    <id name="id">950274</id>
    <property name="name"><![CDATA[restricted]]></property>
    <property name="namespace"><![CDATA[global]]></property>
    <property name="creationDate">2024-05-02 11:30:00.000</property>
    <property name="lastModificationDate">2024-05-02 11:30:00.000</property>
  </object>

""")
    lab_id = 1015809
    for p in pages:
        pid = IDS[p["id"]]
        created = p["pm_date"] + " 09:14:03.221"
        modified = p["pm_date"] + " 16:48:51.907"
        labs = [lab_id, lab_id + 1] if p["restricted"] else [lab_id]
        x.append(page_obj(pid, p["title"], 3, created, modified, "current", p["authors"][0], p["authors"][-1], pid + 7, labs))
        x.append(body_obj(pid + 7, pid, storage(p)))
        x.append(label_objs(lab_id, 950273, pid, p["authors"][0], created))
        if p["restricted"]:
            x.append(label_objs(lab_id + 1, 950274, pid, p["authors"][0], created))
        lab_id += 2
        if p["id"] == "P18":  # an older version of this page: must be ignored by importers
            old = pid + 100
            x.append(page_obj(old, p["title"], 1, created, p["pm_date"] + " 10:02:11.005", "current", p["authors"][0], p["authors"][0], old + 7, original=pid))
            x.append(body_obj(old + 7, old, "<h2>Summary</h2><p>Draft notes: cache hit rate dropped after the edge config push. Timeline and actions to follow.</p>"
                              "<h2>Action items</h2><ac:task-list>\n<ac:task>\n<ac:task-id>1</ac:task-id>\n<ac:task-status>incomplete</ac:task-status>\n<ac:task-body>fill in</ac:task-body>\n</ac:task>\n</ac:task-list>"))
    # an unpublished draft (never a postmortem of record)
    x.append(page_obj(262146, "Checkout latency spike 2025-12-02 (draft)", 1, "2025-12-03 08:20:00.000", "2025-12-03 08:31:40.512", "draft", "Marcus Oyelaran", "Marcus Oyelaran", 262153))
    x.append(body_obj(262153, 262146, "<h2>Summary</h2><p>TODO: write up. Latency on checkout-api rose for about ten minutes; cause still unknown.</p>"))
    x.append("</hibernate-generic>\n")
    with open(out("confluence-xml/entities.xml"), "w", encoding="utf-8", newline="\n") as f:
        f.write("".join(x))
    with open(out("confluence-xml/exportDescriptor.properties"), "w", encoding="utf-8", newline="\n") as f:
        f.write("""#Thu Dec 18 09:12:44 UTC 2025
exportType=space
spaceKey=PINC
source=server
buildNumber=9012
createdByBuildNumber=9012
createdByVersionNumber=8.5.16
backupAttachments=false
defaultUsersGroup=confluence-users
timezoneId=UTC
inlineTasksFileIncluded=false
ao.data.list=com.atlassian.confluence.plugins.confluence-inline-tasks
""")

if __name__ == "__main__":
    main()
