/**
 * Analytics over the subgraph a scope selects: Cypher picks the subgraph, graphology computes in a worker thread,
 * and results are cached per scope, mode, task and data version (so any load or edit invalidates them).
 */
import type { DataVersion } from "../../core/data-version.ts";
import type { Database } from "../../core/db.ts";
import { type Scope, scopeKey } from "../../core/scope.ts";
import { runInWorker } from "../../core/worker.ts";
import { GRAPH_LIMIT, scopedGraph } from "../graph/service.ts";
import type { SerializedGraph } from "../graph/payload.ts";
import type { Mode, Task } from "./tasks.ts";

const CACHE_SIZE = 64;

export interface AnalysisContext {
  scope: Scope;
  mode: Mode;
  data: SerializedGraph;
}

export class Analytics {
  private readonly cache = new Map<string, Promise<unknown>>();
  readonly engine = "graphology";

  constructor(
    private readonly db: Database,
    private readonly version: DataVersion,
  ) {}

  /** Runs `task` on the scoped graph; the answer carries the graph it ran on. */
  async run<T>(scope: Scope, mode: Mode, task: Task): Promise<{ result: T; data: SerializedGraph }> {
    const key = `${await this.version.current()}|${scopeKey(scope)}|${mode}|${JSON.stringify(task)}`;
    let entry = this.cache.get(key) as Promise<{ result: T; data: SerializedGraph }> | undefined;
    if (!entry) {
      entry = (async () => {
        const data = await scopedGraph(this.db, scope, GRAPH_LIMIT.max);
        const result = await runInWorker<T>(new URL("./worker.ts", import.meta.url), { data, mode, task });
        return { result, data };
      })();
      this.cache.set(key, entry);
      entry.catch(() => this.cache.delete(key));
      if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    }
    return entry;
  }
}
