/** How the database's failures reach a client: status, code and words (server/core/errors.ts). */
import { Neo4jError } from "neo4j-driver";
import { describe, expect, it } from "vitest";
import { toApiError } from "../../server/core/errors.ts";

const neo4jError = (code: string, extra: Record<string, unknown> = {}) =>
  Object.assign(
    new Neo4jError("the database's own words", code, "50N00", "error: general processing exception"),
    extra,
  );

describe("toApiError", () => {
  it("answers a timed-out statement 504, naming the statement, its limit and its age", () => {
    const e = toApiError(
      neo4jError("Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration", {
        statement: "export/edge-sources",
        limitMs: 15000,
        elapsedMs: 15012,
      }),
    );
    expect(e.status).toBe(504);
    expect(e.code).toBe("query_timeout");
    expect(e.message).toBe("The query export/edge-sources ran past its time limit of 15 s and was stopped.");
    expect(e.details).toEqual({ statement: "export/edge-sources", limitMs: 15000, elapsedMs: 15012 });
  });

  it("tells a lock wait stopped at the limit (504) from one terminated sooner (503)", () => {
    const atLimit = { statement: "seed/entities", limitMs: 2000, elapsedMs: 2100 };
    expect(toApiError(neo4jError("Neo.ClientError.Transaction.LockClientStopped", atLimit)).status).toBe(504);
    const sooner = toApiError(
      neo4jError("Neo.ClientError.Transaction.LockClientStopped", { ...atLimit, elapsedMs: 300 }),
    );
    expect(sooner.status).toBe(503);
    expect(sooner.code).toBe("query_stopped");
    expect(toApiError(neo4jError("Neo.TransientError.Transaction.Terminated")).code).toBe("query_stopped");
  });

  it("answers a deadlock or any other transient failure 503 (ask again), not 500, and keeps the cause for the log", () => {
    for (const code of [
      "Neo.TransientError.Transaction.DeadlockDetected",
      "Neo.TransientError.Transaction.LockAcquisitionTimeout",
    ]) {
      const e = toApiError(neo4jError(code));
      expect(e.status, code).toBe(503);
      expect(e.code).toBe("database_busy");
      expect(e.message).toContain(code.split(".").pop());
      expect(e.message).not.toContain("the database's own words");
      expect(e.cause).toBeInstanceOf(Neo4jError);
    }
  });

  it("keeps a database out of memory a 422, and anything unknown a 500 whose cause is logged, never sent", () => {
    expect(toApiError(neo4jError("Neo.TransientError.General.MemoryPoolOutOfMemoryError")).status).toBe(422);
    const e = toApiError(new Error("a bug"));
    expect(e.status).toBe(500);
    expect(e.message).not.toContain("a bug");
    expect((e.cause as Error).message).toBe("a bug");
  });
});
