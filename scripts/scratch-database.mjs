// `node scripts/scratch-database.mjs create|drop <postgresql-url> <name>`: a throwaway PostgreSQL
// database for one end-to-end run (scripts/e2e.sh with E2E_POSTGRES_URL). `create` prints the
// new database's URL. Plain JavaScript on the pg driver: no psql needed.
import pg from "pg";

const [action, serverUrl, name] = process.argv.slice(2);
if (!["create", "drop"].includes(action) || !serverUrl || !/^[a-z0-9_]{1,60}$/.test(name ?? "")) {
  console.error("usage: node scripts/scratch-database.mjs create|drop <postgresql-url> <name: a-z 0-9 _>");
  process.exit(2);
}
const client = new pg.Client({ connectionString: serverUrl });
await client.connect();
try {
  // The name is checked above: identifiers cannot be bound as parameters.
  await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  if (action === "create") {
    await client.query(`CREATE DATABASE ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    console.log(url.toString());
  }
} finally {
  await client.end();
}
