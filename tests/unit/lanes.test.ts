import { describe, expect, it } from "vitest";
import { ApiError } from "../../server/core/errors.ts";
import { Lane } from "../../server/core/lanes.ts";

const tick = () => new Promise((r) => setTimeout(r, 5));

describe("lanes", () => {
  it("runs at most `concurrency` tasks, queues the next in order, refuses past the queue", async () => {
    const lane = new Lane("test", { concurrency: 2, queue: 1, maxWaitMs: 10_000 });
    const order: string[] = [];
    const a = await lane.acquire();
    const b = await lane.acquire();
    expect(lane.active).toBe(2);
    const c = lane.acquire().then((release) => {
      order.push("c");
      return release;
    });
    await tick();
    expect(lane.queued).toBe(1);
    const refused = await lane.acquire().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).status).toBe(503);
    expect((refused as ApiError).code).toBe("busy");
    expect(order).toEqual([]);
    a();
    a(); // giving a place back twice frees it once
    const releaseC = await c;
    expect(order).toEqual(["c"]);
    expect(lane.active).toBe(2);
    b();
    releaseC();
    expect(lane.active).toBe(0);
    expect(lane.refused).toBe(1);
  });

  it("refuses a task that waited longer than maxWaitMs", async () => {
    const lane = new Lane("test", { concurrency: 1, queue: 5, maxWaitMs: 20 });
    const hold = await lane.acquire();
    const waited = await lane.acquire().catch((e: unknown) => e);
    expect((waited as ApiError).code).toBe("busy");
    expect((waited as ApiError).message).toMatch(/waited 0.02 s/);
    expect(lane.queued).toBe(0);
    hold();
    expect(await lane.run(async () => 42)).toBe(42);
    expect(lane.active).toBe(0);
  });
});
