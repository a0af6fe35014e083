/**
 * The API as a contract: the OpenAPI document the server serves is valid (checked by an OpenAPI validator), names
 * every operation and its answer, its security scheme, its servers and the error body the server sends; and a typed
 * client generated from it (openapi-typescript) compiles and types the answers the explorer reads. No database:
 * the document is built from the route declarations.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { validate } from "@readme/openapi-parser";
import openapiTS, { astToString } from "openapi-typescript";
import pino from "pino";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { apiRoutes } from "../../server/app.ts";
import { loadConfig } from "../../server/core/config.ts";
import { Statements } from "../../server/core/cypher.ts";
import type { Database } from "../../server/core/db.ts";
import { operationOf } from "../../server/core/routes.ts";
import { ErrorBody, OPERATIONS } from "../../shared/api.ts";

const db = { statements: new Statements() } as unknown as Database;
const routes = apiRoutes({ db, config: loadConfig({}), logger: pino({ level: "silent" }) });
const served = routes.find((r) => r.path === "/api/openapi.json")!;
const document = (await served.handler({ query: {}, params: {}, body: {}, req: {} as never, res: {} as never })) as any;
const operations = Object.values(document.paths as Record<string, Record<string, any>>).flatMap((p) =>
  Object.values(p),
);

const dir = mkdtempSync(path.join(os.tmpdir(), "atlas-openapi-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the OpenAPI document", () => {
  it("is valid OpenAPI 3.1", async () => {
    const result = await validate(structuredClone(document));
    expect(result.valid ? [] : result.errors.map((e) => e.message)).toEqual([]);
    expect(document.openapi).toBe("3.1.0");
  });

  it("has an operation id, an answer schema and a security requirement for every route, and servers", () => {
    expect(operations).toHaveLength(routes.length);
    const ids = operations.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of routes) expect(operationOf(r).operationId).toMatch(/^[a-z][A-Za-z]+$/);
    for (const o of operations) {
      const ok = (o.responses["200"] ?? o.responses["201"]).content;
      expect(
        Object.values(ok).every((m: any) => m.schema && Object.keys(m.schema).length > 0),
        o.operationId,
      ).toBe(true);
      expect(o.security, o.operationId).toBeDefined();
    }
    expect(Object.keys(OPERATIONS).sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
    expect(document.servers.length).toBeGreaterThan(0);
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    const write = operations.find((o) => o.operationId === "createEntity");
    expect(write.security).toEqual([{ bearerAuth: [] }]);
  });

  it("describes the error body the server sends, with the parameter at fault", () => {
    const schema = document.components.schemas.Error;
    expect(schema.properties.error.required).toEqual(expect.arrayContaining(["code", "message"]));
    expect(schema.properties.error.properties.parameter.type).toBe("string");
    const sent = {
      error: { code: "invalid_parameter", message: "query parameter 'limit': Too big", parameter: "limit" },
    };
    expect(ErrorBody.parse(sent)).toEqual(sent);
    for (const o of operations)
      expect(o.responses["400"].content["application/json"].schema.$ref).toBe("#/components/schemas/Error");
  });

  it("keeps zod's definitions out of request bodies (every $ref resolves)", () => {
    const text = JSON.stringify(document);
    for (const [, ref] of text.matchAll(/"\$ref":"#\/([^"]+)"/g)) {
      const target = ref!.split("/").reduce((o: any, k) => o?.[k], document);
      expect(target, ref).toBeDefined();
    }
  });

  it("generates a typed client that compiles and types the answers", async () => {
    const generated = astToString(await openapiTS(structuredClone(document)));
    writeFileSync(path.join(dir, "api.d.ts"), generated);
    writeFileSync(
      path.join(dir, "use.ts"),
      `import type { operations, paths } from "./api.d.ts";
type Graph = paths["/api/graph"]["get"]["responses"][200]["content"]["application/json"];
type Hit = operations["search"]["responses"][200]["content"]["application/json"]["results"][number];
export const hit: Hit = { id: "unodc", name: "UNODC", acronym: null, labels: [], sector: "IGO", kind: null, country: null, score: 1 };
export const sectors: operations["getGraph"]["parameters"]["query"] = { sector: ["NGO"] };
export type { Graph };
// @ts-expect-error an unknown sector is refused by the generated types
export const wrong: operations["getGraph"]["parameters"]["query"] = { sector: ["Pirates"] };
`,
    );
    const program = ts.createProgram([path.join(dir, "use.ts")], {
      strict: true,
      noEmit: true,
      allowImportingTsExtensions: true,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      target: ts.ScriptTarget.ES2022,
      skipLibCheck: true,
      types: [],
      lib: ["lib.es2022.d.ts"],
    });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(problems).toEqual([]);
    expect(generated).toContain("getShortestPaths");
  });
});
