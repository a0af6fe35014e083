/** Worker thread job: runs one analytics task. */
import type { SerializedGraph } from "../graph/payload.ts";
import { runTask, type Mode, type Task } from "./tasks.ts";

export const handle = ({ data, mode, task }: { data: SerializedGraph; mode: Mode; task: Task }) =>
  runTask(data, mode, task);
