/** Benchmark reporting: the machine a figure was measured on, and results written to bench/results/. */
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "../db/local.ts";

export function machine() {
  return {
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
  };
}

export function saveResult(name: string, figures: Record<string, unknown>): void {
  const file = path.join(ROOT, "bench", "results", `${name}.json`);
  writeFileSync(
    file,
    JSON.stringify({ measuredAt: new Date().toISOString(), machine: machine(), ...figures }, null, 2) + "\n",
  );
  console.log(`bench: wrote ${path.relative(ROOT, file)}`);
}

export const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
