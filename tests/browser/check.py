#!/usr/bin/env python3
"""Checks one rendered report against `score --format csv` (issue 13).

    check.py dom RESULTS.csv DOM.html      the page Chromium rendered (--dump-dom)
    check.py pdf RESULTS.csv REPORT.pdf    one printed page per feedback sheet, after the summary
    check.py net NETLOG.json CHROME.log    no request but the file itself, no blocked fetch

Standard library only (html.parser, json, csv), plus pdfinfo/pdftotext from poppler-utils.
Exits 1 with a message on the first difference.
"""
import csv
import json
import re
import subprocess
import sys
from html.parser import HTMLParser


def fail(msg):
    print(f"FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


def results(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return [(r["unit"], r["total"], r["grade"], r["rank"]) for r in csv.DictReader(f)]


class Page(HTMLParser):
    """Collects the results table's rows and the feedback sheets, with the text
    a reader sees in each row's total cell, and every attribute that could fetch."""

    FETCHING = {"src", "href", "xlink:href", "srcset", "poster", "data", "action", "background"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows, self.sheets, self.fetching, self.styles = [], [], [], []
        self.in_total = None
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for name, value in attrs:
            if name in self.FETCHING:
                self.fetching.append(f"<{tag} {name}={value!r}>")
            if name == "style" and value and "url(" in value:
                self.fetching.append(f"<{tag} style={value!r}>")
        if tag == "tr" and "data-unit" in a:
            self.rows.append([a["data-unit"], a["data-total"], a["data-grade"], a["data-rank"], ""])
        if tag == "td" and "total-cell" in (a.get("class") or "").split():
            self.in_total = self.rows[-1]
        if tag == "div" and "sheet" in (a.get("class") or "").split():
            self.sheets.append((a["data-unit"], a["data-total"], a["data-grade"], a["data-rank"]))
        if tag == "style":
            self.in_style = True

    def handle_endtag(self, tag):
        if tag == "td":
            self.in_total = None
        if tag == "style":
            self.in_style = False

    def handle_data(self, data):
        if self.in_total is not None:
            self.in_total[4] += data
        if self.in_style:
            self.styles.append(data)


def check_dom(csv_path, dom_path):
    want = results(csv_path)
    page = Page()
    with open(dom_path, encoding="utf-8") as f:
        page.feed(f.read())
    got = [tuple(r[:4]) for r in page.rows]
    if got != want:
        diff = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
        fail(f"{dom_path}: results table row {diff + 1} differs from the csv: "
             f"{got[diff:diff + 1]} != {want[diff:diff + 1]} ({len(got)} rows, csv has {len(want)})")
    shown = [(r[0], r[4].strip()) for r in page.rows]
    if shown != [(u, t) for u, t, _, _ in want]:
        fail(f"{dom_path}: a total as shown differs from the csv")
    if len(want) <= 2000 and page.sheets != want:
        fail(f"{dom_path}: {len(page.sheets)} feedback sheets, {len(want)} units in the csv, "
             f"or a sheet's figures differ")
    if page.fetching:
        fail(f"{dom_path}: the page references something to fetch: {page.fetching[:3]}")
    css = "".join(page.styles)
    if re.search(r"url\(|@import|@font-face", css):
        fail(f"{dom_path}: the style sheet fetches something")
    print(f"ok   dom: {len(got)} units, {len(page.sheets)} sheets, totals, grades, ranks as the csv")
    return len(page.sheets)


def pdf_pages(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def check_pdf(csv_path, pdf):
    units = [u for u, _, _, _ in results(csv_path)]
    pages = pdf_pages(pdf)
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True,
                          check=True).stdout.split("\f")[:pages]
    sheet_pages = [i for i, t in enumerate(text) if "考核反馈单" in t]
    summary = pages - len(units)
    if len(sheet_pages) != len(units) or summary < 1 or sheet_pages != list(range(summary, pages)):
        fail(f"{pdf}: {pages} pages, {len(sheet_pages)} of them feedback sheets, for {len(units)} "
             f"units: want one page per sheet after the summary pages")
    for unit, i in zip(units, sheet_pages):
        if unit not in text[i]:
            fail(f"{pdf}: page {i + 1} is not {unit}'s sheet")
    print(f"ok   pdf: {pages} pages = {summary} summary + {len(units)} sheets, one page each")


def net_log(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        raw = f.read().rstrip()
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        # A log cut short by the browser's exit lacks its closing brackets.
        return json.loads(raw.rstrip(",") + "]}")


def check_net(netlog, chrome_log):
    log = net_log(netlog)
    names = {v: k for k, v in log["constants"]["logEventTypes"].items()}
    page, browser = set(), set()
    for e in log["events"]:
        p = e.get("params") or {}
        if names.get(e["type"]) != "URL_REQUEST_START_JOB" or "url" not in p:
            continue
        # The browser's own traffic (update checks, accounts) has no origin; anything a
        # page asks for carries the page's origin ("null" for a file) and isolation key.
        if p.get("initiator") == "not an origin" and "file://" not in p.get("network_isolation_key", ""):
            browser.add(p["url"].split("?")[0])
        else:
            page.add(p["url"])
    others = sorted(u for u in page if not u.startswith("file://"))
    if others:
        fail(f"{netlog}: the page asked for {others[:5]}")
    with open(chrome_log, encoding="utf-8", errors="replace") as f:
        text = f.read()
    # A fetch the page's Content-Security-Policy blocked is a reference all the same.
    blocked = [l for l in text.splitlines() if "Content Security Policy" in l or "Refused to" in l]
    if blocked:
        fail(f"{chrome_log}: {blocked[0].strip()}")
    print(f"ok   net: the page asked for nothing, nothing was blocked "
          f"({len(browser)} requests of the browser's own, sent nowhere)")


if __name__ == "__main__":
    what, a, b = sys.argv[1:4]
    {"dom": check_dom, "pdf": check_pdf, "net": check_net}[what](a, b)
