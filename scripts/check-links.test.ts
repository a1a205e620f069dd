import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkLinks, extractLinks, isPublicHost } from "./check-links";

const REPO_ROOT = path.resolve(import.meta.dirname, "..");

describe("the repository's documentation", () => {
  it("has no broken, escaping or local links", () => {
    const report = checkLinks(REPO_ROOT);
    expect(report.problems).toEqual([]);
    expect(report.files).toBeGreaterThan(0);
  });
});

describe("checkLinks on fixtures", () => {
  let root: string;

  const fixture = (files: Record<string, string>, options: { git?: boolean } = {}) => {
    root = mkdtempSync(path.join(tmpdir(), "check-links-"));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      writeFileSync(path.join(root, name), text);
    }
    if (options.git) spawnSync("git", ["init", "-q"], { cwd: root });
    return checkLinks(root).problems.map(({ file, line, reason }) => `${file}:${line} ${reason}`);
  };

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("accepts links to existing files, anchors and public URLs", () => {
    expect(
      fixture({
        "README.md": "[guide](docs/guide.md#setup) [top](#top) [site](https://nodejs.org/en)\n",
        "docs/guide.md": "Back to the [README](../README.md) or [root](/README.md).\n",
      }),
    ).toEqual([]);
  });

  it("catches a missing file", () => {
    expect(fixture({ "README.md": "intro\n\nSee [the guide](docs/missing.md).\n" })).toEqual([
      "README.md:3 no such file: docs/missing.md",
    ]);
  });

  it("catches a relative link that leaves the repository", () => {
    expect(fixture({ "docs/a.md": "[notes](../../outside/notes.md)\n" })).toEqual([
      "docs/a.md:1 leaves the repository",
    ]);
  });

  it("catches a scheme other than http(s)", () => {
    expect(fixture({ "SECURITY.md": "[mail](mailto:someone@example.com)\n" })).toEqual([
      "SECURITY.md:1 not an http(s) URL (mailto:)",
    ]);
  });

  it("catches a link to a file that git ignores (a clone would not have it)", () => {
    const problems = fixture(
      { ".gitignore": "local.env\n", "local.env": "X=1\n", "README.md": "[settings](local.env)\n" },
      { git: true },
    );
    expect(problems).toEqual(["README.md:1 git ignores this file"]);
  });

  it("catches local addresses in prose but not in code", () => {
    const problems = fixture({
      "docs/run.md": [
        "Open http://localhost:3000 now.", // bare URL: a link on GitHub
        "Run `curl http://localhost:3000/api/health`.",
        "```bash",
        "curl http://127.0.0.1:3000/partner/orders [x](nowhere.md)",
        "```",
        "[db](http://10.1.2.3/)",
      ].join("\n"),
    });
    expect(problems).toEqual([
      "docs/run.md:1 not a public address (local addresses belong in a code block)",
      "docs/run.md:6 not a public address (local addresses belong in a code block)",
    ]);
  });
});

describe("extractLinks", () => {
  it("finds inline, reference, autolink and HTML links once each", () => {
    const text = '[a](x.md "t") ![i](img.png) <https://example.org> <a href="y.md">y</a>\n[ref]: z.md\n';
    expect(extractLinks(text).map((link) => link.target)).toEqual([
      "x.md",
      "img.png",
      "https://example.org",
      "y.md",
      "z.md",
    ]);
  });
});

describe("isPublicHost", () => {
  it.each([
    ["example.com", true],
    ["8.8.8.8", true],
    ["localhost", false],
    ["127.0.0.1", false],
    ["192.168.1.10", false],
    ["172.20.0.1", false],
    ["[::1]", false],
    ["db-host", false],
  ])("%s -> %s", (host, expected) => {
    expect(isPublicHost(host)).toBe(expected);
  });
});
