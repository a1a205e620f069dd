// What the API does with bodies it must refuse: too large (declared, streamed without a length,
// or behind a lying Content-Length), not JSON, invalid JSON, or an unknown order_type. A 10 MB
// body must be refused long before it could have been read whole.
import type { ApiContract } from "./support/contract";
import { expect, test } from "./support/fixtures";
import { baseUrl, unique } from "./support/http";
import { accessToken, DEMO_ACME } from "./support/oauth";
import { newOrder } from "./support/orders";
import type { Problem } from "./support/partner-api";
import { type RawAnswer, rawRequest } from "./support/raw-http";

const TEN_MB = 10 * 1024 * 1024;
const LIMIT = 256 * 1024;
const port = () => Number(new URL(baseUrl()).port);

const PATHS = ["/partner/order", "/partner/order/preview"] as const;

// Bodies are sent as a 512 KiB burst (over the limit), then 64 KiB every 40 ms: the whole 10 MB
// would take about 6 s, so an answer within a second, with well under 2.5 MB sent, cannot have
// waited for the body (socket buffers on loopback hold a few MB, hence no tighter bound).
const PACE = { burstBytes: 512 * 1024, paceMs: 40 };
const UNREAD = 2.5 * 1024 * 1024;

/** The contract check for an answer read off a raw socket. */
function checkRaw(contract: ApiContract, path: (typeof PATHS)[number], answer: RawAnswer) {
  contract.check(path === "/partner/order" ? "submitOrder" : "previewOrder", {
    status: answer.status,
    headers: new Headers(answer.headers),
    body: JSON.parse(answer.body) as unknown,
    text: answer.body,
    ms: answer.msToAnswer,
  });
}

test.describe("request bodies", () => {
  let token: string;
  test.beforeAll(async ({ contract }) => {
    token = await accessToken(contract, DEMO_ACME);
  });

  for (const path of PATHS) {
    test(`${path}: a declared 10 MB body is refused with 413 before it is sent`, async ({ contract }) => {
      const answer = await rawRequest({
        port: port(),
        path,
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": "application/json",
          "content-length": String(TEN_MB),
        },
        bodyBytes: TEN_MB,
        pace: PACE,
      });
      expect(answer.status).toBe(413);
      expect(answer.msToAnswer).toBeLessThan(1000); // typically 10-40 ms; generous for a loaded 2-core box
      expect(answer.bodyBytesSentBeforeAnswer).toBeLessThan(UNREAD);
      checkRaw(contract, path, answer);
      expect(JSON.parse(answer.body)).toMatchObject({ status: 413, title: "Request body too large" });
    });

    test(`${path}: a 10 MB chunked body without Content-Length is cut off soon after the limit`, async ({
      contract,
    }) => {
      const answer = await rawRequest({
        port: port(),
        path,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        bodyBytes: TEN_MB,
        chunked: true,
        pace: PACE,
      });
      expect(answer.status).toBe(413);
      expect(answer.msToAnswer).toBeLessThan(1000);
      // The server answered while most of the body was still unsent: it never waited for (or held) all of it.
      expect(answer.bodyBytesSentBeforeAnswer).toBeLessThan(UNREAD);
      checkRaw(contract, path, answer);
    });
  }

  test("a 10 MB body streamed by fetch (no Content-Length) gets 413 quickly", async () => {
    let pulled = 0;
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= TEN_MB) return controller.close();
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const started = performance.now();
    const response = await fetch(`${baseUrl()}/partner/order/preview`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    await response.text();
    expect(performance.now() - started).toBeLessThan(1000);
  });

  test("a Content-Length that understates a 10 MB body: only the declared bytes are read", async () => {
    const answer = await rawRequest({
      port: port(),
      path: "/partner/order/preview",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        "content-length": "1000",
      },
      bodyBytes: TEN_MB,
      fill: '{"a":',
      pace: PACE,
    });
    // The 1000 declared bytes are not JSON, and what follows them is not an HTTP request: a 400
    // (from the route or from Node's HTTP parser, whichever is first) or a closed connection, at
    // once; the rest is never read as this body.
    if (!answer.closedWithoutAnswer) expect(answer.status).toBe(400);
    expect(answer.msToAnswer).toBeLessThan(1000);
    expect(answer.bodyBytesSentBeforeAnswer).toBeLessThan(UNREAD);
  });

  test("POST /oauth/token refuses a 10 MB body quickly too (it has no token to check first)", async ({
    contract,
  }) => {
    for (const chunked of [false, true]) {
      const answer = await rawRequest({
        port: port(),
        path: "/oauth/token",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          ...(chunked ? {} : { "content-length": String(TEN_MB) }),
        },
        bodyBytes: TEN_MB,
        chunked,
        fill: "grant_type=client_credentials&",
        pace: PACE,
      });
      expect(answer.status, chunked ? "chunked" : "declared").toBe(413);
      expect(answer.msToAnswer).toBeLessThan(1000);
      expect(answer.bodyBytesSentBeforeAnswer).toBeLessThan(UNREAD);
      contract.check("getToken", {
        status: answer.status,
        headers: new Headers(answer.headers),
        body: JSON.parse(answer.body) as unknown,
        text: answer.body,
        ms: answer.msToAnswer,
      });
    }
  });

  test("a Content-Length over the limit with a small body is refused without waiting for the rest", async () => {
    const answer = await rawRequest({
      port: port(),
      path: "/partner/order",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        "content-length": String(TEN_MB),
      },
      bodyBytes: 10,
      timeoutMs: 3000,
    });
    expect(answer.status).toBe(413);
    expect(answer.msToAnswer).toBeLessThan(1000);
  });

  test("a body just over the limit is 413; one just under it is read (and refused only as invalid)", async ({
    acme,
  }) => {
    const over = await acme.preview<Problem>(undefined, {
      body: `"${"x".repeat(LIMIT)}"`,
      headers: { "content-type": "application/json" },
    });
    expect(over.status).toBe(413);
    const under = await acme.preview<Problem>(undefined, {
      body: `"${"x".repeat(LIMIT - 10)}"`,
      headers: { "content-type": "application/json" },
    });
    expect(under.status).toBe(400);
  });

  test("the server still answers normally after all that", async ({ acme }) => {
    expect((await acme.listOrders({ limit: "1" })).status).toBe(200);
  });

  for (const path of PATHS) {
    test(`${path}: a body that is not JSON is 415`, async ({ acme }) => {
      const call = path === "/partner/order" ? acme.submit.bind(acme) : acme.preview.bind(acme);
      const body = JSON.stringify(newOrder());
      for (const type of [
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/xml",
        "multipart/form-data; boundary=x",
      ]) {
        const answer = await call(undefined, { body, headers: { "content-type": type } });
        expect(answer.status, type).toBe(415);
      }
      // No Content-Type at all.
      const bare = await call(undefined, { body: new Blob([body]) });
      expect(bare.status).toBe(415);
    });

    test(`${path}: invalid JSON is 400`, async ({ acme }) => {
      const call = path === "/partner/order" ? acme.submit.bind(acme) : acme.preview.bind(acme);
      for (const text of ["{", "{order_type:'new'}", '{"order_type":"new",}', "", "null x", "\u0000"]) {
        const answer = await call<Problem>(undefined, {
          body: text,
          headers: { "content-type": "application/json" },
        });
        expect(answer.status, JSON.stringify(text)).toBe(400);
      }
    });

    test(`${path}: an unknown order_type is 400 naming the known ones`, async ({ acme }) => {
      const call = path === "/partner/order" ? acme.submit.bind(acme) : acme.preview.bind(acme);
      for (const orderType of ["upgrade", "NEW", "", 1, null]) {
        const answer = await call<Problem>({
          ...newOrder({ externalId: unique("e2e-type") }),
          order_type: orderType,
        });
        expect(answer.status, String(orderType)).toBe(400);
        expect(answer.body.errors?.some((e) => e.path === "order_type")).toBe(true);
      }
      const missing = await call<Problem>({ orderItems: [] });
      expect(missing.status).toBe(400);
    });
  }

  test("validation errors name every bad field with its path", async ({ acme }) => {
    const body = newOrder({ externalId: unique("e2e-invalid") });
    const answer = await acme.submit<Problem>({
      ...body,
      orderItems: [{ offer: { id: "pro-monthly" }, quantity: 0 }],
      customerDetails: { ...body.customerDetails, email: "not-an-email" },
      country: "XX",
      unexpected: true,
    });
    expect(answer.status).toBe(400);
    const paths = answer.body.errors?.map((e) => e.path) ?? [];
    expect(paths).toEqual(
      expect.arrayContaining(["orderItems.0.quantity", "customerDetails.email", "country"]),
    );
    expect(answer.body.message).toBe(answer.body.detail);
    expect(await acme.ordersWithExternalId(body.external_id)).toEqual([]);
  });
});
