/** CSV safety, shared with the explorer's own CSV downloads (shared/csv-cell.ts). */
export { safeCell } from "../../shared/csv-cell.ts";
