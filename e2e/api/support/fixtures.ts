// Playwright fixtures of the API tests: the contract (fetched once per worker) and one page
// object per demo partner, each with a fresh token of its demo API client.
import { test as base } from "@playwright/test";
import { ApiContract } from "./contract";
import { baseUrl } from "./http";
import { accessToken, DEMO_ACME, DEMO_GLOBEX } from "./oauth";
import { PartnerApi } from "./partner-api";

type WorkerFixtures = { contract: ApiContract };
type TestFixtures = { acme: PartnerApi; globex: PartnerApi };

export const test = base.extend<TestFixtures, WorkerFixtures>({
  contract: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies by destructuring
    async ({}, use) => {
      await use(await ApiContract.load(baseUrl()));
    },
    { scope: "worker" },
  ],
  acme: async ({ contract }, use) => {
    await use(PartnerApi.bearer(contract, await accessToken(contract, DEMO_ACME)));
  },
  globex: async ({ contract }, use) => {
    await use(PartnerApi.bearer(contract, await accessToken(contract, DEMO_GLOBEX)));
  },
});

export { expect } from "@playwright/test";
