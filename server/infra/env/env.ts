// Every setting the server reads, validated once with zod. A bad or missing value stops start-up
// with one message that names the variable, instead of failing later in some request.
import { z } from "zod";
import { parseTaxRates } from "../../domain/tax";
import { STRIPE_TAX_MODES, type StripeTaxMode } from "../billing/provider-config";
import { parseAllowHosts } from "../outbound/outbound-policy";
import {
  type TelemetrySettings,
  telemetryEnvShape,
  telemetrySettings,
} from "../telemetry/telemetry-settings";
import { readOrCreateDevSecret } from "./dev-secrets";
import { dataDirOf } from "./paths";

const BILLING_PROVIDERS = ["builtin", "stripe", "zuora"] as const;

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/**
 * Rate-limit settings have a ceiling: on PostgreSQL a bucket holds milli-tokens in a 32-bit
 * column (burst x 1,000, and 5 x that for the per-address brake at /oauth/token) and refills
 * by elapsed ms x per-minute in 64-bit arithmetic. A million is far above any real limit and
 * keeps both in range, where a larger value made every request fail with a 500.
 */
const rateSetting = (fallback: number, max: number) =>
  z.coerce.number().int().positive().max(max).default(fallback);
const MAX_RATE_PER_MINUTE = 1_000_000;
const MAX_BURST = 1_000_000;
const MAX_TOKEN_FAILURE_BURST = 100_000;

const DURATION_UNITS_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** "5s,30s,2m" -> [5000, 30000, 120000]: a retry schedule. */
const durationList = z
  .string()
  .trim()
  .transform((text, ctx) => {
    const delays = text.split(",").map((part) => {
      const match = /^(\d+)(ms|s|m|h)$/.exec(part.trim());
      return match ? Number(match[1]) * DURATION_UNITS_MS[match[2] as keyof typeof DURATION_UNITS_MS] : null;
    });
    if (delays.some((d) => d === null)) {
      ctx.addIssue({ code: "custom", message: 'must be durations like "5s,30s,2m,1h", comma-separated' });
      return z.NEVER;
    }
    return delays as number[];
  });

/** "5s" -> 5000: one duration (units ms, s, m, h; "0s" for none). */
const duration = z
  .string()
  .trim()
  .transform((text, ctx) => {
    const match = /^(\d+)(ms|s|m|h)$/.exec(text);
    if (!match) {
      ctx.addIssue({ code: "custom", message: 'must be a duration like "500ms", "5s" or "1m"' });
      return z.NEVER;
    }
    return Number(match[1]) * DURATION_UNITS_MS[match[2] as keyof typeof DURATION_UNITS_MS];
  });

const rawSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: positiveInt(3000),
  PORTAL_DATA_DIR: optionalString,
  DATABASE_URL: optionalString.refine(
    (v) => v === undefined || /^(file:|postgres(ql)?:\/\/)/.test(v),
    "must start with file: (embedded database) or postgresql:// (PostgreSQL)",
  ),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
  APP_URL: optionalString.pipe(z.url().optional()),
  NEXTAUTH_URL: optionalString.pipe(z.url().optional()),
  AUTH_SECRET: optionalString.pipe(z.string().min(32, "must be at least 32 characters").optional()),
  NEXTAUTH_SECRET: optionalString.pipe(z.string().min(32, "must be at least 32 characters").optional()),
  BILLING_PROVIDER: z.enum(BILLING_PROVIDERS).default("builtin"),
  BILLING_PROVIDER_TIMEOUT_MS: positiveInt(5000),
  STRIPE_SECRET_KEY: optionalString,
  STRIPE_API_BASE: optionalString.pipe(z.url().optional()),
  STRIPE_TAX: z.enum(STRIPE_TAX_MODES).default("rates"),
  STRIPE_WEBHOOK_SECRET: optionalString,
  ZUORA_CALLOUT_SECRET: optionalString.pipe(z.string().min(16, "must be at least 16 characters").optional()),
  ZUORA_BASE_URL: optionalString.pipe(z.url().optional()),
  ZUORA_CLIENT_ID: optionalString,
  ZUORA_CLIENT_SECRET: optionalString,
  ZUORA_ENTITY_ID: optionalString,
  TAX_RATES: optionalString,
  BODY_LIMIT_BYTES: positiveInt(256 * 1024),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  OAUTH_SIGNING_KEYS: optionalString,
  ACCESS_TOKEN_TTL_SECONDS: positiveInt(3600),
  RATE_LIMIT_PER_MINUTE: rateSetting(3000, MAX_RATE_PER_MINUTE),
  RATE_LIMIT_BURST: rateSetting(300, MAX_BURST),
  TOKEN_AUTH_FAILURES_PER_MINUTE: rateSetting(10, MAX_RATE_PER_MINUTE),
  TOKEN_AUTH_FAILURE_BURST: rateSetting(10, MAX_TOKEN_FAILURE_BURST),
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(1),
  WORKER_CONCURRENCY: z.coerce.number().int().min(0).max(64).default(4),
  ORDER_RETRY_DELAYS: z.string().default("5s,30s,2m,10m,30m,1h").pipe(durationList),
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  WEBHOOK_RETRY_DELAYS: z.string().default("5s,5m,30m,2h,5h,10h,10h").pipe(durationList),
  OUTBOUND_ALLOW_HOSTS: z.string().default(""),
  METRICS_TOKEN: optionalString.pipe(z.string().min(16, "must be at least 16 characters").optional()),
  SHUTDOWN_DELAY: z.string().default("5s").pipe(duration),
  SHUTDOWN_GRACE_PERIOD: z.string().default("25s").pipe(duration),
  ...telemetryEnvShape,
});

export type Env = Readonly<{
  nodeEnv: "development" | "production" | "test";
  isProduction: boolean;
  port: number;
  databaseUrl: string | undefined;
  /** PostgreSQL: the most connections each process's pool opens (the embedded database has one). */
  databasePoolSize: number;
  /** PORTAL_DATA_DIR, resolved: the embedded database and the development secrets. */
  dataDir: string;
  appUrl: string;
  authSecret: string;
  billingProvider: (typeof BILLING_PROVIDERS)[number];
  billingProviderTimeoutMs: number;
  /** `tax`: how Stripe is asked for tax (rates from TAX_RATES, Stripe Tax, or none). */
  stripe: { secretKey: string | undefined; apiBase: string | undefined; tax: StripeTaxMode };
  /** The signing secret of the Stripe webhook endpoint (`whsec_...`); unset: events are refused. */
  stripeWebhookSecret: string | undefined;
  /** The password of Zuora's callouts (Basic authentication); unset: they are refused. */
  zuoraCalloutSecret: string | undefined;
  zuora: {
    baseUrl: string | undefined;
    clientId: string | undefined;
    clientSecret: string | undefined;
    entityId: string | undefined;
  };
  taxRates: string | undefined;
  bodyLimitBytes: number;
  logLevel: "debug" | "info" | "warn" | "error" | "silent";
  /** JWKS JSON of private signing keys (first one signs); undefined: generated in development. */
  oauthSigningKeys: string | undefined;
  accessTokenTtlSeconds: number;
  rateLimit: { perMinute: number; burst: number };
  /** Failed client authentications at /oauth/token per client id (an address may make 5x). */
  tokenFailureLimit: { perMinute: number; burst: number };
  /**
   * How many proxies in front of the server append to X-Forwarded-For (Next's own server counts
   * as one when the header comes in empty). 0: take no address from the header at all.
   */
  trustedProxyHops: number;
  /** Jobs this process runs at once; 0: this web process runs none (`npm run worker` does). */
  workerConcurrency: number;
  /** Waits before the retries of an order's processing, in milliseconds. */
  orderRetryDelaysMs: readonly number[];
  /** Webhook deliveries a process with workers sends at once (apart from the order slots). */
  webhookConcurrency: number;
  /** Waits before the retries of a webhook delivery, in milliseconds. */
  webhookRetryDelaysMs: readonly number[];
  /**
   * Hosts and address ranges partner URLs (webhooks) may reach although they are not public,
   * e.g. a receiver on the same private network; cloud metadata addresses never are.
   */
  outboundAllowHosts: readonly string[];
  /** The bearer token of GET /api/metrics; unset: that endpoint answers 404. */
  metricsToken: string | undefined;
  /**
   * After SIGTERM, how long the web server keeps serving while it reports not ready, so that load
   * balancers stop sending to it before it stops accepting connections.
   */
  shutdownDelayMs: number;
  /** Then how long in-flight requests and jobs have to end before the process exits anyway. */
  shutdownGracePeriodMs: number;
  /** OpenTelemetry (the standard OTEL_* variables): on when an OTLP endpoint is set. */
  telemetry: TelemetrySettings;
}>;

export class EnvError extends Error {
  override name = "EnvError";
}

/** Parses a process environment; pure apart from the development secret file. */
export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const parsed = rawSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new EnvError(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  const raw = parsed.data;
  const isProduction = raw.NODE_ENV === "production";
  const appUrl = raw.APP_URL ?? raw.NEXTAUTH_URL;
  const authSecret = raw.AUTH_SECRET ?? raw.NEXTAUTH_SECRET;
  const dataDir = dataDirOf({ PORTAL_DATA_DIR: raw.PORTAL_DATA_DIR });
  if (isProduction) {
    const missing = [
      appUrl ? null : "APP_URL (or NEXTAUTH_URL): the public base URL, e.g. https://portal.example.com",
      authSecret ? null : "AUTH_SECRET (or NEXTAUTH_SECRET): a random string of 32+ characters",
      raw.OAUTH_SIGNING_KEYS
        ? null
        : "OAUTH_SIGNING_KEYS: a JWKS with private ES256 keys (`npm run cli -- keys generate` prints one)",
    ].filter((m): m is string => m !== null);
    if (missing.length > 0) {
      throw new EnvError(`Missing settings required in production:\n  ${missing.join("\n  ")}`);
    }
  }
  if (raw.BILLING_PROVIDER === "stripe" && !raw.STRIPE_SECRET_KEY) {
    throw new EnvError("BILLING_PROVIDER=stripe needs STRIPE_SECRET_KEY");
  }
  if (
    raw.BILLING_PROVIDER === "zuora" &&
    !(raw.ZUORA_BASE_URL && raw.ZUORA_CLIENT_ID && raw.ZUORA_CLIENT_SECRET)
  ) {
    throw new EnvError(
      "BILLING_PROVIDER=zuora needs ZUORA_BASE_URL, ZUORA_CLIENT_ID and ZUORA_CLIENT_SECRET",
    );
  }
  if (raw.TAX_RATES) {
    const rates = parseTaxRates(raw.TAX_RATES);
    if (!rates.ok)
      throw new EnvError(`Invalid environment configuration:\n  TAX_RATES: ${rates.errors.join("; ")}`);
  }
  let allowHosts: string[];
  try {
    allowHosts = parseAllowHosts(raw.OUTBOUND_ALLOW_HOSTS);
  } catch (error) {
    throw new EnvError(
      `Invalid environment configuration:\n  OUTBOUND_ALLOW_HOSTS: ${(error as Error).message}`,
    );
  }
  return Object.freeze({
    nodeEnv: raw.NODE_ENV,
    isProduction,
    port: raw.PORT,
    databaseUrl: raw.DATABASE_URL,
    databasePoolSize: raw.DATABASE_POOL_SIZE,
    dataDir,
    appUrl: (appUrl ?? `http://localhost:${raw.PORT}`).replace(/\/+$/, ""),
    authSecret: authSecret ?? readOrCreateDevSecret(dataDir, "auth-secret"),
    billingProvider: raw.BILLING_PROVIDER,
    billingProviderTimeoutMs: raw.BILLING_PROVIDER_TIMEOUT_MS,
    stripe: { secretKey: raw.STRIPE_SECRET_KEY, apiBase: raw.STRIPE_API_BASE, tax: raw.STRIPE_TAX },
    stripeWebhookSecret: raw.STRIPE_WEBHOOK_SECRET,
    zuoraCalloutSecret: raw.ZUORA_CALLOUT_SECRET,
    zuora: {
      baseUrl: raw.ZUORA_BASE_URL,
      clientId: raw.ZUORA_CLIENT_ID,
      clientSecret: raw.ZUORA_CLIENT_SECRET,
      entityId: raw.ZUORA_ENTITY_ID,
    },
    taxRates: raw.TAX_RATES,
    bodyLimitBytes: raw.BODY_LIMIT_BYTES,
    logLevel: raw.LOG_LEVEL,
    oauthSigningKeys: raw.OAUTH_SIGNING_KEYS,
    accessTokenTtlSeconds: raw.ACCESS_TOKEN_TTL_SECONDS,
    rateLimit: { perMinute: raw.RATE_LIMIT_PER_MINUTE, burst: raw.RATE_LIMIT_BURST },
    tokenFailureLimit: { perMinute: raw.TOKEN_AUTH_FAILURES_PER_MINUTE, burst: raw.TOKEN_AUTH_FAILURE_BURST },
    trustedProxyHops: raw.TRUSTED_PROXY_HOPS,
    workerConcurrency: raw.WORKER_CONCURRENCY,
    orderRetryDelaysMs: raw.ORDER_RETRY_DELAYS,
    webhookConcurrency: raw.WEBHOOK_CONCURRENCY,
    webhookRetryDelaysMs: raw.WEBHOOK_RETRY_DELAYS,
    outboundAllowHosts: allowHosts,
    metricsToken: raw.METRICS_TOKEN,
    shutdownDelayMs: raw.SHUTDOWN_DELAY,
    shutdownGracePeriodMs: raw.SHUTDOWN_GRACE_PERIOD,
    telemetry: telemetrySettings(raw),
  });
}

let cached: Env | undefined;

/** The validated environment of this process, parsed on first use. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
