// An OTLP/HTTP endpoint that accepts everything and keeps nothing, for `bench:api --telemetry`:
// it answers 200 at once, as a collector that keeps up would, and counts what it was sent (export
// requests, bytes, spans) so the benchmark can show the exporter really worked under load.
// Spans are counted by their `"spanId"` keys rather than by parsing: the sink shares the
// benchmark's process with the load generator and must stay cheap.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export type OtlpSink = {
  url: string;
  counts(): { traceRequests: number; metricRequests: number; bytes: number; spans: number };
  close(): Promise<void>;
};

const SPAN_ID_KEY = Buffer.from('"spanId"');

function occurrences(haystack: Buffer, needle: Buffer): number {
  let n = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) n++;
  return n;
}

export async function startOtlpSink(host: string): Promise<OtlpSink> {
  const counts = { traceRequests: 0, metricRequests: 0, bytes: 0, spans: 0 };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks);
      counts.bytes += body.length;
      if (request.url === "/v1/traces") {
        counts.traceRequests++;
        // A gzipped body (OTEL_EXPORTER_OTLP_COMPRESSION=gzip) is counted in bytes only.
        if (request.headers["content-encoding"] !== "gzip") counts.spans += occurrences(body, SPAN_ID_KEY);
      } else if (request.url === "/v1/metrics") {
        counts.metricRequests++;
      }
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    url: `http://${host}:${(server.address() as AddressInfo).port}`,
    counts: () => ({ ...counts }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
