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
 *
 * Every customer that contains q holds each of its words, so the holders of any one word are
 * candidates too. Asking for all of q makes both indexes read the lists of its common trigrams
 * whole, which grows with the customers even when one customer matches: "thompson 9996" (50
 * customers) cost SQLite's FTS5 AND 1.7 ms at 700,000 customers, because 77,550 of them hold
 * "thompson"; an email's middle cost PostgreSQL 42-50 ms at 70,000 (its emails' index, cold). So
 * the word likeliest to be rare is asked alone first, for at most FEW + 1 holders: an ask that
 * stops there however common the word (FTS5 reads its matches in turn; PostgreSQL's planner
 * reads the table until it has them when the word is common): 0.2-0.3 ms on SQLite at 700,000
 * customers, 1-2.5 ms on PostgreSQL at 70,000. If it has no more than FEW they are the
 * candidates; otherwise all of q is asked as before. One word only: an earlier try of every word
 * (21, then 201 holders each) made terms of common words up to four times slower.
 */
export async function customerSearchCandidates(
  db: Db,
  partnerId: string,
  q: string,
  limit = CANDIDATE_LIMIT,
): Promise<string[] | null> {
  const words = indexableWords(q);
  if (words.length === 0) return null;
  const postgres = databaseKindOf(db) === "postgresql";
  const few = Math.min(FEW, limit);
  const [likeliestRare] = likeliestRareFirst(words);
  if (words.length > 1 && likeliestRare !== undefined) {
    const rows = postgres
      ? await containing(db, partnerId, likeliestRare, few + 1, namesOnly(q))
      : await ftsHolders(db, partnerId, [likeliestRare], few + 1);
    if (rows.length <= few) return rows.map((row) => row.id);
  }
  const rows = postgres
    ? await containing(db, partnerId, q, limit + 1, namesOnly(q))
    : await ftsHolders(db, partnerId, words, limit + 1);
  return rows.length > limit ? null : rows.map((row) => row.id);
}

/** How many holders one word may have to give the candidates on its own. */
const FEW = 100;

/**
 * An email address holds no white space: only names can hold such a term, and asking the emails'
 * index too cost more than the names' (PostgreSQL reads both whole).
 */
function namesOnly(q: string): boolean {
  return /\s/.test(q);
}

/** PostgreSQL: up to `take` of the partner's customers whose name (or email) contains `text`. */
function containing(db: Db, partnerId: string, text: string, take: number, inNamesOnly: boolean) {
  return inNamesOnly
    ? db.$queryRaw<{ id: string }[]>`
        SELECT "id" FROM "Customer"
        WHERE "partnerId" = ${partnerId} AND "nameLower" LIKE ${likeContaining(text)} ESCAPE '\\'
        LIMIT ${take}`
    : db.$queryRaw<{ id: string }[]>`
        SELECT "id" FROM "Customer"
        WHERE "partnerId" = ${partnerId}
          AND ("nameLower" LIKE ${likeContaining(text)} ESCAPE '\\' OR "emailLower" LIKE ${likeContaining(text)} ESCAPE '\\')
        LIMIT ${take}`;
}

/** SQLite: up to `take` of the partner's customers whose name or email holds every word. */
function ftsHolders(db: Db, partnerId: string, words: string[], take: number) {
  return db.$queryRaw<{ id: string }[]>`
    SELECT DISTINCT "customerId" AS "id" FROM "CustomerSearch"
    WHERE "CustomerSearch" MATCH ${ftsAllWords(words)} AND "partnerId" = ${partnerId}
    LIMIT ${take}`;
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
