// `tsx scripts/check-links.ts`: the repository's Markdown must stand alone. Someone who clones it
// has nothing else, so every relative link must reach a file in the repository (not one outside
// it, not one git ignores), and every absolute link must be a public http(s) address that works
// for any reader. Local and private addresses belong in code blocks, which are not checked.
// Part of `npm test`; exits 1 listing file:line and the link at fault.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { isIPv4, isIPv6 } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";

export type LinkProblem = { file: string; line: number; link: string; reason: string };

export type LinkReport = { files: number; links: number; problems: LinkProblem[] };

const TOP_LEVEL_FILES = ["README.md", "CONTRIBUTING.md", "SECURITY.md", "CHANGELOG.md"];
const DOC_FOLDERS = ["docs", "partner-kit"];

/** The Markdown files the check covers, relative to the root. */
export function markdownFiles(root: string): string[] {
  const found = TOP_LEVEL_FILES.filter((name) => existsSync(path.join(root, name)));
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      const rel = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith(".md")) found.push(rel);
    }
  };
  for (const dir of DOC_FOLDERS) if (existsSync(path.join(root, dir))) walk(dir);
  return found;
}

type Link = { line: number; target: string };

const INLINE_LINK = /!?\[[^\]]*\]\(\s*<?([^)\s>]*)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g;
const REFERENCE_DEFINITION = /^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?/;
const AUTOLINK = /<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>/g;
const HTML_ATTRIBUTE = /\b(?:href|src)\s*=\s*["']([^"']+)["']/g;
// GitHub turns a bare http(s) address in prose into a link, so it is one.
const BARE_URL = /\bhttps?:\/\/[^\s<>)\]"'`]+/g;
const CODE_SPAN = /(`+)[\s\S]*?\1/g;
// Any indentation: a fence inside a list item is indented like the item's text.
const FENCE = /^\s*(`{3,}|~{3,})/;

/** The links of one Markdown text, outside fenced code blocks and inline code. */
export function extractLinks(markdown: string): Link[] {
  const links: Link[] = [];
  let fence: string | null = null;
  markdown.split("\n").forEach((raw, index) => {
    const line = index + 1;
    const opening = FENCE.exec(raw)?.[1];
    if (fence !== null) {
      // A fence closes with the same character, at least as long, and nothing after it.
      if (opening && opening[0] === fence[0] && opening.length >= fence.length && raw.trim() === opening)
        fence = null;
      return;
    }
    if (opening) {
      fence = opening;
      return;
    }
    let text = raw.replace(CODE_SPAN, " ");
    const definition = REFERENCE_DEFINITION.exec(text);
    if (definition?.[1]) {
      links.push({ line, target: definition[1] });
      return;
    }
    // Each kind is taken out of the text once matched, so a URL is not found again as bare.
    for (const pattern of [INLINE_LINK, AUTOLINK, HTML_ATTRIBUTE]) {
      text = text.replace(pattern, (_match, target: string) => {
        links.push({ line, target });
        return " ";
      });
    }
    for (const match of text.matchAll(BARE_URL))
      links.push({ line, target: match[0].replace(/[.,;:!?]+$/, "") });
  });
  return links;
}

/** False for loopback, private, link-local and single-label hosts: they work for nobody else. */
export function isPublicHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (isIPv4(host)) {
    const [a = 0, b = 0] = host.split(".").map(Number);
    const privateRange =
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168);
    return !privateRange;
  }
  if (isIPv6(host)) return !(host === "::" || host === "::1" || /^f[cd]|^fe[89ab]/.test(host));
  if (host === "localhost" || /\.(localhost|local|internal)$/.test(host)) return false;
  return host.includes(".");
}

/**
 * Why a link is wrong, or, when it is fine, the repository path it reaches (null for an anchor
 * or a URL). `file` is relative to the root.
 */
function verdict(
  target: string,
  file: string,
  root: string,
): { reason: string } | { reaches: string | null } {
  if (target === "") return { reason: "empty link" };
  if (target.startsWith("#")) return { reaches: null }; // an anchor in this file: not checked
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(target) || target.startsWith("//")) {
    let url: URL;
    try {
      url = new URL(target.startsWith("//") ? `https:${target}` : target);
    } catch {
      return { reason: "not a valid URL" };
    }
    if (url.protocol !== "http:" && url.protocol !== "https:")
      return { reason: `not an http(s) URL (${url.protocol})` };
    if (!isPublicHost(url.hostname))
      return { reason: "not a public address (local addresses belong in a code block)" };
    return { reaches: null };
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(target.replace(/[?#].*$/, ""));
  } catch {
    return { reason: "badly escaped path" };
  }
  // GitHub resolves a leading "/" from the repository root.
  const resolved = decoded.startsWith("/")
    ? path.join(root, decoded)
    : path.resolve(root, path.dirname(file), decoded);
  const inside = path.relative(root, resolved);
  if (inside.startsWith("..") || path.isAbsolute(inside)) return { reason: "leaves the repository" };
  if (!existsSync(resolved)) return { reason: `no such file: ${inside || "."}` };
  return { reaches: inside };
}

/** Of the given paths (relative to root), those git ignores; none when git or the repository is absent. */
function ignoredByGit(root: string, paths: string[]): Set<string> {
  if (paths.length === 0) return new Set();
  const result = spawnSync("git", ["check-ignore", "--stdin"], { cwd: root, input: paths.join("\n") });
  if (result.status !== 0) return new Set(); // 1: none ignored; 128 or error: not a repository
  return new Set(result.stdout.toString().split("\n").filter(Boolean));
}

/** Checks every covered Markdown file under root. */
export function checkLinks(root: string): LinkReport {
  const files = markdownFiles(root);
  const problems: LinkProblem[] = [];
  // Targets that exist here; a clone has them only if git does not ignore them.
  const reached: (LinkProblem & { path: string })[] = [];
  let links = 0;
  for (const file of files) {
    for (const { line, target } of extractLinks(readFileSync(path.join(root, file), "utf8"))) {
      links += 1;
      const result = verdict(target, file, root);
      if ("reason" in result) problems.push({ file, line, link: target, reason: result.reason });
      else if (result.reaches)
        reached.push({ file, line, link: target, reason: "git ignores this file", path: result.reaches });
    }
  }
  const reachedPaths = reached.map((entry) => entry.path);
  const ignored = ignoredByGit(root, reachedPaths);
  for (const { path: ignoredPath, ...problem } of reached)
    if (ignored.has(ignoredPath)) problems.push(problem);
  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return { files: files.length, links, problems };
}

function main(): number {
  const root = path.resolve(import.meta.dirname, "..");
  const report = checkLinks(root);
  for (const p of report.problems) console.error(`${p.file}:${p.line}: ${p.link} — ${p.reason}`);
  if (report.problems.length > 0) {
    console.error(`${report.problems.length} broken link(s) in ${report.files} Markdown files.`);
    return 1;
  }
  console.log(`${report.links} links in ${report.files} Markdown files: all reach their target.`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = main();
}
