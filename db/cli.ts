/**
 * npm run db:start | db:stop | db:status — manage the project's local Neo4j (the "main" instance, or another
 * with --instance test|synthetic).
 */
import { instance, LocalDbError, start, status, stop } from "./local.ts";

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  const which = rest.includes("--instance") ? rest[rest.indexOf("--instance") + 1] : "main";
  if (which !== "main" && which !== "test" && which !== "synthetic") {
    throw new LocalDbError(`unknown instance '${which}': use main, test or synthetic`);
  }
  if (process.env.NEO4J_URI && which === "main") {
    console.log(`NEO4J_URI is set (${process.env.NEO4J_URI}): the app uses that server, not a local one.`);
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
      throw new LocalDbError(`unknown command '${command ?? ""}': use start, stop or status`);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof LocalDbError ? `error: ${e.message}` : e);
  process.exit(1);
});
