// Formats of the identifiers the API shows. Generation lives with the database code; these
// patterns are what the schemas (input and output) accept, so both sides agree on one shape.

/** Owner identity of a customer: "id-" and 32 lower-case hex digits. */
export const OWNER_ID_PATTERN = /^id-[0-9a-f]{32}$/;

/** Order id: "order-" and 32 lower-case hex digits. */
export const ORDER_ID_PATTERN = /^order-[0-9a-f]{32}$/;

/**
 * Order and subscription references: 12 characters, A-Z and 0-9. The generator uses an alphabet
 * without look-alikes; accepting the wider set here keeps input validation from depending on the
 * generator's exact alphabet (an unknown reference is a 404, not a 400).
 */
export const REFERENCE_PATTERN = /^[A-Z0-9]{12}$/;
