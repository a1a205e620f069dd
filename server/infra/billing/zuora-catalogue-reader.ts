// Reads a Zuora tenant's whole product catalogue, for `catalog map-zuora`: every product ("List all
// products"), then each product's rate plans with their charges ("List all product rate plans of a
// product"), 40 to a page, the most Zuora allows. Pages are asked for by number (page, pageSize),
// as Zuora documents; an answer's nextPage only says that there is another: its URL is not
// followed, so the bearer token never goes to an address taken from an answer.
import { providerAnsweredGarbage } from "./provider-errors";
import type { ZuoraClient } from "./zuora-client";
import { zuoraCatalogueProductsSchema, zuoraProductRatePlansSchema } from "./zuora-schemas";

export const ZUORA_CATALOGUE_PAGE_SIZE = 40;
/** 40,000 products, or rate plans of one product: far beyond any catalogue, short of a loop. */
const MAX_PAGES = 1_000;
/** Products whose rate plans are read at once: a long catalogue goes faster, Zuora is not flooded. */
const PARALLEL_PRODUCTS = 4;

export type ZuoraCatalogueCharge = {
  id: string;
  number: string | null;
  name: string;
  /** Recurring, OneTime or Usage. */
  type: string;
  /** PerUnit, FlatFee, DiscountPercentage, DiscountFixedAmount, ... */
  model: string;
  /** Month, Annual, ... for a recurring charge. */
  billingPeriod: string | null;
  /** The currencies the charge has a price in. */
  currencies: string[];
};

export type ZuoraCatalogueRatePlan = {
  id: string;
  number: string | null;
  name: string;
  /** Active, Expired or NotStarted; null when Zuora does not say. */
  status: string | null;
  charges: ZuoraCatalogueCharge[];
};

export type ZuoraCatalogueProduct = {
  id: string;
  name: string;
  sku: string | null;
  productNumber: string | null;
  ratePlans: ZuoraCatalogueRatePlan[];
};

export type ZuoraCatalogue = { products: ZuoraCatalogueProduct[] };

export type CatalogueProgress =
  | { stage: "products"; read: number }
  | { stage: "ratePlans"; done: number; total: number };

async function allPages<T>(
  what: string,
  fetchPage: (page: number) => Promise<{ items: T[]; more: boolean }>,
  onPage?: (readSoFar: number) => void,
): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const answer = await fetchPage(page);
    items.push(...answer.items);
    onPage?.(items.length);
    if (!answer.more) return items;
  }
  throw providerAnsweredGarbage("zuora", new Error(`${what} did not end after ${MAX_PAGES} pages`));
}

const query = (page: number) => `page=${page}&pageSize=${ZUORA_CATALOGUE_PAGE_SIZE}`;

function readRatePlans(client: ZuoraClient, productId: string): Promise<ZuoraCatalogueRatePlan[]> {
  const path = `/v1/products/${encodeURIComponent(productId)}/product-rate-plans`;
  return allPages(`the rate plans of product ${productId}`, async (page) => {
    const { data } = await client.get(`${path}?${query(page)}`, zuoraProductRatePlansSchema);
    const items = (data.productRatePlans ?? []).map((plan) => ({
      id: plan.id,
      number: plan.productRatePlanNumber ?? null,
      name: plan.name ?? "",
      status: plan.status ?? null,
      charges: (plan.productRatePlanCharges ?? []).map((charge) => ({
        id: charge.id,
        number: charge.productRatePlanChargeNumber ?? null,
        name: charge.name ?? "",
        type: charge.type,
        model: charge.model,
        billingPeriod: charge.billingPeriod ?? null,
        currencies: (charge.pricing ?? []).flatMap((price) => (price.currency ? [price.currency] : [])),
      })),
    }));
    return { items, more: Boolean(data.nextPage) };
  });
}

export async function readZuoraCatalogue(
  client: ZuoraClient,
  onProgress: (progress: CatalogueProgress) => void = () => {},
): Promise<ZuoraCatalogue> {
  const listed = await allPages(
    "the product catalogue",
    async (page) => {
      const { data } = await client.get(`/v1/catalog/products?${query(page)}`, zuoraCatalogueProductsSchema);
      return { items: data.products ?? [], more: Boolean(data.nextPage) };
    },
    (read) => onProgress({ stage: "products", read }),
  );
  const products: ZuoraCatalogueProduct[] = listed.map((product) => ({
    id: product.id,
    name: product.name ?? "",
    sku: product.sku ?? null,
    productNumber: product.productNumber ?? null,
    ratePlans: [],
  }));
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < products.length) {
      const product = products[next++] as ZuoraCatalogueProduct;
      product.ratePlans = await readRatePlans(client, product.id);
      done += 1;
      onProgress({ stage: "ratePlans", done, total: products.length });
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_PRODUCTS, products.length) }, worker));
  return { products };
}
