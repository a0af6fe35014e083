import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseStatement, splitStatements, Statements } from "../../server/core/cypher.ts";
import { Tx } from "../../server/core/db.ts";
import { FACET_TYPES, REL_TYPES, type RelType } from "../../shared/model.ts";

describe("cypher statements", () => {
  const statements = new Statements();

  it("loads every statement the API uses and fails fast on an unknown name", () => {
    expect(statements.get("graph/nodes").text).toMatch(/MATCH \(e:Entity\)/);
    expect(() => statements.get("graph/no-such-thing")).toThrow(/no statement named 'graph\/no-such-thing'/);
  });

  it("separates the header comment from the statement", () => {
    const s = parseStatement("x", "// Title\n// Params: $a\n\nMATCH (n) RETURN n\n");
    expect(s.header).toEqual(["Title", "Params: $a"]);
    expect(s.text).toBe("MATCH (n) RETURN n");
  });

  it("splits the schema into statements that are each idempotent", () => {
    const parts = splitStatements(statements.get("schema").text);
    expect(parts.length).toBeGreaterThan(8);
    for (const p of parts) expect(p).toMatch(/IF NOT EXISTS/);
  });

  it("runs statements by name only: Cypher text handed to the database layer is refused", async () => {
    const sent: string[] = [];
    const recorder = { run: async (text: string) => (sent.push(text), { records: [] }) };
    const tx = new Tx(recorder as never, statements);
    await tx.run("graph/exists", { id: "x" });
    expect(sent).toEqual([statements.get("graph/exists").text]);
    await expect(tx.run("MATCH (n {id: 'x'}) RETURN n")).rejects.toThrow(/no statement named/);
    expect(sent).toHaveLength(1);
  });

  it("uses parameters, never string templates, for values: no source file builds Cypher from strings", () => {
    const found = SOURCE_DIRS.flatMap((dir) => tsFiles(path.join(ROOT, dir))).flatMap((file) =>
      cypherBuiltFromStrings(readFileSync(file, "utf8")).map((s) => `${path.relative(ROOT, file)}: ${s}`),
    );
    expect(found).toEqual([]);
  });

  it("recognises Cypher built from strings (so the check above can fail)", () => {
    expect(cypherBuiltFromStrings("const q = `MATCH (n {id: '${id}'}) RETURN n`;")).toHaveLength(1);
    expect(cypherBuiltFromStrings('const q = "MATCH (n) WHERE n.id = " + id;')).toHaveLength(1);
    expect(cypherBuiltFromStrings("db.readRows(`graph/${name}`, { id });")).toEqual([]);
    expect(cypherBuiltFromStrings("const m = `${n} matches the filter`;")).toEqual([]);
  });
});

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const SOURCE_DIRS = ["server", "seed", "scripts", "db", "shared", "bench"];

function tsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" || e.name === "target" ? [] : tsFiles(full);
    return /\.(ts|mts|mjs)$/.test(e.name) ? [full] : [];
  });
}

/** A Cypher clause keyword followed by a pattern or expression, as statements have it. */
const CLAUSE = /\b(MATCH|MERGE|CREATE|RETURN|UNWIND|WHERE|SET|DELETE)\b\s*[(\w$]/;

/** Template literals with interpolations, and string concatenations, whose text reads as Cypher. */
function cypherBuiltFromStrings(source: string): string[] {
  const templates = [...source.matchAll(/`[^`]*`/g)]
    .map((m) => m[0])
    .filter((t) => t.includes("${") && CLAUSE.test(t.replace(/\$\{[^}]*\}/g, "")));
  const concatenations = [...source.matchAll(/(["'])(?:(?!\1).)*\1\s*\+|\+\s*(["'])(?:(?!\2).)*\2/g)]
    .map((m) => m[0])
    .filter((t) => CLAUSE.test(t));
  return [...templates, ...concatenations];
}

describe("relationship types written into .cypher files", () => {
  const statements = new Statements();
  const all = statements.under("");
  const drawn = new Set<string>(REL_TYPES);
  /** Statements that also name some collaboration types on purpose: all but `without`, or exactly `only`. */
  const SUBSETS: Record<string, { without?: RelType[]; only?: RelType[] }> = {
    // Direct ties between actors: membership of a partnership is not a tie between two actors.
    "queries/cross-sector-ties": { without: ["MEMBER_OF"] },
    "queries/sector-bridges": { without: ["MEMBER_OF"] },
    // Taking part in a partnership: member, coordinator or host.
    "queries/agencies-in-mechanisms": { only: ["MEMBER_OF", "COORDINATES", "HOSTS"] },
    "queries/government-bodies": { only: ["MEMBER_OF", "COORDINATES", "HOSTS"] },
    "queries/shared-partnerships": { only: ["MEMBER_OF", "COORDINATES", "HOSTS"] },
    "queries/no-igo-tie": { only: ["MEMBER_OF", "COORDINATES", "HOSTS"] },
  };
  const alternations = (text: string) =>
    [...text.matchAll(/\[\s*\w*\s*:\s*([A-Z_]+(?:\s*\|\s*[A-Z_]+)*)/g)].map((m) => m[1]!.split(/\s*\|\s*/));

  it("names only types of the model", () => {
    const known = new Set<string>([...REL_TYPES, ...FACET_TYPES]);
    for (const s of all)
      for (const types of alternations(s.text)) for (const t of types) expect(known, `${s.name}: ${t}`).toContain(t);
  });

  it("lists every collaboration type where it means all of them, and declared subsets elsewhere", () => {
    let full = 0;
    for (const s of all) {
      for (const types of alternations(s.text).filter((ts) => ts.length > 1 && ts.every((t) => drawn.has(t)))) {
        const subset = SUBSETS[s.name];
        const declared = subset && (subset.only ?? REL_TYPES.filter((t) => !subset.without?.includes(t)));
        const sorted = [...types].sort().join("|");
        const allowed = [[...REL_TYPES], ...(declared ? [declared] : [])].map((ts) => [...ts].sort().join("|"));
        expect(allowed, s.name).toContain(sorted);
        if (sorted === allowed[0]) full++;
      }
    }
    expect(full).toBeGreaterThan(5);
  });

  it("counts the types as the model does where it tests for all of them", () => {
    const counted = all.flatMap((s) =>
      [...s.text.matchAll(/size\(\$relTypes\)\s*=\s*(\d+)/g)].map((m) => [s.name, m[1]]),
    );
    expect(counted.length).toBeGreaterThan(0);
    for (const [name, n] of counted) expect(Number(n), name).toBe(REL_TYPES.length);
  });

  it("declares subsets only for statements that exist", () => {
    for (const name of Object.keys(SUBSETS)) expect(() => statements.get(name)).not.toThrow();
  });
});

describe("scope predicates written into .cypher files", () => {
  const all = new Statements().under("");
  // What shared/filters.ts's edgeMatches says about years, in Cypher: a relationship without years is timeless.
  const YEARS = [
    "($from IS NULL OR r.until IS NULL OR r.until >= $from)",
    "($to IS NULL OR r.since IS NULL OR r.since <= $to)",
  ];
  const squash = (text: string) => text.replace(/\s+/g, " ");

  it("states the relationship-year filter in the same words wherever a scoped statement takes $from or $to", () => {
    // Scoped statements take $relTypes; graph/shortest-paths's $from and $to are node ids.
    const scoped = all.filter((s) => /\$relTypes\b/.test(s.text) && /\$(from|to)\b/.test(s.text));
    expect(scoped.map((s) => s.name).sort()).toEqual(["graph/edges", "graph/neighbors", "graph/nodes"]);
    for (const s of scoped) {
      for (const p of YEARS) expect(squash(s.text), s.name).toContain(p);
      // Every mention of $from is inside one of those predicates: no other wording of the years anywhere.
      expect(squash(s.text).split("$from").length - 1, `${s.name}: $from only in the year filter`).toBe(
        2 * (squash(s.text).split(YEARS[0]!).length - 1),
      );
    }
  });

  it("states the actor filter once in the scoped nodes statement", () => {
    const text = squash(new Statements().get("graph/nodes").text);
    for (const p of ["$sectors", "$countries", "$regions", "$issues", "$datasets"])
      expect(text.split(`size(${p}) = 0`).length - 1, p).toBe(1);
  });
});
