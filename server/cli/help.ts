export const HELP = `Partner Orders operator CLI

Usage: npm run cli -- <command> [options] [--json]

Commands:
  partner create --slug <slug> --name <name> [--countries GB,DE,FR] [--credit-limit <minor units>]
                 [--invoice-owner partner|customer] [--billing-provider builtin|stripe|zuora] [--currency GBP]
  user create --partner <slug> --email <email> --name <name> --role admin|staff
              (--password <pw> | --password-stdin)
  api-client create --partner <slug> --name <name> --scopes orders:preview,orders:write,orders:read,catalog:read
  api-client revoke --client-id <id>
  offers import <file.json>        all or nothing; see README for the file format
  seed --demo                      demo partners, users, API clients, catalogue (safe to run twice)
  keys generate [--add-to <jwks>]  print a signing key set for OAUTH_SIGNING_KEYS (--add-to: rotation)
  demo-info                        print the demo sign-ins and API clients (demo databases only)

Options:
  --json     print exactly one JSON object on stdout (errors too), messages on stderr
  --help     this text

Environment:
  DATABASE_URL   absent: embedded database data/portal.db; file:<path>; postgresql://...
`;
