# syntax=docker/dockerfile:1
# The portal's production image: Next's standalone bundle completed with the migration runner,
# the operator CLI and the job worker (`npm run build`, scripts/build/complete-bundle.ts), on
# Node 24, run by an unprivileged user. Migrations are a release step, never run on start:
#   docker run --rm -e DATABASE_URL=... portal node scripts/prisma/migrate.mjs deploy
# See docs/operations.md ("Container image") for what was and was not verified.

FROM node:24-bookworm-slim AS build
WORKDIR /src
# better-sqlite3 compiles from source where no prebuilt binary matches the platform.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
ENV NEXT_TELEMETRY_DISABLED=1
# The install generates the Prisma clients from prisma/ (postinstall), so the sources come first;
# .dockerignore keeps local state (node_modules, .next, data, .env) out.
COPY . .
RUN npm ci --no-audit --no-fund
RUN npm run build

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    NEXT_MANUAL_SIG_HANDLE=true \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    PORTAL_DATA_DIR=/app/data
WORKDIR /app
RUN groupadd --system --gid 10001 portal \
  && useradd --system --uid 10001 --gid portal --home-dir /app --shell /usr/sbin/nologin portal \
  && mkdir -p /app/data && chown portal:portal /app/data
COPY --from=build --chown=root:root /src/.next/standalone ./
USER portal
EXPOSE 3000
# Readiness, not liveness: an instance that cannot reach its database, or is shutting down, is
# reported unhealthy so that a proxy or orchestrator stops sending it requests.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/api/health/ready`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM starts the drain (docs/operations.md, "Shutdown"): give the container more than
# SHUTDOWN_DELAY + SHUTDOWN_GRACE_PERIOD (5 s + 25 s) to stop, e.g. `docker stop -t 40`.
STOPSIGNAL SIGTERM
CMD ["node", "server.js"]
