// Products in the Stripe fake, as Stripe's API reference documents them ("Create a product",
// "Update a product"; the parameter lists are the `stripe` SDK's, generated from Stripe's OpenAPI
// description for the pinned API version, and checked against its types below, so a new or
// removed parameter breaks the type check):
// - POST /v1/products: `name` required; `id` optional and unique in the account (400
//   resource_already_exists); any parameter not in the list refused (400 parameter_unknown).
// - POST /v1/products/:id: sets the parameters passed and leaves the rest; 404 resource_missing for
//   an unknown product; an empty `description` (and other emptyable strings) unsets it; metadata
//   keys are merged, a key sent empty is removed, `metadata` sent empty removes them all; `name`
//   cannot be emptied; an unknown parameter is refused (400 parameter_unknown), before anything.
// - GET /v1/products/:id.
import type Stripe from "stripe";
import type { FormValue } from "../form-body";
import { productObject } from "./fake-objects";
import {
  bool,
  type Form,
  invalid,
  missing,
  noSuch,
  type StripeFakeState,
  str,
  stringRecord,
} from "./fake-state";
import type { FakeProduct } from "./fake-types";

/** Every parameter of "Create a product" (the SDK's ProductCreateParams). */
const PRODUCT_CREATE_PARAMS = [
  "active",
  "default_price_data",
  "description",
  "expand",
  "id",
  "images",
  "marketing_features",
  "metadata",
  "name",
  "package_dimensions",
  "shippable",
  "statement_descriptor",
  "tax_code",
  "tax_details",
  "type",
  "unit_label",
  "url",
] as const satisfies readonly (keyof Stripe.ProductCreateParams)[];

/** Every parameter of "Update a product" (the SDK's ProductUpdateParams). */
const PRODUCT_UPDATE_PARAMS = [
  "active",
  "default_price",
  "description",
  "expand",
  "images",
  "marketing_features",
  "metadata",
  "name",
  "package_dimensions",
  "shippable",
  "statement_descriptor",
  "tax_code",
  "tax_details",
  "unit_label",
  "url",
] as const satisfies readonly (keyof Stripe.ProductUpdateParams)[];

/** `true` only when the list names every key of the SDK's parameters: a drift fails the type check. */
type Covers<Keys, Listed> = [Exclude<Keys, Listed>] extends [never] ? true : false;
const createListed: Covers<keyof Stripe.ProductCreateParams, (typeof PRODUCT_CREATE_PARAMS)[number]> = true;
const updateListed: Covers<keyof Stripe.ProductUpdateParams, (typeof PRODUCT_UPDATE_PARAMS)[number]> = true;
void [createListed, updateListed];

const CREATE_KNOWN: ReadonlySet<string> = new Set(PRODUCT_CREATE_PARAMS);
const UPDATE_KNOWN: ReadonlySet<string> = new Set(PRODUCT_UPDATE_PARAMS);

function refuseUnknown(body: Form, known: ReadonlySet<string>): void {
  for (const key of Object.keys(body)) {
    if (!known.has(key)) throw invalid(`Received unknown parameter: ${key}`, "parameter_unknown", key);
  }
}

/** An emptyable string parameter: "" unsets it (null); absent leaves it (undefined). */
function emptyable(value: FormValue | undefined, param: string): string | null | undefined {
  if (value === undefined) return undefined;
  const text = str(value);
  if (text === undefined) throw invalid(`Invalid string: ${param}`, "parameter_invalid_string", param);
  return text === "" ? null : text;
}

export function createProduct(state: StripeFakeState, body: Form): FakeProduct {
  refuseUnknown(body, CREATE_KNOWN);
  const name = str(body.name);
  if (!name) throw missing("name");
  const active = bool(body.active, "active");
  // From here the account's objects decide: the endpoint is executing.
  const id = str(body.id) ?? state.newId("prod");
  if (state.products.has(id)) throw invalid("Product already exists.", "resource_already_exists", "id");
  const product = productObject(state, id, name, stringRecord(body.metadata), {
    active: active ?? true,
    description: str(body.description) ?? null,
  });
  state.products.set(id, product);
  return product;
}

export function updateProduct(state: StripeFakeState, id: string, body: Form): FakeProduct {
  refuseUnknown(body, UPDATE_KNOWN);
  const name = str(body.name);
  if (body.name !== undefined && !name)
    throw invalid("You cannot unset the product's name.", "parameter_invalid_empty", "name");
  const active = bool(body.active, "active");
  const description = emptyable(body.description, "description");
  const product = state.products.get(id);
  if (!product) throw noSuch("product", id, "id", 404);
  const metadata =
    body.metadata === undefined
      ? product.metadata
      : body.metadata === ""
        ? {}
        : Object.fromEntries(
            Object.entries({
              ...product.metadata,
              ...stringRecord(body.metadata),
            }).filter(([, value]) => value !== ""),
          );
  const updated: FakeProduct = {
    ...product,
    ...(name ? { name } : {}),
    ...(active === undefined ? {} : { active }),
    ...(description === undefined ? {} : { description }),
    metadata,
    updated: state.seconds(),
  };
  state.products.set(id, updated);
  return updated;
}
