"""What every browser test shares: headless Chromium (Debian's package) under Selenium, and the
check that prints each result and stops the test at the first failure."""
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait


def start_chromium():
    """A headless Chromium and a 20 s wait for it."""
    options = Options()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1200,900"):
        options.add_argument(argument)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(30)
    return driver, WebDriverWait(driver, 20)


def make_check(driver):
    """check(condition, message): prints "ok: message", or the page and exits with 1 (the
    caller's `finally` quits the browser)."""
    def check(condition, message):
        if not condition:
            print("FAILED:", message)
            print(driver.current_url)
            print(driver.page_source[:2000])
            raise SystemExit(1)
        print("ok:", message)
    return check
