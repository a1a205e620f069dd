// First-load JS of an App Router route, from the production build's manifests: every script the
// route needs on first load (the root main files plus the entry chunks of each layout and page
// on its path), raw and gzip-compressed. Chunks a page loads later (next/dynamic) are not in
// these lists, which is what makes lazy loading show. Used by the benchmark scripts.
import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

export function firstLoadJs(nextDir: string, appPath: string): { files: number; raw: number; gzip: number } {
  const build = JSON.parse(readFileSync(path.join(nextDir, "build-manifest.json"), "utf8")) as {
    rootMainFiles: string[];
  };
  const manifestFile = path.join(nextDir, "server", "app", appPath, "page_client-reference-manifest.js");
  const source = readFileSync(manifestFile, "utf8");
  const json = source.slice(source.indexOf("= {") + 2).replace(/;\s*$/, "");
  const manifest = Object.values(JSON.parse(`{"m":${json}}`))[0] as {
    entryJSFiles: Record<string, string[]>;
  };
  // The segments on the route's path: root layout, route-group layouts, the page and its boundaries.
  const segments = Object.entries(manifest.entryJSFiles).filter(([entry]) => {
    const segment = entry
      .replace("[project]/app", "")
      .replace(/\/(layout|page|loading|error|not-found)$/, "");
    return `/${appPath}/`.startsWith(`${segment}/`);
  });
  const files = new Set([...build.rootMainFiles, ...segments.flatMap(([, list]) => list)]);
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(path.join(nextDir, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { files: files.size, raw, gzip };
}

// `tsx e2e/first-load-js.ts <.next dir> <app path>...`: print each route's figures.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const [nextDir = ".next", ...routes] = process.argv.slice(2);
  for (const route of routes.length ? routes : ["(portal)/(dashboard)"]) {
    const js = firstLoadJs(nextDir, route);
    console.log(
      `${route}: ${js.files} files, ${(js.raw / 1024).toFixed(1)} kB raw, ${(js.gzip / 1024).toFixed(1)} kB gzip`,
    );
  }
}
