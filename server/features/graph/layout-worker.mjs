// Worker thread entry (plain JS so Node can start it directly): registers the TypeScript loader, then runs the
// layout module, which posts its result back.
import { register } from "tsx/esm/api";

register();
await import("./layout-worker.ts");
