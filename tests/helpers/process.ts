/** The real server process (`server/main.ts`) against the test Neo4j, for tests that start, stop or kill it. */
import { spawn } from "node:child_process";
import net, { type AddressInfo } from "node:net";
import path from "node:path";
import { inject } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..", "..");

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });

/** Runs the server process against the test Neo4j as an external server; resolves when it serves or exits. */
export function serverProcess(env: Record<string, string>) {
  const creds = inject("neo4j");
  // One process (node with tsx's loader, not the tsx wrapper that forks another), so a kill reaches the server.
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NEO4J_URI: creds.uri,
      NEO4J_USERNAME: creds.username,
      NEO4J_PASSWORD: creds.password,
      LAYOUT_CACHE_DIR: "off",
      ...env,
    },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on("exit", (code) => resolve({ code, stdout, stderr })),
  );
  const serving = new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (stdout.includes("is serving on")) {
        clearInterval(timer);
        resolve();
      }
    }, 100);
    void done.then(() => {
      clearInterval(timer);
      reject(new Error(`the server exited: ${stderr}${stdout}`.slice(0, 2000)));
    });
  });
  return { child, done, serving, output: () => stdout + stderr };
}
