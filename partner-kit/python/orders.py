#!/usr/bin/env python3
"""The partner API from Python's standard library: token -> offers -> preview -> submit (with an
Idempotency-Key) -> retry -> get the order.

    PORTAL_URL=https://portal.example.com CLIENT_ID=... CLIENT_SECRET=... python3 orders.py

The defaults are the demo server (`npm run demo`) and its demo API client.
"""

import base64
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid

PORTAL_URL = os.environ.get("PORTAL_URL", "http://localhost:3000").rstrip("/")
CLIENT_ID = os.environ.get("CLIENT_ID", "demo-acme-erp")
CLIENT_SECRET = os.environ.get("CLIENT_SECRET", "demo-acme-erp-secret-0123456789")
COUNTRY = "GB"


class ApiError(Exception):
    """An error answer; the message is the problem's title, detail and what is wrong."""


def describe(status, body):
    # problem+json (RFC 9457) from the API, or an OAuth error from the token endpoint.
    if not isinstance(body, dict):
        return f"HTTP {status}: {body}"
    if "error" in body and "title" not in body:
        return f"HTTP {status}: {body['error']} {body.get('error_description', '')}".strip()
    lines = [f"HTTP {status} {body.get('title', '')}: {body.get('detail', '')}"]
    for error in body.get("errors", []):
        lines.append(f"  {error.get('path') or '(body)'}: {error.get('message')}")
    for problem in body.get("problems", []):
        lines.append(f"  {problem.get('code')} at {problem.get('path') or '(order)'}: {problem.get('message')}")
    return "\n".join(lines)


def call(method, path, headers=None, body=None):
    """Sends a request; returns (parsed JSON body, response headers) or raises ApiError."""
    request = urllib.request.Request(PORTAL_URL + path, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response), response.headers
    except urllib.error.HTTPError as error:
        text = error.read().decode("utf-8", "replace")
        try:
            parsed = json.loads(text)
        except ValueError:
            parsed = text
        raise ApiError(describe(error.code, parsed)) from None


def get_token():
    # client_secret_basic: RFC 6749 form-urlencodes the id and secret before Basic-encoding them.
    pair = f"{urllib.parse.quote_plus(CLIENT_ID)}:{urllib.parse.quote_plus(CLIENT_SECRET)}"
    headers = {
        "Authorization": "Basic " + base64.b64encode(pair.encode()).decode(),
        "Content-Type": "application/x-www-form-urlencoded",
    }
    token, _ = call("POST", "/oauth/token", headers, b"grant_type=client_credentials")
    return token


def pick_offer(offers):
    """A base plan (not an add-on or a one-off fee) sold in the customer's country."""
    for offer in offers:
        sold_here = offer["countries"] is None or COUNTRY in offer["countries"]
        if not offer["addOn"] and offer["billingPeriod"] != "once" and sold_here:
            return offer
    raise ApiError(f"no base offer is sold in {COUNTRY}")


def main():
    token = get_token()
    print(f"1. token: expires in {token['expires_in']} s, scopes \"{token['scope']}\"")
    bearer = {"Authorization": f"Bearer {token['access_token']}"}
    as_json = {**bearer, "Content-Type": "application/json"}

    offers, _ = call("GET", "/partner/offers", bearer)
    offer = pick_offer(offers["items"])
    print(f"2. offers: {len(offers['items'])}; ordering \"{offer['id']}\"")

    # A fresh external_id (unique per partner) and e-mail (a new customer) for every run.
    run = uuid.uuid4().hex[:8]
    order = {
        "order_type": "new",
        "external_id": f"python-example-{run}",
        "orderItems": [{"offer": {"id": offer["id"]}, "quantity": max(offer["minQuantity"], 1)}],
        "customerDetails": {"firstName": "Ada", "lastName": "Lovelace", "email": f"ada-{run}@example.com"},
        "billingDetails": {"address1": "1 High Street", "city": "London", "postalCode": "EC1A 1BB", "country": COUNTRY},
        "country": COUNTRY,
    }
    body = json.dumps(order).encode()

    preview, _ = call("POST", "/partner/order/preview", as_json, body)
    if not preview["eligibility"]["eligible"]:
        raise ApiError(describe(422, {"title": "Not eligible", "problems": preview["eligibility"]["problems"]}))
    print(f"3. preview: total {preview['total']} {preview['currency']} (minor units), eligible")

    # One key per order, kept until an answer arrives: a retry after a timeout or a dropped
    # connection cannot place the order twice.
    submit_headers = {**as_json, "Idempotency-Key": str(uuid.uuid4())}
    submitted, _ = call("POST", "/partner/order", submit_headers, body)
    print(f"4. submitted: order id {submitted['id']}, status {submitted['status']}")

    retried, headers = call("POST", "/partner/order", submit_headers, body)
    replayed = headers.get("Idempotent-Replayed", "false")
    print(f"5. retried with the same key: order id {retried['id']}, replayed: {replayed}")

    detail, _ = call("GET", "/partner/order/" + urllib.parse.quote(submitted["id"]), bearer)
    print(f"6. order {detail['id']}: status {detail['status']}, total {detail['total']} {detail['currency']}")


if __name__ == "__main__":
    try:
        main()
    except ApiError as error:
        print(error, file=sys.stderr)
        sys.exit(1)
    except urllib.error.URLError as error:
        print(f"cannot reach {PORTAL_URL}: {error.reason}", file=sys.stderr)
        sys.exit(1)
