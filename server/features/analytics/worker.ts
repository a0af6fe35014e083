/** Worker thread job: runs one analytics task on a scope's task graph (typed arrays, transferred in). */
import type { TaskGraph } from "./compact.ts";
import { type Mode, runIndexed, type Task, type TaskSettings } from "./tasks.ts";

export const handle = ({
  graph,
  mode,
  task,
  settings,
}: {
  graph: TaskGraph;
  mode: Mode;
  task: Task;
  settings: TaskSettings;
}) => runIndexed(graph, mode, task, settings);
