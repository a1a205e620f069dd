#!/usr/bin/env bash
# The partner API with curl: token -> preview -> submit (with an Idempotency-Key) -> retry ->
# get the order. JSON is read with python3, or node where python3 is missing (no jq needed).
#   PORTAL_URL=https://portal.example.com CLIENT_ID=... CLIENT_SECRET=... bash orders.sh
# The defaults are the demo server (`npm run demo`) and its demo API client.
set -euo pipefail

PORTAL_URL="${PORTAL_URL:-http://localhost:3000}"
PORTAL_URL="${PORTAL_URL%/}"
CLIENT_ID="${CLIENT_ID:-demo-acme-erp}"
CLIENT_SECRET="${CLIENT_SECRET:-demo-acme-erp-secret-0123456789}"
OFFER_ID="${OFFER_ID:-starter-monthly}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# json PATH: prints one value of the JSON document on stdin (PATH is dotted: eligibility.eligible).
json() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c '
import json, sys
value = json.load(sys.stdin)
for key in sys.argv[1].split("."):
    value = value[int(key)] if isinstance(value, list) else value[key]
print(value if isinstance(value, str) else json.dumps(value))' "$1"
  else
    node -e '
let value = JSON.parse(require("fs").readFileSync(0, "utf8"));
for (const key of process.argv[1].split(".")) value = value[key];
console.log(typeof value === "string" ? value : JSON.stringify(value));' "$1"
  fi
}

# call METHOD PATH [curl options]: prints the answer's body; on an error status prints the
# problem (title, detail, what is wrong) and stops the script.
call() {
  local method="$1" path="$2"
  shift 2
  local status
  status="$(curl -sS -X "$method" -o "$work/body" -D "$work/headers" -w '%{http_code}' "$@" "$PORTAL_URL$path")"
  if [[ "$status" -ge 400 ]]; then
    echo "$method $path failed: HTTP $status" >&2
    cat "$work/body" >&2
    echo >&2
    exit 1
  fi
  cat "$work/body"
}

# 1. A token by client credentials (HTTP Basic). RFC 6749 wants the id and secret
# form-urlencoded first: the same thing for ids and secrets of letters, digits, - . _ ~.
token="$(call POST /oauth/token -u "$CLIENT_ID:$CLIENT_SECRET" -d grant_type=client_credentials)"
access_token="$(json access_token <<<"$token")"
echo "1. token: expires in $(json expires_in <<<"$token") s, scopes \"$(json scope <<<"$token")\""
auth=(-H "Authorization: Bearer $access_token")

# 2. Price the order and check eligibility; nothing is created. A fresh external_id (unique per
# partner) and e-mail (a new customer) for every run.
run="$(date +%s)-$RANDOM"
order="$(
  cat <<JSON
{
  "order_type": "new",
  "external_id": "curl-example-$run",
  "orderItems": [{ "offer": { "id": "$OFFER_ID" }, "quantity": 1 }],
  "customerDetails": { "firstName": "Ada", "lastName": "Lovelace", "email": "ada-$run@example.com" },
  "billingDetails": { "address1": "1 High Street", "city": "London", "postalCode": "EC1A 1BB", "country": "GB" },
  "country": "GB"
}
JSON
)"
preview="$(call POST /partner/order/preview "${auth[@]}" -H "Content-Type: application/json" -d "$order")"
if [[ "$(json eligibility.eligible <<<"$preview")" != "true" ]]; then
  echo "not eligible: $(json eligibility.problems <<<"$preview")" >&2
  exit 1
fi
echo "2. preview: total $(json total <<<"$preview") $(json currency <<<"$preview") (minor units), eligible"

# 3. Submit with an Idempotency-Key: one random key per order, kept until an answer arrives, so
# a retry after a timeout cannot place the order twice.
key="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
submitted="$(call POST /partner/order "${auth[@]}" -H "Content-Type: application/json" -H "Idempotency-Key: $key" -d "$order")"
order_id="$(json id <<<"$submitted")"
echo "3. submitted: order id $order_id, status $(json status <<<"$submitted")"

# 4. The same request again (as after a lost answer): the same order, replayed.
retried="$(call POST /partner/order "${auth[@]}" -H "Content-Type: application/json" -H "Idempotency-Key: $key" -d "$order")"
replayed="$(tr -d '\r' <"$work/headers" | awk -F': ' 'tolower($1) == "idempotent-replayed" { print $2 }')"
echo "4. retried with the same key: order id $(json id <<<"$retried"), replayed: ${replayed:-false}"

# 5. Read the order back.
detail="$(call GET "/partner/order/$order_id" "${auth[@]}")"
echo "5. order $order_id: status $(json status <<<"$detail"), total $(json total <<<"$detail") $(json currency <<<"$detail")"
