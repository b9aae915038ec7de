#!/usr/bin/env python3
"""The web-app example configured only through a discovery document, in headless Chromium.

Usage: discovery_login.py APP_BASE OAUTH_SERVER_URL EMAIL PASSWORD

APP_BASE is the example's base URL (http://127.0.0.1:PORT), started with --discovery-url,
--client-id, --secret and --post-logout-redirect-uri APP_BASE/. The browser asks for
/protected, is sent to the authorization endpoint the discovery document names (PKCE S256),
signs in on the issuer's form, sees the protected page, logs out with the page's button, and
comes back from the issuer's end-session endpoint (RP-initiated logout) to APP_BASE/ with the
logout's state; /protected then asks for a login again.
"""
import sys
import urllib.parse

from browser import make_check, start_chromium
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions

app, oauth, email, password = sys.argv[1:5]
driver, wait = start_chromium()
check = make_check(driver)

try:
    driver.get(app + "/protected")
    wait.until(expected_conditions.presence_of_element_located((By.ID, "email")))
    check(driver.current_url.startswith(oauth + "/authorization?"), "an anonymous visit is sent to the discovered authorization endpoint")
    check("code_challenge_method=S256" in driver.current_url, "the authorization request uses PKCE S256")
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.ID, "sign-in").click()
    wait.until(expected_conditions.presence_of_element_located((By.ID, "greeting")))
    check(driver.current_url == app + "/protected", "after login the browser is back on the page it asked for")
    check(driver.find_element(By.ID, "email").text == email, "the protected page shows the signed-in user")
    check(all("eyJ" not in cookie["value"] for cookie in driver.get_cookies()), "no token is kept in a cookie")
    driver.find_element(By.ID, "logout").click()
    wait.until(lambda d: urllib.parse.urlsplit(d.current_url).path == "/" and d.current_url.startswith(app))
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(driver.current_url).query))
    check(query.get("state"), "the issuer's end-session endpoint sent the browser back with the logout's state")
    driver.get(app + "/protected")
    wait.until(expected_conditions.presence_of_element_located((By.ID, "email")))
    check(driver.current_url.startswith(oauth + "/authorization?"), "after logout the protected page asks for a login again")
finally:
    driver.quit()
