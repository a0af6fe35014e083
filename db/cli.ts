/**
 * npm run db:start | db:stop | db:status — manage the project's local Neo4j (the "main" instance, or another
 * with --instance test|synthetic); npm run db:build fetches Neo4j and builds its launcher when missing or stale.
 */
import { command as readCommand } from "../scripts/args.ts";
import { ensureBuilt, instance, LocalDbError, start, status, stop } from "./local.ts";

async function main(): Promise<void> {
  const { values, positionals } = readCommand("db", {
    usage: "npm run db:start|db:stop|db:status|db:build --",
    summary: "Starts, stops or reports the project's local Neo4j, or builds its launcher.",
    positionals: "start|stop|status|build: what to do (given by the npm script)",
    options: {
      instance: {
        type: "string",
        default: "main",
        value: "NAME",
        description: "main, test or synthetic",
      },
    },
  });
  if (positionals.length > 1) throw new LocalDbError(`unexpected argument '${positionals[1]}'`);
  const command = positionals[0];
  const which = values.instance as string;
  if (which !== "main" && which !== "test" && which !== "synthetic") {
    throw new LocalDbError(`unknown instance '${which}': use main, test or synthetic`);
  }
  if (process.env.NEO4J_URI && which === "main") {
    console.log(`NEO4J_URI is set (${process.env.NEO4J_URI}): the app uses that server, not a local one.`);
  }
  if (command === "build") {
    ensureBuilt();
    return;
  }
  const inst = instance(which);
  switch (command) {
    case "start": {
      const creds = await start(inst);
      console.log(`Neo4j (${inst.name}) is running at ${creds.uri}`);
      return;
    }
    case "stop":
      console.log((await stop(inst)) ? `Neo4j (${inst.name}) stopped.` : `Neo4j (${inst.name}) was not running.`);
      return;
    case "status": {
      const s = await status(inst);
      console.log(
        s.running
          ? `Neo4j (${inst.name}) is running at ${s.uri} (pid ${s.pid}).`
          : `Neo4j (${inst.name}) is not running.`,
      );
      process.exitCode = s.running ? 0 : 3;
      return;
    }
    default:
      throw new LocalDbError(`unknown command '${command ?? ""}': use start, stop, status or build`);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof LocalDbError ? `error: ${e.message}` : e);
  process.exit(1);
});
