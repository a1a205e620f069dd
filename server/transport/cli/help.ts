export const HELP = `Partner Orders operator CLI

Usage: npm run cli -- <command> [options] [--json]

Partners
  partner create --slug <slug> --name <name> [--countries GB,DE,FR] [--credit-limit <minor units>]
                 [--invoice-owner partner|customer] [--billing-provider builtin|stripe|zuora] [--currency GBP]
                 [--zuora-account <A00000042>] [--stripe-customer <cus_...>]
  partner update --partner <slug> [--name <name>] [--countries GB,DE|all] [--credit-limit <minor units>|none]
                 [--invoice-owner partner|customer] [--billing-provider builtin|stripe|zuora|default]
                 [--zuora-account <A00000042>|none] [--stripe-customer <cus_...>|none]
                 [--currency GBP] [--status active|suspended]
                 binds the next order at once, on every instance; with --invoice-owner partner, orders
                 billed through Zuora or Stripe are invoiced to the partner's own account there
  partner list
  partner callout --partner <slug> --url <https url> [--timeout-ms 2000] [--critical true|false]
                  [--reject-statuses 403,409,422] [--rotate-secret]
                 the partner's own eligibility check, called with every order (signed; secret shown when made)
  partner callout --partner <slug> --off

Staff users
  user create --partner <slug> --email <email> --name <name> --role admin|staff
              (--password <pw> | --password-stdin)
  user list [--partner <slug>]
  user disable --email <email>     no sign-in; open sessions end for good
  user enable --email <email>
  user unlock --email <email>      lift the sign-in brake after failed sign-ins
  user reset-password --email <email> (--password <pw> | --password-stdin)
                                   a temporary password (the user chooses their own at sign-in); ends sessions
  user reset-two-factor --email <email>   for a lost authenticator: sign-in asks for the password only

API clients
  api-client create --partner <slug> --name <name> --scopes orders:preview,orders:write,orders:read,catalog:read
  api-client list --partner <slug>
  api-client revoke --client-id <id>

Discount codes
  discount create (--partner <slug> | --all-partners) --code <CODE> (--percent <1-100> | --amount <minor units> --currency GBP)
                  [--duration-periods <n>] [--expires 2027-01-31 (usable through that day, UTC)] [--max-redemptions <n>]
  discount list [--partner <slug>]
  discount disable --code <CODE>

Webhooks
  webhook create --partner <slug> --url <https://...> --events order.completed,order.failed
                 [--description <text>]   prints the signing secret, shown only this once
                 events: order.submitted, order.completed, order.failed, subscription.created,
                 subscription.updated, subscription.cancelled, subscription.renewed, subscription.expired
                 the URL must be https and public unless OUTBOUND_ALLOW_HOSTS opens the host
  webhook list --partner <slug>
  webhook delete --partner <slug> --id <whe_...>   with its delivery log
  webhook rotate-secret --partner <slug> --id <whe_...>
                                   a new secret; the old one keeps signing for 24 hours

Catalogue and data
  offers import <file.json>        all or nothing; see README for the file format; then synced to Stripe
                                   when STRIPE_SECRET_KEY is set
  catalog map-zuora [--dry-run] [--percent-discount-plan <PRP-...>] [--amount-discount-plan <PRP-...>]
                    [--timeout-ms 30000]
                                   find each offer and discount code in the Zuora catalogue (ZUORA_* settings)
                                   and store its rate plan ids; lists what it could not map
                                   (docs/billing-providers.md); run again after imports and new discount codes
  catalog sync-stripe [--dry-run] [--timeout-ms 30000]
                                   create in Stripe (STRIPE_SECRET_KEY) the products, prices and coupons of the
                                   offers and discount codes not synced yet, and store their ids; offers import
                                   and discount create sync what they add when the key is set
  seed --demo                      demo partners, users, API clients, catalogue (safe to run twice)
  demo-info                        print the demo sign-ins and API clients (demo databases only)
  keys generate [--add-to <jwks>]  print a signing key set for OAUTH_SIGNING_KEYS (--add-to: rotation)

Maintenance
  backup --to <file>               online, checked copy of the embedded database (PostgreSQL: pg_dump)
  purge                            delete expired idempotency records (the web server also does it hourly)
  summaries rebuild                recompute the dashboard's sales summaries and subscription counts (after a bulk
                                   import of orders; the app keeps them up to date as it writes orders)

Options:
  --json     print exactly one JSON object on stdout (errors too), messages on stderr
  --help     this text
  --version  the portal's version and Node's

Environment (read from the process, then .env.production.local, .env.local, .env.production, .env):
  DATABASE_URL      absent: embedded database data/portal.db; file:<path>; postgresql://...
  PORTAL_OPERATOR   the name audit records give the operator (default: the operating-system user)
  ZUORA_BASE_URL, ZUORA_CLIENT_ID, ZUORA_CLIENT_SECRET, ZUORA_ENTITY_ID   the tenant catalog map-zuora reads
  STRIPE_SECRET_KEY, STRIPE_API_BASE   the Stripe account catalog sync-stripe, offers import and discount create sync to
`;
