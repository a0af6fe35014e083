/** The part of citation-js (which ships no types) that the reference exports use. */
declare module "@citation-js/core" {
  export class Cite {
    constructor(data: unknown[]);
    format(format: "bibtex" | "ris" | "data", options?: Record<string, unknown>): string;
  }
  export const plugins: { config: { get(name: string): { format: Record<string, unknown> } } };
}
declare module "@citation-js/plugin-bibtex";
declare module "@citation-js/plugin-ris";
