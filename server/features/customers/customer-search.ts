// Which of a partner's customers a search term can match, looked up in a trigram index rather
// than by reading the partner's customers one by one (linear: 280 ms at 700,000 customers).
// SQLite: the FTS5 table "CustomerSearch" (trigram tokenizer, kept by triggers on "Customer").
// PostgreSQL: GIN trigram indexes on "Customer"."nameLower" and "emailLower" (pg_trgm).
//
// A trigram index is fast for a rare term and slow for a common one ("example", "gmail"), whose
// matches are most of the table; reading customers newest first is the other way round, as it
// stops at the first page of matches. So the index is asked for at most CANDIDATE_LIMIT matches:
// when there are more, the caller reads newest first, where matches are then dense.
import { type Db, databaseKindOf } from "../../infra/db/client";

/** Enough that the page is quick to pick from them, few enough to read them all in a few ms. */
export const CANDIDATE_LIMIT = 1000;

/**
 * The runs of letters and digits in q that a trigram index can look up (3 or more characters).
 * Both indexes treat other characters as breaks between words, and a term without such a run
 * would have to read the whole index.
 */
function indexableWords(q: string): string[] {
  return q.split(/[^\p{L}\p{N}]+/u).filter((word) => [...word].length >= 3);
}

/**
 * The ids of the partner's customers whose lower-case name or email may contain `q` (lower-case; a
 * superset: the caller checks each), or null when the index cannot narrow the search: `q` has no
 * run of 3 letters or digits, or it matches more than `limit` customers.
 */
export async function customerSearchCandidates(
  db: Db,
  partnerId: string,
  q: string,
  limit = CANDIDATE_LIMIT,
): Promise<string[] | null> {
  const words = indexableWords(q);
  if (words.length === 0) return null;
  const rows =
    databaseKindOf(db) === "postgresql"
      ? /\s/.test(q)
        ? // An email address holds no white space: only the names' index can hold such a term, and
          // asking the emails' index too cost more than the names' (PostgreSQL reads both whole).
          await db.$queryRaw<{ id: string }[]>`
            SELECT "id" FROM "Customer"
            WHERE "partnerId" = ${partnerId} AND "nameLower" LIKE ${likeContaining(q)} ESCAPE '\\'
            LIMIT ${limit + 1}`
        : await db.$queryRaw<{ id: string }[]>`
            SELECT "id" FROM "Customer"
            WHERE "partnerId" = ${partnerId}
              AND ("nameLower" LIKE ${likeContaining(q)} ESCAPE '\\' OR "emailLower" LIKE ${likeContaining(q)} ESCAPE '\\')
            LIMIT ${limit + 1}`
      : await ftsCandidates(db, partnerId, words, limit);
  return rows.length > limit ? null : rows.map((row) => row.id);
}

/** How many matches one word may have to be the candidates on its own (SQLite). */
const FEW = 100;

/**
 * SQLite's candidates: the customers with every word (ftsAllWords), or, when the likeliest rare
 * word has few holders, simply those, a superset the caller checks anyway. An AND of the words
 * makes FTS5 decode the common words' lists whole: "thompson 9996" (50 customers) took 1.7 ms of
 * SQLite's time at 700,000 customers, and grew with them, because 14,000 customers hold
 * "thompson". So the word likeliest to be rare is asked first for at most FEW + 1 holders, an
 * ask that stops there (0.2-0.3 ms at 700,000 customers however common the word). Only one word
 * is tried: when it is common after all, the AND runs as before, and each further try would add
 * its cost to every search of common words (an earlier try of every word, 21 then 201 holders
 * each, made some terms four times slower).
 */
async function ftsCandidates(
  db: Db,
  partnerId: string,
  words: string[],
  limit: number,
): Promise<{ id: string }[]> {
  const few = Math.min(FEW, limit);
  const [likeliestRare] = likeliestRareFirst(words);
  if (words.length > 1 && likeliestRare !== undefined) {
    const rows = await db.$queryRaw<{ id: string }[]>`
      SELECT DISTINCT "customerId" AS "id" FROM "CustomerSearch"
      WHERE "CustomerSearch" MATCH ${ftsAllWords([likeliestRare])} AND "partnerId" = ${partnerId}
      LIMIT ${few + 1}`;
    if (rows.length <= few) return rows;
  }
  return db.$queryRaw<{ id: string }[]>`
    SELECT DISTINCT "customerId" AS "id" FROM "CustomerSearch"
    WHERE "CustomerSearch" MATCH ${ftsAllWords(words)} AND "partnerId" = ${partnerId}
    LIMIT ${limit + 1}`;
}

/** In names and emails, numbers and long words are the rare ones. */
function likeliestRareFirst(words: string[]): string[] {
  const hasDigit = (word: string) => (/\p{N}/u.test(word) ? 1 : 0);
  return [...words].sort((a, b) => hasDigit(b) - hasDigit(a) || [...b].length - [...a].length);
}

/** A LIKE pattern for "contains q", with q's own % and _ matched literally. */
function likeContaining(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * An FTS5 query for customers whose name or email holds every word, each as a phrase (with the
 * trigram tokenizer, the run of the word's trigrams in order: "contains the word"). That is a
 * superset of "contains q"; the caller keeps only the customers that contain q itself. Asking for
 * q as one phrase would be exact too, but FTS5 then decodes the whole list of each of its trigrams
 * (4.3 ms for "perlman 10002" at 70,000 customers, against 1.5 ms for the two words). No column
 * filter: name and email are the only indexed columns, and naming them cost another 1 ms.
 * Words hold only letters and digits, so need no quoting.
 */
function ftsAllWords(words: string[]): string {
  return words.map((word) => `"${word}"`).join(" AND ");
}
