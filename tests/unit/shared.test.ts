/**
 * The shared scope codec: one vocabulary for the view's URL and the API. What the explorer writes, the explorer
 * reads back and the API accepts; values the codec drops are values the API refuses.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseStatement, Statements } from "../../server/core/cypher.ts";
import { ScopeQuery } from "../../server/core/scope.ts";
import { parseLibraryQuery } from "../../server/features/queries/library.ts";
import { LibraryQuerySchema } from "../../shared/api.ts";
import { decodeScope, encodeScope, SCOPE_PARAMS, SCOPE_PATTERNS, type ScopeFilters } from "../../shared/filters.ts";
import { REL_TYPES, SECTORS } from "../../shared/model.ts";

const scope = fc.record({
  sectors: fc.uniqueArray(fc.constantFrom(...SECTORS), { maxLength: 3 }),
  relTypes: fc.uniqueArray(fc.constantFrom(...REL_TYPES), { maxLength: 3 }),
  regions: fc.uniqueArray(fc.constantFrom("Europe", "South-Eastern Asia", "Latin America and the Caribbean"), {
    maxLength: 2,
  }),
  countries: fc.uniqueArray(fc.stringMatching(/^[A-Z]{3}$/), { maxLength: 3 }),
  issues: fc.uniqueArray(fc.stringMatching(/^[a-z0-9]+(-[a-z0-9]+)?$/), { maxLength: 3 }),
  datasets: fc.uniqueArray(fc.stringMatching(/^[a-z0-9]+$/), { maxLength: 2 }),
  from: fc.option(fc.integer({ min: 1800, max: 2100 }), { nil: undefined }),
  to: fc.option(fc.integer({ min: 1800, max: 2100 }), { nil: undefined }),
}) satisfies fc.Arbitrary<ScopeFilters>;

describe("the scope codec", () => {
  it("reads back what it writes", () => {
    fc.assert(
      fc.property(scope, (s) => {
        expect(decodeScope(new URLSearchParams(encodeScope(s).toString()))).toEqual(s);
      }),
      { seed: 14, numRuns: 300 },
    );
  });

  it("writes what the API reads as the same scope", () => {
    fc.assert(
      fc.property(scope, (s) => {
        const p = encodeScope(s);
        const parsed = ScopeQuery.parse(Object.fromEntries(p.entries()));
        expect(parsed.sector).toEqual(s.sectors);
        expect(parsed.relType).toEqual(s.relTypes);
        expect(parsed.region).toEqual(s.regions);
        expect(parsed.country).toEqual(s.countries);
        expect(parsed.issue).toEqual(s.issues);
        expect(parsed.dataset).toEqual(s.datasets);
        expect([parsed.from, parsed.to]).toEqual([s.from, s.to]);
      }),
      { seed: 14, numRuns: 300 },
    );
  });

  it("drops the values the API refuses, and reads repeated parameters and the old rel= name", () => {
    const p = new URLSearchParams("sector=NGO,Pirates&sector=IGO&rel=FUNDS&country=FRA,france&from=1200&to=2010");
    expect(decodeScope(p, { relTypes: "rel" })).toMatchObject({
      sectors: ["NGO", "IGO"],
      relTypes: ["FUNDS"],
      countries: ["FRA"],
      from: undefined,
      to: 2010,
    });
    for (const [key, pattern] of Object.entries(SCOPE_PATTERNS)) {
      if (key === "regions") continue; // the API checks regions against the database's
      const name = SCOPE_PARAMS[key as keyof typeof SCOPE_PARAMS];
      for (const v of ["NGO", "MEMBER_OF", "FRA", "forced-labour", "curated", "france", "Pirates", "a b"]) {
        expect(ScopeQuery.safeParse({ [name]: v }).success, `${name}=${v}`).toBe(pattern.test(v));
      }
    }
  });
});

describe("the query library's answer shape", () => {
  it("every library query, as the server reads it, is what shared/api.ts says the API lists", () => {
    const statements = new Statements().under("queries/");
    expect(statements.length).toBeGreaterThan(10);
    for (const s of statements) {
      const { schema: _schema, ...listed } = parseLibraryQuery(s);
      expect(LibraryQuerySchema.safeParse(listed).error, s.name).toBeUndefined();
    }
  });

  it("refuses a parameter of a kind the shared schema does not know (so the check above can fail)", () => {
    const s = parseStatement("queries/x", "// title: T\n// description: D\n// param n: colour = red | C\nRETURN $n");
    expect(() => parseLibraryQuery(s)).toThrow(/malformed parameter line/);
    const listed = { name: "x", title: "T", description: "D", cypher: "", params: [{ name: "n", type: "colour" }] };
    expect(LibraryQuerySchema.safeParse(listed).success).toBe(false);
  });
});
