#!/usr/bin/env python3
"""Script injection into the local issuer's login form, in a real browser (headless Chromium
from Debian's packages, driven by Selenium).

Usage: login_injection.py <web-app log file>
       login_injection.py <issuer base URL> <admin token>

Registers an application and a redirect URI through the management API, then opens the
authorization URL with payloads that would run a script if they broke out of the page's markup:
  1. the published grapheme-cluster payload in `state` ("+U+0301 and U+0600+<, which an escaper
     working per grapheme cluster does not see): refused with an error page;
  2. an ASCII `state` that closes the hidden input's attribute: escaped, carried intact;
  3. an application whose name hides markup behind U+0600: shown as text.
Each payload would set window.injected and the title, or open an alert, if it ran; none may.
Then a user signs in through the form: the page's form-action lets the answer redirect to the
registered redirect URI (another origin) with a code; and on the admin pages the one script the
policy allows (by hash) still runs. Removes what it added.
"""
import json
import re
import sys
import urllib.parse
import urllib.request

from browser import make_check, start_chromium
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions

if len(sys.argv) == 2:
    log = open(sys.argv[1]).read()
    issuer = re.search(r"issuer runs at (http://[0-9.]+:[0-9]+)", log).group(1)
    admin_token = re.search(r"admin token (\S+)\)", log).group(1)
else:
    issuer, admin_token = sys.argv[1].rstrip("/"), sys.argv[2]
management = issuer + "/management/v4/dev-tenant"
redirect_uri = "http://127.0.0.1:9/callback"
challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"  # base64url(SHA-256), 43 characters
run = "window.injected=1;document.title='pwned';alert(1)"


def manage(method, path, body=None):
    request = urllib.request.Request(management + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Authorization": "Bearer " + admin_token, "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        text = response.read()
        return json.loads(text) if text else None


def authorization_url(client_id, state):
    query = {"response_type": "code", "client_id": client_id, "scope": "openid", "redirect_uri": redirect_uri,
             "code_challenge": challenge, "code_challenge_method": "S256", "state": state}
    return issuer + "/oauth/v4/dev-tenant/authorization?" + urllib.parse.urlencode(query, quote_via=urllib.parse.quote)


driver, wait = start_chromium()
check = make_check(driver)


def no_script_ran(label):
    try:
        alert = driver.switch_to.alert
        text = alert.text
        alert.dismiss()
        check(False, label + " (an alert opened: " + text + ")")
    except NoAlertPresentException:
        pass
    check(driver.execute_script("return window.injected === undefined") and driver.title != "pwned", label)


original_uris = manage("GET", "/config/redirect_uris")["redirectUris"]
manage("PUT", "/config/redirect_uris", {"redirectUris": original_uris + [redirect_uri]})
added = []
added_user = None
try:
    client_id = manage("POST", "/applications", {"name": "Injection test"})["clientId"]
    added.append(client_id)

    driver.get(authorization_url(client_id, "\"\u0301\u0600>\u0600<svg/onload=" + run + "//\u0600>"))
    wait.until(expected_conditions.presence_of_element_located((By.TAG_NAME, "h1")))
    no_script_ran("the published grapheme-cluster payload in state runs no script")
    check("Invalid sign-in request" in driver.page_source and not driver.find_elements(By.ID, "email"),
          "a state outside visible ASCII gets an error page, not the form")

    ascii_state = "\"><svg/onload=" + run + ">"
    driver.get(authorization_url(client_id, ascii_state))
    wait.until(expected_conditions.presence_of_element_located((By.ID, "email")))
    no_script_ran("an ASCII state that closes the attribute runs no script")
    check(driver.find_element(By.NAME, "state").get_attribute("value") == ascii_state, "the state is carried through the form intact")

    hostile_client = manage("POST", "/applications", {"name": "\u0600<svg/onload=window.injected=1>"})["clientId"]
    added.append(hostile_client)
    driver.get(authorization_url(hostile_client, "s"))
    wait.until(expected_conditions.presence_of_element_located((By.ID, "email")))
    no_script_ran("an application name hiding markup behind U+0600 runs no script")
    check("<svg/onload=window.injected=1>" in driver.find_element(By.TAG_NAME, "h1").text, "the name is shown as text")

    user = manage("POST", "/cloud_directory/Users", {"email": "injection-test@example.com", "password": "injection-test-pw"})
    added_user = user["id"]
    driver.get(authorization_url(client_id, "back"))
    wait.until(expected_conditions.presence_of_element_located((By.ID, "email")))
    driver.find_element(By.ID, "email").send_keys("injection-test@example.com")
    driver.find_element(By.ID, "password").send_keys("injection-test-pw")
    driver.find_element(By.ID, "sign-in").click()
    # Nothing listens at the redirect URI: the browser shows its own error page at that URL.
    wait.until(lambda _: driver.current_url.startswith(redirect_uri))
    check("code=" in driver.current_url and "state=back" in driver.current_url, "form-action lets the sign-in redirect to the registered redirect URI")

    # The pages' own script (allowed by its hash) still runs: a copy button answers.
    driver.get(issuer + "/admin/login")
    wait.until(expected_conditions.presence_of_element_located((By.ID, "token")))
    driver.find_element(By.ID, "token").send_keys(admin_token)
    driver.find_element(By.ID, "admin-sign-in").click()
    wait.until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "button[data-copy]")))
    button = driver.find_element(By.CSS_SELECTOR, "button[data-copy]")
    driver.execute_script("arguments[0].closest('details').open = true", button)
    button.click()
    check(button.text == "Copied", "the copy buttons' script runs under the policy")
finally:
    driver.quit()
    for client in added:
        manage("DELETE", "/applications/" + client)
    if added_user:
        manage("DELETE", "/cloud_directory/Users/" + added_user)
    manage("PUT", "/config/redirect_uris", {"redirectUris": original_uris})
print("login injection browser tests passed")
