/**
 * Every npm command answers --help (without connecting to anything: the database named here does not exist) and
 * refuses an unknown option with a one-line error. The commands start in a few parallel processes once, before the
 * assertions: each start is mostly module loading, which the second core can do while the first waits.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");
// A database that cannot be reached: a command that tried to connect (or write) would fail.
const ENV = { ...process.env, NEO4J_URI: "bolt://127.0.0.1:1", NEO4J_PASSWORD: "unused", ATLAS_AUTO_SEED: "on" };
const PARALLEL = 3;

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

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, args, { cwd: ROOT, env: ENV, timeout: 60_000 });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
    child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

const runs = new Map<string, Run>();

beforeAll(async () => {
  const queue = COMMANDS.flatMap(([, args]) => [
    [...args, "--help"],
    [...args, "--no-such-option"],
  ]);
  const worker = async () => {
    for (let args = queue.shift(); args; args = queue.shift()) runs.set(args.join(" "), await run(args));
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
}, 180_000);

describe.each(COMMANDS)("npm run %s", (_name, args) => {
  it("answers --help with its usage and options, touching nothing", () => {
    const r = runs.get([...args, "--help"].join(" "))!;
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^usage: npm (start|run [a-z:|]+) --/);
    expect(r.stdout).toContain("--help");
    expect(r.stderr).toBe("");
  });

  it("refuses an unknown option with a one-line error", () => {
    const r = runs.get([...args, "--no-such-option"].join(" "))!;
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/Unknown option '--no-such-option'/);
  });
});
