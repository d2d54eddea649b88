#!/usr/bin/env python3
"""Drives headless Chromium through `fiche serve`, as a territorial team member would.

Usage: browser-check.py BASE_URL DOWNLOAD_DIR SCREENSHOT_DIR

Loads the home page, types "Val" in the search field and checks that only Val-d'Oise and
Val-de-Marne remain; reaches Val-d'Oise's page with the keyboard alone (Tab, Enter); downloads
its fiche with the keyboard; checks that the browser console shows no error. Takes a
screenshot of both pages. Prints one JSON object on standard output (what was seen, the path
of the downloaded PDF); exits 1 with the reason on the first failure.

Selenium comes from the project's .build/python (scripts/install-deps.sh), Chromium and
chromedriver from Debian (chromium, chromium-driver).
"""
import json
import os
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys


def fail(message):
    print(json.dumps({"ok": False, "error": message}))
    sys.exit(1)


def main():
    base, downloads, shots = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
    os.makedirs(downloads, exist_ok=True)
    os.makedirs(shots, exist_ok=True)
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,900", "--lang=fr-FR", "--no-first-run", "--disable-extensions"]:
        options.add_argument(argument)
    options.add_experimental_option("prefs", {
        "download.default_directory": downloads,
        "download.prompt_for_download": False,
        "download.directory_upgrade": True,
        "safebrowsing.enabled": False,
    })
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    seen = {"ok": True}

    def press(keys):
        """Keys typed on the keyboard, to whatever has the focus."""
        ActionChains(driver).send_keys(keys).perform()

    try:
        driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
        console = []

        def collect_console():
            for entry in driver.get_log("browser"):
                console.append(entry)

        # The home page.
        driver.get(base + "/")
        if driver.find_element(By.TAG_NAME, "html").get_attribute("lang") != "fr":
            fail("the page is not declared French (lang=fr)")
        if len(driver.find_elements(By.TAG_NAME, "h1")) != 1:
            fail("the home page has not exactly one h1")
        search = driver.find_element(By.ID, "recherche")
        label = driver.find_elements(By.CSS_SELECTOR, "label[for='recherche']")
        if not label or not label[0].text.strip():
            fail("the search field has no label")
        seen["rows_before"] = len([r for r in driver.find_elements(By.CSS_SELECTOR, "tr[data-recherche]") if r.is_displayed()])

        # Type "Val" with the keyboard: focus the field by tabbing to it.
        for _ in range(10):
            press(Keys.TAB)
            if driver.switch_to.active_element.get_attribute("id") == "recherche":
                break
        else:
            fail("the search field cannot be reached with Tab")
        press("Val")
        time.sleep(0.3)
        visible = [r.find_element(By.TAG_NAME, "th").text for r in driver.find_elements(By.CSS_SELECTOR, "tr[data-recherche]")
                   if r.is_displayed()]
        seen["rows_after_val"] = visible
        if sorted(visible) != sorted(["Val-d\u2019Oise (95)", "Val-de-Marne (94)"]):
            fail("after typing Val, visible rows are %r" % visible)
        seen["status_after_val"] = driver.find_element(By.ID, "resultat").text
        driver.set_window_size(1280, 900)
        driver.save_screenshot(os.path.join(shots, "home-val.png"))

        # Tab to Val-d'Oise's link, then Enter.
        for _ in range(30):
            press(Keys.TAB)
            if (driver.switch_to.active_element.get_attribute("href") or "").endswith("/departements/95"):
                break
        else:
            fail("Val-d'Oise's link cannot be reached with Tab")
        outline = driver.execute_script(
            "var s = getComputedStyle(document.activeElement); return s.outlineStyle + ' ' + s.outlineWidth;")
        seen["focus_outline"] = outline
        if outline.startswith("none"):
            fail("the focused link shows no outline")
        press(Keys.ENTER)
        for _ in range(100):
            if driver.current_url.endswith("/departements/95"):
                break
            time.sleep(0.1)
        else:
            fail("Enter on the link did not open Val-d'Oise's page (at %s)" % driver.current_url)
        seen["departement_title"] = driver.find_element(By.TAG_NAME, "h1").text
        if len(driver.find_elements(By.TAG_NAME, "h1")) != 1:
            fail("the département page has not exactly one h1")
        svgs = driver.find_elements(By.CSS_SELECTOR, "figure svg")
        seen["charts"] = len(svgs)
        if len(svgs) < 4:
            fail("the département page shows %d charts" % len(svgs))
        for svg in svgs:
            labelled = svg.get_attribute("aria-labelledby") or ""
            texts = [driver.find_element(By.ID, i).text for i in labelled.split() if driver.find_elements(By.ID, i)]
            if svg.get_attribute("role") != "img" or not "".join(texts).strip():
                fail("a chart has no text alternative")
            if svg.size["width"] < 200 or svg.size["height"] < 100:
                fail("a chart is drawn too small: %r" % svg.size)
        tables = driver.find_elements(By.CSS_SELECTOR, ".graphique table")
        seen["tables"] = len(tables)
        if len(tables) != len(svgs):
            fail("not one table of figures beside each chart")
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(1280, min(int(height) + 100, 12000))
        driver.save_screenshot(os.path.join(shots, "departement-95.png"))
        driver.set_window_size(1280, 900)

        # Tab to the download button, then Enter.
        for _ in range(30):
            press(Keys.TAB)
            if (driver.switch_to.active_element.get_attribute("href") or "").endswith("/fiches/95.pdf"):
                break
        else:
            fail("the download button cannot be reached with Tab")
        press(Keys.ENTER)
        target = os.path.join(downloads, "95-val-d-oise.pdf")
        for _ in range(300):
            if os.path.exists(target) and not any(n.endswith(".crdownload") for n in os.listdir(downloads)):
                break
            time.sleep(0.1)
        else:
            fail("the fiche was not downloaded (folder holds %r)" % os.listdir(downloads))
        seen["download"] = target

        # The filter as the user types: INSEE codes, région names, words in any order, accents optional.
        driver.get(base + "/")
        searched = {}
        for query in ["bretagne", "974", "2A", "cote d or", "seine st denis", "haute corse"]:
            field = driver.find_element(By.ID, "recherche")
            field.clear()
            field.send_keys(query)
            time.sleep(0.2)
            searched[query] = [r.find_element(By.TAG_NAME, "th").text
                               for r in driver.find_elements(By.CSS_SELECTOR, "tr[data-recherche]") if r.is_displayed()]
        seen["searched"] = searched

        # A page that does not exist: French 404 (its console error is expected, so read the log first).
        collect_console()
        errors = [e for e in console if e.get("level") == "SEVERE"]
        seen["console_errors"] = [e.get("message") for e in errors]
        if errors:
            fail("console errors: %r" % seen["console_errors"])
        driver.get(base + "/departements/..%2F..%2Fetc%2Fpasswd")
        seen["not_found_title"] = driver.find_element(By.TAG_NAME, "h1").text
    finally:
        driver.quit()
    print(json.dumps(seen, ensure_ascii=False))


if __name__ == "__main__":
    main()
