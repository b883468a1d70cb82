"""Renders Google Docs 'Download > Web page (.html, zipped)' exports."""
import html, hashlib, io, zipfile
from urllib.parse import quote
from common import *

e = html.escape
PNG = __import__("base64").b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")

def kix(seed):
    h = hashlib.sha1(seed.encode()).hexdigest()
    alpha = "abcdefghijklmnopqrstuvwxyz0123456789"
    return "".join(alpha[int(h[i:i + 2], 16) % 36] for i in range(0, 24, 2))

def glink(url, seed):
    ust = 1766000000000000 + int(hashlib.md5(seed.encode()).hexdigest()[:8], 16) % 10**9
    usg = "AOvVaw" + hashlib.sha1(seed.encode()).hexdigest()[:22]
    return f"https://www.google.com/url?q={quote(url, safe=':/')}&amp;sa=D&amp;source=editors&amp;ust={ust}&amp;usg={usg}"

def css(lists):
    rules = ['@import url(https://themes.googleusercontent.com/fonts/css?kit=fpjTOVmNbO4Lz34iLyptLUXza5VhXFDnnfN4yB1tKoHvhyHY_yGGxk1hQWgfAHa4)']
    for l in lists:
        rules += [f"ul.lst-kix_{l}-0{{list-style-type:none}}", f"ul.lst-kix_{l}-1{{list-style-type:none}}",
                  f".lst-kix_{l}-0>li:before{{content:\"\\0025cf   \"}}", f".lst-kix_{l}-1>li:before{{content:\"\\0025cb   \"}}"]
    rules += ["li.li-bullet-0:before{margin-left:-18pt;white-space:nowrap;display:inline-block;min-width:18pt}",
              "ol{margin:0;padding:0}table td,table th{padding:0}",
              ".c1{background-color:#ffffff;max-width:468pt;padding:72pt 72pt 72pt 72pt}",
              ".c2{padding-top:0pt;padding-bottom:0pt;line-height:1.15;orphans:2;widows:2;text-align:left}",
              ".c3{color:#000000;font-weight:400;text-decoration:none;vertical-align:baseline;font-size:11pt;font-family:\"Arial\";font-style:normal}",
              ".c4{color:#000000;font-weight:700;text-decoration:none;vertical-align:baseline;font-size:11pt;font-family:\"Arial\";font-style:normal}",
              ".c5{padding-top:20pt;padding-bottom:6pt;line-height:1.15;page-break-after:avoid;orphans:2;widows:2;text-align:left}",
              ".c6{padding:0;margin:0}",
              ".c7{margin-left:36pt;padding-left:0pt}",
              ".c8{margin-left:72pt;padding-left:0pt}",
              ".c9{padding-top:0pt;padding-bottom:3pt;line-height:1.15;page-break-after:avoid;orphans:2;widows:2;text-align:left}",
              ".c10{border-right-style:solid;padding:5pt 5pt 5pt 5pt;border-bottom-color:#000000;border-top-width:1pt;border-right-width:1pt;border-left-color:#000000;vertical-align:top;border-right-color:#000000;border-left-width:1pt;border-top-style:solid;border-left-style:solid;border-bottom-width:1pt;width:117pt;border-top-color:#000000;border-bottom-style:solid}",
              ".c11{border-spacing:0;border-collapse:collapse;margin-right:auto}",
              ".c12{-webkit-text-decoration-skip:none;color:#1155cc;text-decoration:underline;text-decoration-skip-ink:none}",
              ".c13{color:inherit;text-decoration:inherit}",
              ".c14{font-style:italic}",
              ".c15{color:#000000;font-weight:400;text-decoration:none;vertical-align:baseline;font-size:26pt;font-family:\"Arial\";font-style:normal}",
              ".c16{height:0pt}",
              ".title{padding-top:0pt;color:#000000;font-size:26pt;padding-bottom:3pt;font-family:\"Arial\";line-height:1.15;page-break-after:avoid;orphans:2;widows:2;text-align:left}",
              ".subtitle{padding-top:0pt;color:#666666;font-size:15pt;padding-bottom:16pt;font-family:\"Arial\";line-height:1.15;page-break-after:avoid;orphans:2;widows:2;text-align:left}",
              "li{color:#000000;font-size:11pt;font-family:\"Arial\"}p{margin:0;color:#000000;font-size:11pt;font-family:\"Arial\"}",
              "h1{padding-top:20pt;color:#000000;font-size:20pt;padding-bottom:6pt;font-family:\"Arial\";line-height:1.15;page-break-after:avoid;orphans:2;widows:2;text-align:left}",
              "h2{padding-top:18pt;color:#000000;font-size:16pt;padding-bottom:6pt;font-family:\"Arial\";line-height:1.15;page-break-after:avoid;orphans:2;widows:2;text-align:left}"]
    return "".join(rules)

class Doc:
    def __init__(self, seed):
        self.seed, self.parts, self.lists, self.n = seed, [], [], 0
    def hid(self):
        self.n += 1
        return "h." + kix(self.seed + str(self.n))[:12]
    def title(self, t):
        self.parts.append(f'<p class="c9 title" id="{self.hid()}"><span class="c15">{e(t)}</span></p>')
    def h(self, t, lvl=1):
        self.parts.append(f'<h{lvl} class="c5" id="{self.hid()}"><span class="c3">{e(t)}</span></h{lvl}>')
    def p(self, t, bold_label=None):
        lab = f'<span class="c4">{e(bold_label)}</span>' if bold_label else ""
        self.parts.append(f'<p class="c2">{lab}<span class="c3">{e(t)}</span></p>')
    def empty(self):
        self.parts.append('<p class="c2 c16"><span class="c3"></span></p>')
    def ul(self, items, lid, level=0, start=True):
        if lid not in self.lists:
            self.lists.append(lid)
        cls = "c7" if level == 0 else "c8"
        wrap = lambda i: i if i.startswith("<span") else '<span class="c3">' + e(i) + "</span>"
        lis = "".join(f'<li class="c2 {cls} li-bullet-0">{wrap(i)}</li>' for i in items)
        self.parts.append(f'<ul class="c6 lst-kix_{lid}-{level}{" start" if start else ""}">{lis}</ul>')
    def table(self, rows):
        out_ = ['<table class="c11">']
        for r_i, r in enumerate(rows):
            out_.append('<tr class="c16">')
            for c in r:
                span = (f'<span class="c4">{e(c)}</span>' if r_i == 0 else (c if c.startswith("<span") else f'<span class="c3">{e(c)}</span>'))
                out_.append(f'<td class="c10" colspan="1" rowspan="1"><p class="c2">{span}</p></td>')
            out_.append("</tr>")
        out_.append("</table>")
        self.parts.append("".join(out_))
    def img(self):
        self.parts.append('<p class="c2"><span style="overflow: hidden; display: inline-block; margin: 0.00px 0.00px; border: 0.00px solid #000000; '
                          'transform: rotate(0.00rad) translateZ(0px); -webkit-transform: rotate(0.00rad) translateZ(0px); width: 601.70px; height: 240.00px;">'
                          '<img alt="" src="images/image1.png" style="width: 601.70px; height: 240.00px; margin-left: 0.00px; margin-top: 0.00px; '
                          'transform: rotate(0.00rad) translateZ(0px); -webkit-transform: rotate(0.00rad) translateZ(0px);" title=""></span></p>')
    def html(self):
        return ('<html><head><meta content="text/html; charset=UTF-8" http-equiv="content-type"><style type="text/css">'
                + css(self.lists) + '</style></head><body class="c1 doc-content">' + "".join(self.parts) + "</body></html>")

def jira_link(key, seed):
    return f'<span class="c12"><a class="c13" href="{glink("https://larkspur.atlassian.net/browse/" + key, seed + key)}">{key}</a></span>'

def build(p, with_image):
    tz = p["tz"]
    d = Doc(p["id"])
    d.title(p["title"])
    for k, v in [("Date: ", p["pm_date"]), ("Authors: ", ", ".join(p["authors"])), ("Severity: ", p["sev_raw"]),
                 ("Status: ", p["status"]), ("Services: ", ", ".join(p["services"])),
                 ("Incident start: ", fmt_time(p["start"], tz)), ("Detected: ", fmt_time(p["detected"], tz)),
                 ("Mitigated: ", fmt_time(p["mitigated"], tz)), ("Resolved: ", fmt_time(p["resolved"], tz))]:
        d.p(v, k)
    d.empty()
    d.h("Summary"); d.p(p["summary"])
    d.h("Impact"); d.p(p["impact"])
    if with_image:
        d.img()
    d.h("Detection"); d.p(p["detection"])
    d.h("Trigger"); d.p(p["trigger"])
    d.h("Root cause")
    for r in p["root_causes"]:
        d.p(r)
    d.h("Contributing factors")
    if p["factors_style"] == "prose":
        d.p(" ".join(p["factors"]))
    else:
        d.ul(p["factors"], kix(p["id"] + "factors"))
    d.h("Resolution"); d.p(p["resolution"])
    d.h("Timeline")
    if p["id"] == "P17":
        cur = None
        for a, x in p["timeline"]:
            if day(a) != cur:
                cur = day(a)
                d.h(f"{cur} (all times {tz_label(p)})", 2)
            d.p(f"{hhmm(a)} {x}")
    else:
        d.table([["Time (" + (tz_label(p) or "local") + ")", "Event"]] + [[hhmm(a) if day(a) == day(p["start"]) else fmt_time(a, "none"), x] for a, x in p["timeline"]])
    d.h("Action items")
    if p["id"] == "P17":
        d.ul([f'<span class="c3">{a["ticket"]} ({e(a["owner"])}, due {a["due"]}, {a["status"]}): {e(a["text"])}</span>' for a in p["actions"]], kix(p["id"] + "ai"))
    else:
        rows = [["Action", "Owner", "Due", "Status", "Ticket"]]
        for a in p["actions"]:
            rows.append([a["text"], a["owner"], a["due"], status_word(a["status"]), jira_link(a["ticket"], p["id"]) if a["ticket"] else ""])
        d.table(rows)
    d.h("Lessons learned")
    lid = kix(p["id"] + "lessons")
    first = True
    for head, key in (("What went well", "well"), ("What went wrong", "wrong"), ("Where we got lucky", "lucky")):
        d.ul([head], lid, 0, start=first); first = False
        d.ul(p["lessons"][key], lid, 1)
    d.h("References")
    d.p("")
    d.parts[-1] = (f'<p class="c2"><span class="c3">Incident channel export and dashboards: </span><span class="c12">'
                   f'<a class="c13" href="{glink("https://grafana.larkspur.internal/d/payments-overview", p["id"])}">payments overview dashboard</a></span></p>')
    return d.html()

def main():
    for p in ALL:
        if p["fmt"] != "gdocs-html":
            continue
        if p["file"].endswith(".zip"):
            stem = p["title"].replace(" ", "").replace(":", "").replace("-", "")[:60]
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
                zput(z, f"{stem}.html", build(p, True), dt=(2025, 12, 12, 11, 5, 0))
                zput(z, "images/image1.png", PNG, dt=(2025, 12, 12, 11, 5, 0))
            with open(out(p["file"]), "wb") as f:
                f.write(buf.getvalue())
        else:
            with open(out(p["file"]), "w", encoding="utf-8", newline="") as f:
                f.write(build(p, False))

if __name__ == "__main__":
    main()
