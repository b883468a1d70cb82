"""Writes the Word (.docx) samples as raw WordprocessingML with zipfile (python3 stdlib only).

Five variants: Heading1/2 styles; localized 'Überschrift 1' styles with basedOn; no styles (bold short
paragraphs as headings); tables + tracked change (w:ins kept / w:del dropped) + comment; content controls
(w:sdt) + numbered lists.
"""
import io, zipfile, zlib
from xml.sax.saxutils import escape as x
from common import *

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"'

def run(t, bold=False):
    rpr = "<w:rPr><w:b/><w:bCs/></w:rPr>" if bold else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{x(t)}</w:t></w:r>'

def para(content, style=None, num=None, lvl=0):
    ppr = ""
    if style or num:
        ppr = "<w:pPr>" + (f'<w:pStyle w:val="{style}"/>' if style else "") + (f'<w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="{num}"/></w:numPr>' if num else "") + "</w:pPr>"
    if not content.startswith("<w:"):  # plain text; pre-built runs / content controls are passed through
        content = run(content)
    return f"<w:p>{ppr}{content}</w:p>"

def table(rows, header=True, style="TableGrid"):
    cols = len(rows[0])
    grid = "".join('<w:gridCol w:w="%d"/>' % (9000 // cols) for _ in range(cols))
    trs = []
    for i, r in enumerate(rows):
        tcs = "".join(f'<w:tc><w:tcPr><w:tcW w:w="{9000 // cols}" w:type="dxa"/></w:tcPr>{para(run(c, bold=header and i == 0))}</w:tc>' for c in r)
        trs.append(f"<w:tr>{tcs}</w:tr>")
    return (f'<w:tbl><w:tblPr><w:tblStyle w:val="{style}"/><w:tblW w:w="9000" w:type="dxa"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>{''.join(trs)}</w:tbl>")

def styles(kind):
    base = ('<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri"/><w:sz w:val="22"/><w:lang w:val="%s"/></w:rPr></w:rPrDefault><w:pPrDefault/></w:docDefaults>'
            '<w:style w:type="paragraph" w:default="1" w:styleId="%s"><w:name w:val="Normal"/><w:qFormat/></w:style>'
            '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders></w:tblPr></w:style>'
            '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/></w:style>'
            '<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="%s"/><w:pPr><w:ind w:left="720"/></w:pPr></w:style>')
    if kind == "localized":
        s = base % ("de-DE", "Standard", "Standard")
        s += ('<w:style w:type="paragraph" w:styleId="Titel"><w:name w:val="Title"/><w:basedOn w:val="Standard"/><w:next w:val="Standard"/><w:qFormat/><w:rPr><w:sz w:val="56"/></w:rPr></w:style>'
              '<w:style w:type="paragraph" w:styleId="berschrift1"><w:name w:val="Überschrift 1"/><w:basedOn w:val="Standard"/><w:next w:val="Standard"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>'
              '<w:style w:type="paragraph" w:styleId="berschrift2"><w:name w:val="Überschrift 2"/><w:basedOn w:val="berschrift1"/><w:next w:val="Standard"/><w:qFormat/><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:sz w:val="26"/></w:rPr></w:style>'
              '<w:style w:type="paragraph" w:customStyle="1" w:styleId="PMAbschnitt"><w:name w:val="PM Abschnitt"/><w:basedOn w:val="berschrift1"/><w:next w:val="Standard"/><w:qFormat/><w:rPr><w:color w:val="2F5496"/></w:rPr></w:style>')
        return s
    s = base % ("en-GB", "Normal", "Normal")
    if kind == "plain":
        return s
    s += ('<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:rPr><w:sz w:val="56"/></w:rPr></w:style>'
          '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:sz w:val="32"/></w:rPr></w:style>'
          '<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:sz w:val="26"/></w:rPr></w:style>'
          '<w:style w:type="character" w:styleId="CommentReference"><w:name w:val="annotation reference"/><w:rPr><w:sz w:val="16"/></w:rPr></w:style>')
    return s

NUMBERING = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering {W}>'
             '<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="hybridMultilevel"/>'
             '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr><w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol" w:hint="default"/></w:rPr></w:lvl>'
             '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="o"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="1440" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum>'
             '<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="hybridMultilevel"/>'
             '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl>'
             '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="1440" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum>'
             '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
             '<w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num></w:numbering>')

def package(path, p, body, kind, comments=None):
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
          '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
          '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
          + ('<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>' if comments else "")
          + '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
          '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    drels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
             '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>'
             + ('<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>' if comments else "")
             + "</Relationships>")
    doc = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {W}><w:body>{body}'
           '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr></w:body></w:document>')
    sty = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles {W}>{styles(kind)}</w:styles>'
    created = p["pm_date"] + "T08:30:00Z"
    core = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'<dc:title>{x(p["title"]) if kind != "plain" else ""}</dc:title><dc:creator>{x(p["authors"][0])}</dc:creator><cp:lastModifiedBy>{x(p["authors"][-1])}</cp:lastModifiedBy>'
            f'<cp:revision>4</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{p["pm_date"]}T15:12:00Z</dcterms:modified></cp:coreProperties>')
    app = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
           'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Template>Normal.dotm</Template><Application>Microsoft Office Word</Application><AppVersion>16.0000</AppVersion></Properties>')
    buf = io.BytesIO()
    dt = tuple(int(v) for v in p["pm_date"].split("-")) + (15, 12, 0)
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in [("[Content_Types].xml", ct), ("_rels/.rels", rels), ("word/document.xml", doc), ("word/_rels/document.xml.rels", drels),
                           ("word/styles.xml", sty), ("word/numbering.xml", NUMBERING), ("docProps/core.xml", core), ("docProps/app.xml", app)] + \
                          ([("word/comments.xml", comments)] if comments else []):
            zput(z, name, data.encode("utf-8"), dt=dt)
    with open(out(path), "wb") as f:
        f.write(buf.getvalue())

def lessons_en(p, H):
    b = H("Lessons learned", 1)
    for h, k in (("What went well", "well"), ("What went wrong", "wrong"), ("Where we got lucky", "lucky")):
        b += H(h, 2) + "".join(para(v, "ListParagraph", 1) for v in p["lessons"][k])
    return b

def v_headings(p):
    tz = p["tz"]
    H = lambda t, l: para(t, f"Heading{l}")
    b = para(p["title"], "Title")
    for k, v in [("Date", p["pm_date"]), ("Authors", ", ".join(p["authors"])), ("Severity", p["sev_raw"]), ("Status", p["status"]),
                 ("Services affected", ", ".join(p["services"])), ("Incident start", fmt_time(p["start"], tz)), ("Detected", fmt_time(p["detected"], tz)),
                 ("Mitigated", fmt_time(p["mitigated"], tz)), ("Resolved", fmt_time(p["resolved"], tz))]:
        b += para(run(k + ": ", True) + run(v))
    for h, key in [("Summary", "summary"), ("Impact", "impact"), ("Detection", "detection"), ("Trigger", "trigger")]:
        b += H(h, 1) + para(p[key])
    b += H("Root cause", 1) + "".join(para(r) for r in p["root_causes"])
    b += H("Contributing factors", 1) + "".join(para(f, "ListParagraph", 1) for f in p["factors"])
    b += H("Resolution", 1) + para(p["resolution"])
    b += H("Timeline", 1) + "".join(para(f"{fmt_time(a, tz)} – {t}") for a, t in p["timeline"])
    b += H("Action items", 1) + "".join(para(f"{a['ticket']} ({a['owner']}, due {a['due']}): {a['text']} — {status_word(a['status'])}", "ListParagraph", 1) for a in p["actions"])
    b += lessons_en(p, H)
    return b

def v_localized(p):
    tz = p["tz"]
    b = para(p["title"], "Titel")
    for k, v in [("Datum", p["pm_date"]), ("Autorin", ", ".join(p["authors"])), ("Schweregrad", p["sev_raw"]), ("Status", p["status"]),
                 ("Betroffene Dienste", ", ".join(p["services"])), ("Beginn", fmt_time(p["start"], tz)), ("Erkannt", fmt_time(p["detected"], tz)),
                 ("Eingedämmt", fmt_time(p["mitigated"], tz)), ("Behoben", fmt_time(p["resolved"], tz))]:
        b += para(run(k + ": ", True) + run(v), "Standard")
    secs = [("Zusammenfassung", p["summary"], "berschrift1"), ("Auswirkung", p["impact"], "berschrift1"),
            ("Erkennung", p["detection"], "PMAbschnitt"), ("Auslöser", p["trigger"], "PMAbschnitt"),
            ("Ursache", " ".join(p["root_causes"]), "berschrift1")]
    for h, t, st in secs:
        b += para(h, st) + para(t, "Standard")
    b += para("Beitragende Faktoren", "berschrift1") + "".join(para(f, "ListParagraph", 1) for f in p["factors"])
    b += para("Lösung", "PMAbschnitt") + para(p["resolution"], "Standard")
    b += para("Zeitablauf", "berschrift1")
    b += para(f"{day(p['start'])} (alle Zeiten {tz_label(p)})", "berschrift2")
    b += "".join(para(f"{hhmm(a)} {t}", "Standard") for a, t in p["timeline"])
    st = {"done": "erledigt", "open": "offen", "unknown": "unbekannt"}
    b += para("Maßnahmen", "berschrift1") + "".join(para(f"{a['ticket']} ({a['owner']}, fällig {a['due']}, {st[a['status']]}): {a['text']}", "ListParagraph", 1) for a in p["actions"])
    b += para("Erkenntnisse", "berschrift1")
    for h, k in (("Was gut lief", "well"), ("Was schlecht lief", "wrong"), ("Wo wir Glück hatten", "lucky")):
        b += para(h, "berschrift2") + "".join(para(v, "ListParagraph", 1) for v in p["lessons"][k])
    return b

def v_plain(p):
    tz = p["tz"]
    H = lambda t: para(run(t, True))
    b = para(run(p["title"], True))
    b += para(f"Date of review: {p['pm_date']}    Author: {', '.join(p['authors'])}    Severity: {p['sev_raw']}    Status: {p['status']}")
    b += para(f"Services: {', '.join(p['services'])}")
    b += para(f"Start: {fmt_time(p['start'], tz)}; detected: {fmt_time(p['detected'], tz)}; mitigated: {fmt_time(p['mitigated'], tz)}; resolved: {fmt_time(p['resolved'], tz)}")
    for h, key in [("Summary", "summary"), ("Impact", "impact"), ("Detection", "detection"), ("Trigger", "trigger")]:
        b += H(h) + para(p[key])
    b += H("Root cause") + "".join(para(r) for r in p["root_causes"])
    b += H("Contributing factors") + "".join(para("- " + f) for f in p["factors"])
    b += H("Resolution") + para(p["resolution"])
    b += H("Timeline") + "".join(para(f"{fmt_time(a, tz)} - {t}") for a, t in p["timeline"])
    b += H("Follow-up actions") + "".join(para(f"{a['ticket']} ({a['owner']}, due {a['due']}, {a['status']}): {a['text']}") for a in p["actions"])
    b += H("What went well") + "".join(para("- " + v) for v in p["lessons"]["well"])
    b += H("What went wrong") + "".join(para("- " + v) for v in p["lessons"]["wrong"])
    b += H("Where we got lucky") + "".join(para("- " + v) for v in p["lessons"]["lucky"])
    return b

def v_tables(p):
    tz = p["tz"]
    H = lambda t, l: para(t, f"Heading{l}")
    b = para(p["title"], "Title")
    b += table([["Field", "Value"], ["Postmortem date", p["pm_date"]], ["Authors", ", ".join(p["authors"])], ["Severity", p["sev_raw"]],
                ["Status", p["status"]], ["Services", ", ".join(p["services"])], ["Incident start", fmt_time(p["start"], tz)],
                ["Detected", fmt_time(p["detected"], tz)], ["Mitigated", fmt_time(p["mitigated"], tz)], ["Resolved", fmt_time(p["resolved"], tz)]])
    # summary with a tracked change: the insertion is kept, the deletion is dropped
    kept_a, kept_b = p["summary"].split(" while waiting on a slow call to the fraud-risk service")
    summary = (run(kept_a) +
               '<w:del w:id="101" w:author="Rohan Mehta" w:date="2025-04-16T10:02:00Z"><w:r><w:delText xml:space="preserve"> because the database was slow</w:delText></w:r></w:del>'
               '<w:ins w:id="102" w:author="Rohan Mehta" w:date="2025-04-16T10:02:00Z"><w:r><w:t xml:space="preserve"> while waiting on a slow call to the fraud-risk service</w:t></w:r></w:ins>'
               + run(kept_b))
    b += H("Summary", 1) + para(summary)
    for h, key in [("Impact", "impact"), ("Detection", "detection"), ("Trigger", "trigger")]:
        b += H(h, 1) + para(p[key])
    rc = ('<w:commentRangeStart w:id="0"/>' + run(p["root_causes"][0]) + '<w:commentRangeEnd w:id="0"/>'
          '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="0"/></w:r>')
    b += H("Root cause", 1) + para(rc)
    b += H("Contributing factors", 1) + table([["#", "Factor"]] + [[str(i), f] for i, f in enumerate(p["factors"], 1)])
    b += H("Resolution", 1) + para(p["resolution"])
    b += H("Timeline", 1) + table([["Time (EDT)", "Event"]] + [[fmt_time(a, "none"), t] for a, t in p["timeline"]])
    b += H("Action items", 1) + table([["Action", "Owner", "Due", "Status", "Ticket"]] +
                                      [[a["text"], a["owner"], a["due"], status_word(a["status"]), a["ticket"]] for a in p["actions"]])
    b += lessons_en(p, H)
    comments = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:comments {W}><w:comment w:id="0" w:author="Grace Liu" w:date="2025-04-16T14:20:00Z" w:initials="GL">'
                '<w:p><w:r><w:t>Can we add the pool size per pod here, for readers who do not know HikariCP?</w:t></w:r></w:p></w:comment></w:comments>')
    return b, comments

def sdt(alias, tag, inner_runs, date=None):
    pr = f'<w:sdtPr><w:alias w:val="{x(alias)}"/><w:tag w:val="{tag}"/><w:id w:val="{zlib.crc32(tag.encode()) % 90000000 + 10000000}"/>'
    pr += (f'<w:date w:fullDate="{date}T00:00:00Z"><w:dateFormat w:val="yyyy-MM-dd"/><w:lid w:val="en-GB"/><w:storeMappedDataAs w:val="dateTime"/><w:calendar w:val="gregorian"/></w:date>' if date else "<w:text/>")
    pr += "</w:sdtPr>"
    return f"<w:sdt>{pr}<w:sdtContent>{inner_runs}</w:sdtContent></w:sdt>"

def v_sdt(p):
    tz = p["tz"]
    H = lambda t, l: para(t, f"Heading{l}")
    b = para(p["title"], "Title")
    fields = [("Postmortem date", "pm_date", p["pm_date"], p["pm_date"]), ("Author", "author", ", ".join(p["authors"]), None),
              ("Severity", "severity", p["sev_raw"], None), ("Status", "status", p["status"], None),
              ("Services", "services", ", ".join(p["services"]), None), ("Incident start", "start", fmt_time(p["start"], tz), None),
              ("Detected", "detected", fmt_time(p["detected"], tz), None), ("Mitigated", "mitigated", fmt_time(p["mitigated"], tz), None),
              ("Resolved", "resolved", fmt_time(p["resolved"], tz), None)]
    for label, tag, val, date in fields:
        b += para(run(label + ": ", True) + sdt(label, tag, run(val), date))
    # a block-level content control wrapping the summary section
    b += H("Summary", 1)
    b += f'<w:sdt><w:sdtPr><w:alias w:val="Summary"/><w:tag w:val="summary"/><w:id w:val="55120931"/></w:sdtPr><w:sdtContent>{para(p["summary"])}</w:sdtContent></w:sdt>'
    for h, key in [("Impact", "impact"), ("Detection", "detection"), ("Trigger", "trigger")]:
        b += H(h, 1) + para(p[key])
    b += H("Root cause", 1) + "".join(para(r) for r in p["root_causes"])
    b += H("Contributing factors", 1) + "".join(para(f, "ListParagraph", 2) for f in p["factors"])
    b += H("Resolution", 1) + para(p["resolution"])
    b += H("Timeline", 1) + "".join(para(f"{fmt_time(a, tz)} – {t}") for a, t in p["timeline"])
    b += H("Action items", 1)
    for a in p["actions"]:
        b += para(a["text"], "ListParagraph", 3)
        b += para(f"Owner: {a['owner']}; due {a['due']}; status: {status_word(a['status'])}; ticket: {a['ticket']}", "ListParagraph", 3, 1)
    b += lessons_en(p, H)
    return b

def main():
    for p in ALL:
        if p["fmt"] != "word":
            continue
        st = p["style"]
        if st == "docx-headings":
            package(p["file"], p, v_headings(p), "en")
        elif st == "docx-localized":
            package(p["file"], p, v_localized(p), "localized")
        elif st == "docx-plain":
            package(p["file"], p, v_plain(p), "plain")
        elif st == "docx-tables":
            body, comments = v_tables(p)
            package(p["file"], p, body, "en", comments)
        elif st == "docx-sdt":
            package(p["file"], p, v_sdt(p), "en")

if __name__ == "__main__":
    main()
