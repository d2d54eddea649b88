#!/usr/bin/env python3
"""Audits the pages of `fiche serve` in headless Chromium, as issue 23 asks.

Usage: browser-audit.py BASE_URL WORK_DIR

- axe-core (PyPI axe-selenium-python) finds no violation on the home page, a département's
  page, a région's page, the comparison table and the 404 page, at 1366x768 and at 320 px
  wide, and in dark mode;
- no page scrolls sideways at 320 px;
- the charts' words are SVG <text> (the partners' names among them);
- each chart offers its figures as CSV (the file the PDF attaches);
- printed (Chrome's print to PDF, then pdftotext), a département's page keeps every figure of
  every chart table;
- searching by a région's name or an INSEE code finds its départements, and the query goes
  into the address.
Prints one JSON object; exits 1 with the reason on the first failure.
"""
import base64
import json
import os
import re
import subprocess
import sys
import urllib.parse

sys.path[:0] = [os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".build", "python")]
from axe_selenium_python import Axe  # noqa: E402
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

PAGES = ["/", "/departements/95", "/regions/84", "/departements?tri=solde&ordre=asc", "/nimportequoi"]


def fail(message):
    print(json.dumps({"ok": False, "error": message}, ensure_ascii=False))
    sys.exit(1)


def axe_clean(driver, url, how):
    """Loads `url` and fails on any axe-core violation."""
    driver.get(url)
    axe = Axe(driver)
    axe.inject()
    violations = axe.run()["violations"]
    if violations:
        fail("axe %s on %s: %s" % (how, url, [(v["id"], v["nodes"][0]["target"]) for v in violations]))


def squeeze(text):
    """Text without any kind of space, to compare what print and extraction may break apart."""
    return re.sub(r"[\s\u00a0\u202f]+", "", text)


def main():
    base, work = sys.argv[1].rstrip("/"), sys.argv[2]
    os.makedirs(work, exist_ok=True)
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--lang=fr-FR"]:
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    seen = {"ok": True}
    try:
        for width, height in [(1366, 768), (320, 700)]:
            driver.set_window_size(width, height)
            for path in PAGES:
                axe_clean(driver, base + path, "at %d px" % width)
                scroll = driver.execute_script("return document.documentElement.scrollWidth")
                inner = driver.execute_script("return document.documentElement.clientWidth")
                if scroll > inner:
                    fail("%s scrolls sideways at %d px: %d px wide" % (path, width, scroll))
                driver.save_screenshot(os.path.join(work, "%d-%s.png" % (width, path.strip("/").replace("/", "-") or "accueil")))
        # Dark mode, as a reader's system may ask for it.
        driver.set_window_size(1366, 768)
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
        for path in PAGES:
            axe_clean(driver, base + path, "in dark mode")
            background = driver.execute_script("return getComputedStyle(document.documentElement).backgroundColor")
            if background != "rgb(22, 22, 22)":
                fail("dark mode not applied on %s: background %s" % (path, background))
        driver.save_screenshot(os.path.join(work, "1366-sombre-404.png"))
        driver.get(base + "/departements/95")
        driver.save_screenshot(os.path.join(work, "1366-sombre-departement.png"))
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
        seen["axe"] = "0 violations on %d pages at 1366 and 320 px, and in dark mode" % len(PAGES)

        driver.set_window_size(1366, 768)
        driver.get(base + "/departements/95")
        charts = driver.find_elements(By.CSS_SELECTOR, "figure svg")
        words = [len(svg.find_elements(By.TAG_NAME, "text")) for svg in charts]
        if not charts or min(words) == 0:
            fail("chart words are not SVG text: %r" % words)
        partners = driver.find_element(By.ID, "titre-partenaires").find_element(By.XPATH, "..")
        names = [t.text for t in partners.find_elements(By.CSS_SELECTOR, "svg text")]
        if "Allemagne" not in names:
            fail("the partners chart has no text «Allemagne»: %r" % names[:12])
        seen["svg_text_per_chart"] = words
        links = driver.find_elements(By.CSS_SELECTOR, ".telechargement a[download]")
        if len(links) != len(charts):
            fail("%d CSV links for %d charts" % (len(links), len(charts)))
        for link in links:
            href = link.get_attribute("href")
            csv = base64.b64decode(href.split(",", 1)[1]).decode("utf-8")
            if not link.get_attribute("download").endswith(".csv") or csv.count("\n") < 2:
                fail("a chart's CSV is empty: %s" % link.get_attribute("download"))
        seen["csv"] = [link.get_attribute("download") for link in links]

        # Printed: every figure of every chart table is in the PDF's text.
        printed = driver.execute_cdp_cmd("Page.printToPDF", {"printBackground": True, "paperWidth": 8.27, "paperHeight": 11.69})
        pdf = os.path.join(work, "departement-95-imprime.pdf")
        with open(pdf, "wb") as f:
            f.write(base64.b64decode(printed["data"]))
        text = squeeze(subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True).stdout)
        cells = [squeeze(c.get_attribute("textContent")) for c in driver.find_elements(By.CSS_SELECTOR, ".graphique tbody td")]
        missing = [c for c in cells if c and c not in text]
        if missing:
            fail("%d of %d table figures missing from the printed page, e.g. %r" % (len(missing), len(cells), missing[:5]))
        seen["printed_figures"] = len(cells)

        # Search: a région's name, an INSEE code; the query in the address.
        for query, expected in [("bretagne", "Finistère"), ("974", "La Réunion"), ("seine st denis", "Seine-Saint-Denis")]:
            driver.get(base + "/")
            field = driver.find_element(By.ID, "recherche")
            field.send_keys(query)
            field.send_keys(Keys.ENTER)
            visible = [r.text for r in driver.find_elements(By.CSS_SELECTOR, "tr[data-recherche] th") if r.is_displayed()]
            if not any(expected in v for v in visible):
                fail("searching %r does not show %s: %r" % (query, expected, visible[:5]))
            if urllib.parse.parse_qs(urllib.parse.urlparse(driver.current_url).query).get("q") != [query]:
                fail("the query is not in the address: %s" % driver.current_url)
        seen["search"] = "région name, INSEE code, «st» written out; ?q= in the address"
    finally:
        driver.quit()
    print(json.dumps(seen, ensure_ascii=False))


if __name__ == "__main__":
    main()
