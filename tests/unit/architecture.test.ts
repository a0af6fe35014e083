/**
 * The folders' boundaries, read from the import statements: shared/ imports nothing of Node, the DOM or another
 * folder (server, client and seed all import it); the client never reaches into the server; the server never
 * imports the seed loader (seed/ builds on the server's data layer, not the other way round).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

function files(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    return e.isDirectory() ? files(rel) : /\.(ts|mts|mjs)$/.test(e.name) ? [rel] : [];
  });
}

/** Every module a file imports (static and dynamic imports, re-exports), resolved to a path below the root for
 * relative ones. */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), "utf8");
  const specs = [
    ...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']/gms),
    ...text.matchAll(/^\s*import\s+["']([^"']+)["']/gm),
    ...text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g),
  ].map((m) => m[1]!);
  return specs.map((s) => (s.startsWith(".") ? path.relative(ROOT, path.resolve(ROOT, path.dirname(file), s)) : s));
}

const importsFrom = (dir: string) => files(dir).flatMap((f) => importsOf(f).map((i) => ({ file: f, imports: i })));

describe("module boundaries", () => {
  it("reads the imports it checks (so the checks below can fail)", () => {
    expect(importsOf("client/src/graph/build.ts")).toContain("shared/wire.ts");
    expect(importsOf("seed/load.ts")).toContain("server/core/rows.ts");
  });

  it("shared/ imports only shared/ (and zod): no Node, no DOM, no other folder", () => {
    const outside = importsFrom("shared").filter((i) => !i.imports.startsWith("shared/") && i.imports !== "zod");
    expect(outside).toEqual([]);
    for (const f of files("shared"))
      expect(readFileSync(path.join(ROOT, f), "utf8"), f).not.toMatch(/\b(document|window|process)\./);
  });

  it("the client never imports the server, the seed loader or the database launcher", () => {
    const bad = importsFrom("client").filter((i) => /^(server|seed|db)\//.test(i.imports));
    expect(bad).toEqual([]);
  });

  it("the server never imports the seed loader", () => {
    expect(importsFrom("server").filter((i) => i.imports.startsWith("seed/"))).toEqual([]);
  });
});
