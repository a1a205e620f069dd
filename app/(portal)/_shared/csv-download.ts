// The portal's CSV downloads (orders, renewals, the dashboard's charts): who may download, and
// the streamed response. A download is a plain GET from a link, so it answers in words rather
// than redirecting to the sign-in page: a file that is a sign-in page would be worse.
import "server-only";
import { getStaffSession, type StaffSession } from "@/server/transport/session/session";

/** The signed-in staff session, or the response that refuses the download of `what`. */
export async function downloadSession(
  what: string,
): Promise<{ session: StaffSession; refused: null } | { session: null; refused: Response }> {
  const session = await getStaffSession();
  if (!session)
    return { session: null, refused: new Response(`Sign in to export ${what}.`, { status: 401 }) };
  if (session.pending) {
    return { session: null, refused: new Response("Finish setting up your account first.", { status: 403 }) };
  }
  return { session, refused: null };
}

/**
 * The rows (CSV lines, header first) as a download named `<name>-<partner>-<day>.csv`, streamed
 * as they are produced: the first bytes leave before the last row is read.
 */
export function csvDownload(
  rows: AsyncIterator<string> | Iterator<string>,
  name: string,
  session: StaffSession,
): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await rows.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${name}-${session.partner.slug}-${day}.csv"`,
      "cache-control": "no-store",
    },
  });
}
