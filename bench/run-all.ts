/** npm run bench: every benchmark in turn. */
import { execFileSync } from "node:child_process";

for (const script of ["bench/seed.bench.ts"]) {
  console.log(`\n== ${script}`);
  execFileSync(process.execPath, ["--import", "tsx", script], { stdio: "inherit" });
}
