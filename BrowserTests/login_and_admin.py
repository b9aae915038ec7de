#!/usr/bin/env python3
"""Real-browser tests: headless Chromium (Debian's package) driven by Selenium.

Usage: login_and_admin.py <web-app log file> <screenshot folder>

The web-app example must be running with its embedded issuer; its log names the demo user's
password and the admin token. Two journeys:
  1. /protected -> the issuer's login form -> back to /protected showing the user's name (the
     session cookie opens the pages, never the bearer-guarded API inside them) -> log out;
  2. the issuer's Applications page: sign in with the admin token, add an application, read its
     client ID and secret back from the expanded row, and prove them at the token endpoint.
Screenshots of both pages are written to the folder (test artifacts, not committed).
"""
import base64
import json
import re
import sys
import urllib.error
import urllib.request

from browser import make_check, start_chromium
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions

log = open(sys.argv[1]).read()
shots = sys.argv[2]
app = re.search(r"web-app on (http://[0-9.]+:[0-9]+)", log).group(1)
issuer = re.search(r"issuer runs at (http://[0-9.]+:[0-9]+)", log).group(1)
password = re.search(r"demo@example.com\s+password (\S+)", log).group(1)
admin_token = re.search(r"admin token (\S+)\)", log).group(1)

driver, wait = start_chromium()
check = make_check(driver)


try:
    # 1. The login flow.
    driver.get(app + "/protected")
    wait.until(expected_conditions.presence_of_element_located((By.ID, "email")))
    check(driver.current_url.startswith(issuer + "/oauth/v4/dev-tenant/authorization?"), "an anonymous visit is sent to the issuer's login form")
    check("code_challenge_method=S256" in driver.current_url, "the authorization request uses PKCE S256")
    driver.find_element(By.ID, "email").send_keys("demo@example.com")
    driver.find_element(By.ID, "password").send_keys("wrong password")
    driver.find_element(By.ID, "sign-in").click()
    wait.until(expected_conditions.presence_of_element_located((By.ID, "login-error")))
    check("Invalid email or password." in driver.page_source, "a wrong password re-shows the form with a message")
    driver.find_element(By.ID, "email").clear()
    driver.find_element(By.ID, "email").send_keys("demo@example.com")
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.ID, "sign-in").click()
    wait.until(expected_conditions.presence_of_element_located((By.ID, "greeting")))
    check(driver.current_url == app + "/protected", "after login the browser is back on the page it asked for")
    check(driver.find_element(By.ID, "greeting").text == "Hello Demo User", "the protected page shows the user's name")
    session = [cookie for cookie in driver.get_cookies() if cookie["name"] == "SESSION_ID"]
    check(session and session[0]["httpOnly"] and session[0].get("sameSite") == "Lax", "the session cookie is HttpOnly and SameSite=Lax")
    check(all("eyJ" not in cookie["value"] for cookie in driver.get_cookies()), "no token is kept in a cookie")
    driver.save_screenshot(shots + "/protected-page.png")
    # The session's cookie, sent by hand: it opens the pages, never the API inside them.
    cookie = "SESSION_ID=" + session[0]["value"]
    with urllib.request.urlopen(urllib.request.Request(app + "/protected", headers={"Cookie": cookie})) as page:
        check(page.status == 200 and "Hello Demo User" in page.read().decode(), "the session cookie opens /protected")
    try:
        urllib.request.urlopen(urllib.request.Request(app + "/protected/api/me", headers={"Cookie": cookie}))
        check(False, "the session cookie does not open /protected/api/me")
    except urllib.error.HTTPError as refused:
        check(refused.code == 401 and refused.headers.get("WWW-Authenticate", "").startswith("Bearer"),
              "the session cookie alone gets 401 with a Bearer challenge from the API guard behind the session")
    driver.get(app + "/logout")  # a link (or another site) only gets the logout form
    driver.get(app + "/protected")
    wait.until(expected_conditions.presence_of_element_located((By.ID, "greeting")))
    check(driver.current_url == app + "/protected", "GET /logout does not log out")
    driver.find_element(By.ID, "logout").click()  # the page's form posts the session's logout token
    wait.until(expected_conditions.presence_of_element_located((By.ID, "login")))
    driver.get(app + "/protected")
    wait.until(expected_conditions.presence_of_element_located((By.ID, "email")))
    check(driver.current_url.startswith(issuer), "after logout the protected page asks for a login again")

    # 2. The Applications page.
    driver.get(issuer + "/admin")
    wait.until(expected_conditions.presence_of_element_located((By.ID, "token")))
    driver.find_element(By.ID, "token").send_keys(admin_token)
    driver.find_element(By.ID, "admin-sign-in").click()
    wait.until(expected_conditions.presence_of_element_located((By.ID, "add-application")))
    driver.find_element(By.ID, "name").send_keys("x" * 51)
    driver.find_element(By.ID, "add-application").click()
    wait.until(expected_conditions.presence_of_element_located((By.ID, "form-error")))
    check("The name of your application must have 1 to 50 characters." in driver.page_source, "a 51-character name is refused with the API's message")
    driver.find_element(By.ID, "name").clear()
    driver.find_element(By.ID, "name").send_keys("Browser App")
    driver.find_element(By.ID, "add-application").click()
    wait.until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "details[open] .secret")))
    row = driver.find_element(By.CSS_SELECTOR, "details[open]")
    client_id = row.find_element(By.CSS_SELECTOR, ".client-id").text
    secret = row.find_element(By.CSS_SELECTOR, ".secret").text
    server_url = row.find_element(By.CSS_SELECTOR, ".oauth-server-url").text
    check("Browser App" in row.text and len(client_id) == 36 and len(secret) > 20, "the new application's row is expanded with its client ID and secret")
    check(server_url == issuer + "/oauth/v4/dev-tenant", "the row shows the oAuthServerUrl")
    driver.save_screenshot(shots + "/applications-page.png")

    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    request = urllib.request.Request(server_url + "/token", data=b"grant_type=client_credentials",
                                     headers={"Authorization": "Basic " + basic, "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=10) as response:
        body = json.loads(response.read())
    check("access_token" in body, "the credentials read from the page obtain a token")
finally:
    driver.quit()
print("browser tests passed")
