/**
 * The outside tools that read exports in the integration tests: a Python with networkx (3 or later: it reads GEXF
 * 1.3) and python-igraph, xmllint for the GEXF RelaxNG schema, and the Gephi toolkit checker (a Maven module under
 * tests/tools/gephi-check, built on first use). `.ci/run` installs them; a missing one fails the test with what to
 * install.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");
const GEPHI = path.join(ROOT, "tests/tools/gephi-check");

function run(cmd: string, args: string[], what: string, timeout = 300_000): string {
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout, maxBuffer: 64 * 2 ** 20 });
  if (r.error) throw new Error(`${what}: cannot run ${cmd} (${r.error.message}); .ci/run installs it`);
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}):\n${r.stderr.slice(-3000)}`);
  return r.stdout;
}

/** A Python that imports networkx >= 3 and igraph: ATLAS_PYTHON, the project's .atlas/py, or python3. */
export function python(): string {
  const candidates = [process.env.ATLAS_PYTHON, path.join(ROOT, ".atlas/py/bin/python"), "python3", "/usr/bin/python3"];
  for (const c of candidates) {
    if (!c || (c.includes("/") && !existsSync(c))) continue;
    const r = spawnSync(c, ["-c", "import igraph, networkx; assert int(networkx.__version__.split('.')[0]) >= 3"], {
      encoding: "utf8",
    });
    if (r.status === 0) return c;
  }
  throw new Error("no Python with networkx >= 3 and python-igraph: run .ci/run (it makes .atlas/py)");
}

/** What networkx (GEXF, GraphML) and python-igraph (GraphML) read in a file. */
export function pythonReaders(kind: "gexf" | "graphml", file: string): any {
  return JSON.parse(
    run(python(), [path.join(ROOT, "tests/tools/readers.py"), kind, file], `python readers on ${file}`),
  );
}

/** xmllint's RelaxNG validation of a GEXF file against the official GEXF 1.3 grammar: "" when valid, else errors. */
export function gexfSchemaErrors(file: string): string {
  const r = spawnSync("xmllint", ["--noout", "--relaxng", path.join(ROOT, "tests/schema/gexf-1.3/gexf.rng"), file], {
    encoding: "utf8",
    maxBuffer: 64 * 2 ** 20,
  });
  if (r.error) throw new Error(`xmllint: ${r.error.message} (Debian package libxml2-utils)`);
  return r.status === 0 ? "" : r.stderr.slice(0, 4000);
}

/** What Gephi (toolkit 0.10.1, default import settings) loads from a file. */
export function gephi(file: string): {
  nodes: number;
  edges: number;
  positioned: number;
  nodeColumns: Record<string, string>;
  edgeColumns: Record<string, string>;
  edgeKinds: string[];
  issues: string[];
} {
  const jar = path.join(GEPHI, "target/gephi-check-1.0.0.jar");
  if (!existsSync(jar)) execFileSync("mvn", ["-B", "-q", "-ntp", "package", "-DskipTests"], { cwd: GEPHI });
  const cp = `${jar}${path.delimiter}${path.join(GEPHI, "target/lib/*")}`;
  const out = run("java", ["-Xmx1g", "-Djava.awt.headless=true", "-cp", cp, "atlas.GephiCheck", file], "Gephi toolkit");
  return JSON.parse(out.trim().split("\n").at(-1)!);
}
