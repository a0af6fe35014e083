/**
 * Every npm command answers --help (without connecting to anything: the database named here does not exist) and
 * refuses an unknown option with a one-line error.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");
// A database that cannot be reached: a command that tried to connect (or write) would fail.
const ENV = { ...process.env, NEO4J_URI: "bolt://127.0.0.1:1", NEO4J_PASSWORD: "unused", ATLAS_AUTO_SEED: "on" };

const COMMANDS: [string, string[]][] = [
  ["start", ["scripts/start.ts"]],
  ["seed", ["seed/cli.ts"]],
  ["import", ["scripts/import.ts"]],
  ["analytics:write", ["scripts/analytics-write.ts"]],
  ["seed:synthetic", ["seed/synthetic-cli.ts"]],
  ["db:start", ["db/cli.ts", "start"]],
  ["db:stop", ["db/cli.ts", "stop"]],
  ["db:status", ["db/cli.ts", "status"]],
];

const run = (args: string[]) => spawnSync(TSX, args, { cwd: ROOT, env: ENV, encoding: "utf8", timeout: 30_000 });

describe.each(COMMANDS)("npm run %s", (_name, args) => {
  it("answers --help with its usage and options, touching nothing", () => {
    const r = run([...args, "--help"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^usage: npm (start|run [a-z:|]+) --/);
    expect(r.stdout).toContain("--help");
    expect(r.stderr).toBe("");
  });

  it("refuses an unknown option with a one-line error", () => {
    const r = run([...args, "--no-such-option"]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/Unknown option '--no-such-option'/);
  });
});
