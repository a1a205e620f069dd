// Every identifier and reference the product hands out is made here.
// Randomness comes from the platform CSPRNG; uniqueness is enforced by the database's unique
// constraints (a collision, astronomically unlikely, fails the insert rather than merging rows).

const HEX = "0123456789abcdef";
/** Upper-case letters and digits without look-alikes: no 0/O, 1/I/L. 31 symbols. */
export const REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const REFERENCE_LENGTH = 12;

/**
 * CSPRNG bytes drawn 4 KiB at a time (an order makes about ten identifiers; one call to the
 * platform generator each cost more than the rest of making them). Each byte is handed out once.
 */
const pool = new Uint8Array(4096);
let poolOffset = pool.length;

function randomBytes(count: number): Uint8Array {
  if (poolOffset + count > pool.length) {
    crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  const bytes = pool.subarray(poolOffset, poolOffset + count);
  poolOffset += count;
  return bytes;
}

function randomString(alphabet: string, length: number): string {
  // Rejection sampling keeps every symbol equally likely (no modulo bias).
  const limit = 256 - (256 % alphabet.length);
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit && out.length < length) out += alphabet[byte % alphabet.length];
    }
  }
  return out;
}

const hex32 = () => randomString(HEX, 32);

export const newOrderId = () => `order-${hex32()}`;
export const newOwnerId = () => `id-${hex32()}`;
export const newReference = () => randomString(REFERENCE_ALPHABET, REFERENCE_LENGTH);
/** Internal row ids: a short prefix says what the row is when it shows up in a log. */
export const newRowId = (prefix: string) => `${prefix}_${randomString(HEX, 24)}`;
export const newClientId = () => `pc_${randomString("abcdefghijkmnpqrstuvwxyz23456789", 24)}`;
