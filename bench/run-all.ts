/** npm run bench: every benchmark in turn (each prints its figures and writes bench/results/NAME.json). */
import { execFileSync } from "node:child_process";

const SCRIPTS: [string, string[]][] = [
  ["bench/seed.bench.ts", []],
  ["bench/import.bench.ts", ["--max-old-space-size=8192"]],
  ["bench/analytics.bench.ts", ["--expose-gc"]],
  ["bench/client.bench.ts", []],
  ["bench/load.bench.ts", []],
  ["bench/isolation.bench.ts", []],
  ["bench/overhead.bench.ts", []],
];

for (const [script, flags] of SCRIPTS) {
  console.log(`\n== ${script}`);
  execFileSync(process.execPath, [...flags, "--import", "tsx", script], { stdio: "inherit" });
}
