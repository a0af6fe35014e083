/**
 * npm start: builds the client when it is missing or older than its sources, then runs the server (which starts
 * the local Neo4j when NEO4J_URI is unset, applies the schema and seeds an empty database).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { ROOT } from "../db/local.ts";
import { command } from "./args.ts";

command("start", {
  usage: "npm start --",
  summary:
    "Builds the client when needed and serves the explorer and the API (settings from the environment: see the\n" +
    "README's configuration table). With NEO4J_URI unset it runs the project's own Neo4j and loads the curated\n" +
    "dataset into it when empty; an external Neo4j is only read unless ATLAS_AUTO_SEED=on.",
  options: {},
});

function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { withFileTypes: true }).reduce((max, e) => {
    const full = path.join(dir, e.name);
    return Math.max(max, e.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }, 0);
}

const built = path.join(ROOT, "dist", "client", "index.html");
const clientDir = path.join(ROOT, "client");
if (existsSync(clientDir) && (!existsSync(built) || statSync(built).mtimeMs < newestMtime(clientDir))) {
  console.error("atlas: building the client…");
  execFileSync(
    process.execPath,
    [path.join(ROOT, "node_modules", "vite", "bin", "vite.js"), "build", "--logLevel", "warn"],
    {
      cwd: ROOT,
      stdio: "inherit",
    },
  );
}

// Loaded after the options are read: `--help` answers without loading the server.
const { serve } = await import("./serve.ts");
serve().catch((e: unknown) => {
  console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
