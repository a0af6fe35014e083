/**
 * npm run analytics:write -- --metric pagerank [--metric community]: computes analyses over the whole network and
 * writes them onto the nodes as properties (`pagerank`, `betweenness`, …, `community`) for use in Cypher.
 */
import { CENTRALITY_METRICS, type CentralityMetric } from "../shared/model.ts";
import { command } from "./args.ts";

const ALLOWED = [...CENTRALITY_METRICS, "community"] as const;

async function main() {
  const { values } = command("analytics:write", {
    usage: "npm run analytics:write --",
    summary: "Computes analyses over the whole network and writes them onto the nodes as properties.",
    options: {
      metric: {
        type: "string",
        multiple: true,
        default: [],
        value: "NAME",
        description: `one of ${ALLOWED.join(", ")}`,
      },
    },
  });
  const metrics = values.metric as string[];
  if (metrics.length === 0) throw new Error(`analytics:write: give --metric NAME (one of ${ALLOWED.join(", ")})`);
  for (const m of metrics) {
    if (!(ALLOWED as readonly string[]).includes(m))
      throw new Error(`analytics:write: unknown metric '${m}' (one of ${ALLOWED.join(", ")})`);
  }
  // Loaded once the command line is read: --help and a refused option answer without loading the database layer.
  const [{ loadConfig }, { connect }, { DataVersion }, { ScopeQuery }, { Analytics }] = await Promise.all([
    import("../server/core/config.ts"),
    import("../server/core/connection.ts"),
    import("../server/core/data-version.ts"),
    import("../server/core/scope.ts"),
    import("../server/features/analytics/service.ts"),
  ]);
  const db = await connect(loadConfig(), { startLocal: true });
  try {
    const analytics = new Analytics(db, new DataVersion(db));
    const scope = ScopeQuery.parse({});
    for (const metric of metrics) {
      const values =
        metric === "community"
          ? (
              await analytics.run<{ communities: Record<string, number> }>(scope, "stored", {
                kind: "communities",
                resolution: 1,
                seed: 1,
              })
            ).result.communities
          : (
              await analytics.run<{ values: Record<string, number> }>(scope, "stored", {
                kind: "centrality",
                metric: metric as CentralityMetric,
                seed: 1,
              })
            ).result.values;
      const rows = Object.entries(values).map(([id, value]) => ({ id, props: { [metric]: value } }));
      for (let i = 0; i < rows.length; i += 5000) {
        await db.write((tx) => tx.run("analytics/write", { rows: rows.slice(i, i + 5000) }));
      }
      console.log(`analytics:write: wrote ${metric} on ${rows.length} nodes`);
    }
  } finally {
    await db.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
