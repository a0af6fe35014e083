/**
 * Every Cypher statement lives in `cypher/**\/*.cypher`. They are read once at start-up into a name-to-text map
 * (the name is the path below `cypher/` without the extension, e.g. `graph/nodes`); asking for an unknown name
 * throws at once, so a typo fails the first test that touches it rather than a user's request.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const CYPHER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "cypher");

export interface Statement {
  name: string;
  /** The statement without its leading comment block. */
  text: string;
  /** The leading `//` comment lines, without the slashes. */
  header: string[];
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? walk(full) : e.name.endsWith(".cypher") ? [full] : [];
  });
}

export function parseStatement(name: string, source: string): Statement {
  const lines = source.split(/\r?\n/);
  const header: string[] = [];
  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line.startsWith("//")) header.push(line.replace(/^\/\/\s?/, ""));
    else if (line !== "") break;
  }
  return { name, header, text: lines.slice(i).join("\n").trim() };
}

export class Statements {
  private readonly byName: Map<string, Statement>;

  constructor(dir = CYPHER_DIR) {
    this.byName = new Map(
      walk(dir).map((file) => {
        const name = path
          .relative(dir, file)
          .replace(/\\/g, "/")
          .replace(/\.cypher$/, "");
        return [name, parseStatement(name, readFileSync(file, "utf8"))];
      }),
    );
  }

  get(name: string): Statement {
    const s = this.byName.get(name);
    if (!s) throw new Error(`cypher: no statement named '${name}' in ${CYPHER_DIR}`);
    return s;
  }

  /** Statements whose name starts with a folder prefix, e.g. `queries/`. */
  under(prefix: string): Statement[] {
    return [...this.byName.values()]
      .filter((s) => s.name.startsWith(prefix))
      .sort((a, b) => a.name.localeCompare(b.name));
  }
}

/** Splits a multi-statement file (the schema) on `;` at line ends. */
export function splitStatements(text: string): string[] {
  return text
    .split(/;\s*(?:\r?\n|$)/)
    .map((s) =>
      s
        .split(/\r?\n/)
        .filter((l) => !l.trim().startsWith("//"))
        .join("\n")
        .trim(),
    )
    .filter(Boolean);
}
