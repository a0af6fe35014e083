/**
 * Reads a researcher's network files into dataset rows (the shape seed/FORMAT.md describes), without touching the
 * database: CSV (a nodes file and an edges file, with a column mapping), GraphML, GEXF and graphology JSON.
 *
 * Parsing is defensive: files must be UTF-8; XML with a DOCTYPE or entity declarations is refused before any parser
 * sees it (no entity expansion, no external entities), and must be well-formed; every cell has a size limit. Each
 * problem names the file and the line (CSV) or element (XML), and the field.
 */
import { DOMParser } from "@xmldom/xmldom";
import { parse as parseCsv } from "csv-parse/sync";
import Graph from "graphology";
import { parse as parseGexf } from "graphology-gexf";
import { parse as parseGraphml } from "graphology-graphml";
import { PARTNERSHIP_KINDS, REL_TYPES, SECTORS } from "../../core/model.ts";
import { forbiddenCharacter } from "../../core/text.ts";
import type { Raw } from "../../core/records.ts";

export const FORMATS = ["csv", "graphml", "gexf", "json"] as const;
export type ImportFormat = (typeof FORMATS)[number];

/** The fields an imported node or edge can fill, in the dataset files' column names. */
export const NODE_FIELDS = [
  "id",
  "name",
  "entity",
  "acronym",
  "aliases",
  "sector",
  "roles",
  "kind",
  "country",
  "founded",
  "website",
  "description",
  "issues",
  "operates_in",
  "sources",
  "source_titles",
  "secondary",
  "retrieved",
] as const;
export const EDGE_FIELDS = [
  "source",
  "target",
  "type",
  "role",
  "since",
  "until",
  "amount",
  "currency",
  "sources",
  "source_titles",
  "secondary",
  "retrieved",
] as const;
export type NodeField = (typeof NODE_FIELDS)[number];
export type EdgeField = (typeof EDGE_FIELDS)[number];

/** Which column (CSV) or attribute (XML, JSON) holds each field. */
export interface Mapping {
  nodes?: Partial<Record<NodeField, string>>;
  edges?: Partial<Record<EdgeField, string>>;
}

/**
 * Column names recognised without a mapping: this project's own export columns, the dataset files' columns and
 * the usual Gephi spreadsheet headers (Id, Label, Source, Target, Type).
 */
const NODE_ALIASES: Record<NodeField, string[]> = {
  id: ["id", "Id", "ID", "key"],
  name: ["name", "label", "Label", "Name"],
  entity: ["entity"],
  acronym: ["acronym"],
  aliases: ["aliases"],
  sector: ["sector", "Sector"],
  roles: ["roles"],
  kind: ["kind", "partnershipKind"],
  country: ["country", "Country"],
  founded: ["founded"],
  website: ["website"],
  description: ["description"],
  issues: ["issues"],
  operates_in: ["operates_in", "operatesIn"],
  sources: ["sources", "source_urls"],
  source_titles: ["source_titles", "sourceTitles"],
  secondary: ["secondary"],
  retrieved: ["retrieved"],
};
const EDGE_ALIASES: Record<EdgeField, string[]> = {
  source: ["source", "Source"],
  target: ["target", "Target"],
  type: ["type", "relType", "Type", "label", "Label"],
  role: ["role"],
  since: ["since", "start"],
  until: ["until", "end"],
  amount: ["amount"],
  currency: ["currency"],
  sources: ["sources", "source_urls"],
  source_titles: ["source_titles", "sourceTitles"],
  secondary: ["secondary"],
  retrieved: ["retrieved"],
};

export interface Limits {
  /** Longest accepted cell or attribute value, in characters. */
  maxField: number;
  /** Most nodes plus edges accepted in one import. */
  maxElements: number;
}
export const DEFAULT_LIMITS: Limits = { maxField: 10_000, maxElements: 3_000_000 };

export interface Located {
  row: Raw;
  at: string;
}
export interface ParsedFiles {
  nodes: Located[];
  edges: Located[];
  /** Columns or attributes seen, for the mapping step. */
  columns: { nodes: string[]; edges: string[] };
  /** The mapping that was applied (given or recognised). */
  mapping: Required<Mapping>;
  problems: string[];
}

export class ImportError extends Error {
  constructor(
    readonly problems: string[],
    readonly status = 400,
  ) {
    super(problems[0]);
  }
}

/** Decodes bytes as UTF-8, refusing anything else with the line of the first bad byte (a BOM is dropped). */
export function decodeUtf8(name: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const lenient = new TextDecoder("utf-8").decode(bytes);
    const bad = lenient.indexOf("\uFFFD");
    const line = lenient.slice(0, Math.max(0, bad)).split("\n").length;
    throw new ImportError([`${name}:${line}: not UTF-8 text; save the file as UTF-8 and upload it again`]);
  }
}

/** Refuses DOCTYPE and entity declarations, then checks well-formedness with a strict parser. */
export function checkXml(name: string, text: string): void {
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) {
    throw new ImportError([
      `${name}: DOCTYPE and entity declarations are not accepted (no entity expansion, no external entities); remove the <!DOCTYPE …> block`,
    ]);
  }
  const errors: string[] = [];
  const onError = (level: string) => (msg: string) => {
    errors.push(`${level}: ${String(msg).split("\n")[0]}`);
  };
  const doc = new DOMParser({
    locator: {},
    errorHandler: { warning: () => undefined, error: onError("error"), fatalError: onError("fatal") },
  }).parseFromString(text, "text/xml");
  if (errors.length > 0 || !doc.documentElement) {
    throw new ImportError([`${name}: not well-formed XML (${errors[0] ?? "no root element"})`]);
  }
  // xmldom tolerates a missing closing tag at the end of the document: check that the root element is closed.
  const root = doc.documentElement.tagName;
  if (!new RegExp(`</(?:[A-Za-z_][\\w.-]*:)?${root.split(":").pop()}\\s*>\\s*$`).test(text.trimEnd())) {
    throw new ImportError([
      `${name}: not well-formed XML (the document ends before </${root}>; is the file truncated?)`,
    ]);
  }
}

/** Cells a spreadsheet would run as a formula (=, +, @, a minus before a letter or bracket, leading tab or CR). */
const FORMULA = /^(?:[=@]|[+-]\s*[A-Za-z(]|[\t\r])/;

const cell = (v: unknown): string =>
  v === null || v === undefined ? "" : Array.isArray(v) ? v.map(String).join("|") : String(v);

/** The mapping to apply: the given one, completed by recognised names among the columns present. */
function resolveMapping<F extends string>(
  given: Partial<Record<F, string>> | undefined,
  aliases: Record<F, string[]>,
  columns: string[],
  where: string,
  problems: string[],
): Partial<Record<F, string>> {
  const out: Partial<Record<F, string>> = {};
  for (const field of Object.keys(aliases) as F[]) {
    const chosen = given?.[field];
    if (chosen !== undefined && chosen !== "") {
      if (!columns.includes(chosen))
        problems.push(`${where}: mapping for '${field}' names column '${chosen}', which the file does not have`);
      else out[field] = chosen;
      continue;
    }
    const found = aliases[field].find((a) => columns.includes(a));
    if (found) out[field] = found;
  }
  return out;
}

function mapRow<F extends string>(
  record: Record<string, unknown>,
  mapping: Partial<Record<F, string>>,
  at: string,
  limits: Limits,
  problems: string[],
): Raw {
  const row: Raw = {};
  for (const [field, column] of Object.entries(mapping) as [F, string][]) {
    const value = cell(record[column]).trim();
    if (value.length > limits.maxField) {
      problems.push(`${at}: field '${field}': ${value.length} characters, more than the limit of ${limits.maxField}`);
      continue;
    }
    const forbidden = forbiddenCharacter(value);
    if (forbidden) {
      problems.push(`${at}: field '${field}': holds a control or non-character (${forbidden})`);
      continue;
    }
    if (FORMULA.test(value)) {
      problems.push(
        `${at}: field '${field}': '${value.slice(0, 40)}' looks like a spreadsheet formula; formulas are not accepted`,
      );
      continue;
    }
    row[field] = value;
  }
  return row;
}

function readCsvFile(
  name: string,
  text: string,
  problems: string[],
): { header: string[]; records: { record: Record<string, string>; line: number }[] } {
  try {
    const records = parseCsv(text, {
      columns: true,
      skip_empty_lines: true,
      bom: true,
      info: true,
      trim: true,
      max_record_size: 1_000_000,
    }) as { record: Record<string, string>; info: { lines: number } }[];
    const header = Object.keys(records[0]?.record ?? {});
    if (header.length === 0) {
      const first = text.split(/\r?\n/, 1)[0] ?? "";
      return { header: first.split(",").map((h) => h.trim()), records: [] };
    }
    return { header, records: records.map((r) => ({ record: r.record, line: r.info.lines })) };
  } catch (e) {
    const err = e as Error & { lines?: number };
    problems.push(
      `${name}${err.lines ? `:${err.lines}` : ""}: not valid CSV (${err.message.replace(/^Invalid Record Length: /, "")})`,
    );
    return { header: [], records: [] };
  }
}

/** Nodes and edges from a nodes CSV and an edges CSV. */
export function fromCsv(
  nodesFile: { name: string; text: string },
  edgesFile: { name: string; text: string } | null,
  mapping: Mapping,
  limits = DEFAULT_LIMITS,
): ParsedFiles {
  const problems: string[] = [];
  const n = readCsvFile(nodesFile.name, nodesFile.text, problems);
  const e = edgesFile ? readCsvFile(edgesFile.name, edgesFile.text, problems) : { header: [], records: [] };
  const nodeMap = resolveMapping(mapping.nodes, NODE_ALIASES, n.header, nodesFile.name, problems);
  const edgeMap = edgesFile ? resolveMapping(mapping.edges, EDGE_ALIASES, e.header, edgesFile.name, problems) : {};
  if (!nodeMap.id) problems.push(`${nodesFile.name}:1: no id column (map one, or name a column 'id')`);
  if (edgesFile && (!edgeMap.source || !edgeMap.target))
    problems.push(
      `${edgesFile.name}:1: edges need a source and a target column (map them, or name them 'source' and 'target')`,
    );
  if (n.records.length + e.records.length > limits.maxElements)
    problems.push(
      `${nodesFile.name}: ${n.records.length + e.records.length} nodes and edges, more than the limit of ${limits.maxElements}`,
    );
  if (problems.length)
    return {
      nodes: [],
      edges: [],
      columns: { nodes: n.header, edges: e.header },
      mapping: { nodes: nodeMap, edges: edgeMap },
      problems,
    };
  return {
    nodes: n.records.map(({ record, line }) => {
      const at = `${nodesFile.name}:${line}`;
      return { row: mapRow(record, nodeMap, at, limits, problems), at };
    }),
    edges: e.records.map(({ record, line }) => {
      const at = `${edgesFile!.name}:${line}`;
      return { row: mapRow(record, edgeMap, at, limits, problems), at };
    }),
    columns: { nodes: n.header, edges: e.header },
    mapping: { nodes: nodeMap, edges: edgeMap },
    problems,
  };
}

/** Nodes and edges from a graph file (GraphML, GEXF, graphology JSON); node keys are ids, attributes are columns. */
export function fromGraphFile(
  file: { name: string; text: string },
  format: Exclude<ImportFormat, "csv">,
  mapping: Mapping,
  limits = DEFAULT_LIMITS,
): ParsedFiles {
  let graph: Graph;
  if (format === "json") {
    try {
      graph = Graph.from(JSON.parse(file.text), { multi: true, type: "mixed" } as never);
    } catch (e) {
      throw new ImportError([`${file.name}: not a graphology JSON graph (${(e as Error).message.split("\n")[0]})`]);
    }
  } else {
    checkXml(file.name, file.text);
    try {
      graph =
        format === "gexf"
          ? parseGexf(Graph, file.text, { addMissingNodes: false })
          : parseGraphml(Graph, file.text, { addMissingNodes: false });
    } catch (e) {
      throw new ImportError([
        `${file.name}: not a ${format === "gexf" ? "GEXF" : "GraphML"} graph (${(e as Error).message.split("\n")[0]})`,
      ]);
    }
  }
  const problems: string[] = [];
  if (graph.order + graph.size > limits.maxElements)
    throw new ImportError([
      `${file.name}: ${graph.order + graph.size} nodes and edges, more than the limit of ${limits.maxElements}`,
    ]);
  const nodeCols = new Set<string>(["key"]);
  graph.forEachNode((_n, a) => Object.keys(a).forEach((k) => nodeCols.add(k)));
  const edgeCols = new Set<string>(["source", "target"]);
  graph.forEachEdge((_e, a) => Object.keys(a).forEach((k) => edgeCols.add(k)));
  const nodeMap = resolveMapping(mapping.nodes, { ...NODE_ALIASES, id: ["key"] }, [...nodeCols], file.name, problems);
  const edgeMap = resolveMapping(
    mapping.edges,
    { ...EDGE_ALIASES, source: ["source"], target: ["target"] },
    [...edgeCols],
    file.name,
    problems,
  );
  const nodes: Located[] = [];
  graph.forEachNode((key, a) => {
    const at = `${file.name}: node '${key.slice(0, 80)}'`;
    nodes.push({ row: mapRow({ ...a, key }, nodeMap, at, limits, problems), at });
  });
  const edges: Located[] = [];
  graph.forEachEdge((key, a, source, target) => {
    const at = `${file.name}: edge '${key.slice(0, 80)}'`;
    edges.push({ row: mapRow({ ...a, source, target }, edgeMap, at, limits, problems), at });
  });
  return {
    nodes,
    edges,
    columns: { nodes: [...nodeCols], edges: [...edgeCols] },
    mapping: { nodes: nodeMap, edges: edgeMap },
    problems,
  };
}

const SECTOR_BY_LOWER = new Map<string, string>(SECTORS.map((s) => [s.toLowerCase(), s]));
const KIND_BY_LOWER = new Map<string, string>(PARTNERSHIP_KINDS.map((k) => [k.toLowerCase(), k]));

/** Normalises an imported id to the project's slug form (`Alice Smith` → `alice-smith`). */
export const slugId = (s: string) =>
  s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");

export interface Defaults {
  /** Source URL for rows that have none (e.g. the paper the network comes from). */
  source?: string;
  /** Retrieval date for rows that have none. */
  retrieved: string;
  /** Sector for actors when no sector column is mapped. */
  sector: string;
  /** Relationship type when no type column is mapped. */
  type: string;
}

/**
 * Fills defaults and tidies values researchers' files commonly vary on (case of sectors and types, ids with
 * capitals or spaces), so the dataset row checks see the canonical form. Returns how ids were renamed.
 */
export function normalise(parsed: ParsedFiles, defaults: Defaults): { renamed: Map<string, string> } {
  const renamed = new Map<string, string>();
  const slug = (raw: string | undefined) => {
    if (!raw) return raw;
    const s = slugId(raw);
    if (s && s !== raw) renamed.set(raw, s);
    return s || raw;
  };
  const owners = new Map<string, string>();
  for (const { row, at } of parsed.nodes) {
    const original = row.id;
    row.id = slug(row.id);
    if (row.id && original && owners.has(row.id) && owners.get(row.id) !== original)
      parsed.problems.push(`${at}: field 'id': '${original}' and '${owners.get(row.id)}' both become id '${row.id}'`);
    else if (row.id && original) owners.set(row.id, original);
    if (parsed.mapping.nodes.sector === undefined) row.sector = defaults.sector;
    else if (row.sector) row.sector = SECTOR_BY_LOWER.get(row.sector.toLowerCase()) ?? row.sector;
    if (row.kind) row.kind = KIND_BY_LOWER.get(row.kind.toLowerCase()) ?? row.kind;
    if (row.country) row.country = row.country.toUpperCase();
    if (row.operates_in) row.operates_in = row.operates_in.toUpperCase();
    if (!row.sources && defaults.source) row.sources = defaults.source;
    if (!row.retrieved) row.retrieved = defaults.retrieved;
    if (!row.name) row.name = original;
  }
  for (const { row } of parsed.edges) {
    row.source = slug(row.source);
    row.target = slug(row.target);
    if (parsed.mapping.edges.type === undefined || !row.type) row.type = row.type || defaults.type;
    else {
      const t = row.type.toUpperCase().replace(/[\s-]+/g, "_");
      row.type = (REL_TYPES as readonly string[]).includes(t) ? t : row.type;
    }
    if (!row.sources && defaults.source) row.sources = defaults.source;
    if (!row.retrieved) row.retrieved = defaults.retrieved;
  }
  return { renamed };
}

/** Whether a node row is a partnership: an explicit `entity` column, or a partnership kind. */
export const isPartnership = (row: Raw) =>
  row.entity
    ? row.entity.toLowerCase() === "partnership"
    : Boolean(row.kind && KIND_BY_LOWER.has(row.kind.toLowerCase()));
