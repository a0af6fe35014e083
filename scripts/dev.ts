/**
 * npm run dev: the API server (restarted on change) and Vite's dev server with hot reload, which proxies /api to
 * it. Open http://localhost:5173.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { ROOT } from "../db/local.ts";

const bin = (name: string) => path.join(ROOT, "node_modules", ".bin", name);
const children = [
  spawn(bin("tsx"), ["watch", "scripts/serve.ts"], { cwd: ROOT, stdio: "inherit" }),
  spawn(bin("vite"), [], { cwd: ROOT, stdio: "inherit" }),
];
const stop = () => children.forEach((c) => c.kill("SIGTERM"));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
for (const c of children) c.on("exit", stop);
