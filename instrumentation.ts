// Runs once when the Next.js server starts. The checks need Node APIs, so they live in a module
// loaded only in the Node.js runtime.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") await import("./server/startup-checks");
}
