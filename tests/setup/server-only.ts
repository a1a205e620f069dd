// `server-only` throws when imported outside a React Server environment; tests run server code
// directly in Node, which is exactly where it belongs, so the guard is neutralised here.
import { vi } from "vitest";

vi.mock("server-only", () => ({}));
