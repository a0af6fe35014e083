/**
 * The command line of every npm command (start, seed, import, analytics:write, seed:synthetic, db:*): options read
 * with node:util's parseArgs in strict mode, `--help` answered before anything else runs (nothing is connected to
 * or written), and an unknown option or a bad value refused with a one-line error.
 */
import { parseArgs } from "node:util";

export interface OptionSpec {
  type: "string" | "boolean";
  multiple?: boolean;
  short?: string;
  default?: string | boolean | string[];
  /** The value's placeholder in the help, for string options. */
  value?: string;
  description: string;
}

export interface CommandSpec {
  /** How the command is run, e.g. "npm run seed --". */
  usage: string;
  /** What it does, one or more lines. */
  summary: string;
  options: Record<string, OptionSpec>;
  /** What the positional arguments are, for the help; none are accepted when unset. */
  positionals?: string;
}

export type Values = Record<string, string | boolean | string[] | undefined>;

/** The help text of a command. */
export function helpText(spec: CommandSpec): string {
  const rows = Object.entries({
    ...spec.options,
    help: { type: "boolean", short: "h", description: "show this help and exit" } as OptionSpec,
  }).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : ""}--${name}${o.type === "string" ? ` ${o.value ?? "VALUE"}` : ""}`;
    const def = o.default !== undefined && o.default !== false && !(Array.isArray(o.default) && !o.default.length);
    return [
      flag,
      `${o.description}${def ? ` (default: ${String(o.default)})` : ""}${o.multiple ? "; repeatable" : ""}`,
    ];
  });
  const width = Math.max(...rows.map(([f]) => f!.length)) + 2;
  return [
    `usage: ${spec.usage} [options]${spec.positionals ? ` ${spec.positionals.split(":")[0]}` : ""}`,
    "",
    spec.summary,
    ...(spec.positionals ? ["", spec.positionals] : []),
    "",
    "options:",
    ...rows.map(([f, d]) => `  ${f!.padEnd(width)}${d}`),
    "",
  ].join("\n");
}

/**
 * Reads the command line: prints the help and exits on --help, prints a one-line error and exits with status 2
 * on an unknown option, a missing value or an unexpected argument.
 */
export function command(
  name: string,
  spec: CommandSpec,
  argv: string[] = process.argv.slice(2),
): { values: Values; positionals: string[] } {
  const options = Object.fromEntries(
    Object.entries(spec.options).map(([k, o]) => [
      k,
      {
        type: o.type,
        ...(o.multiple ? { multiple: true } : {}),
        ...(o.short ? { short: o.short } : {}),
        ...(o.default !== undefined ? { default: o.default } : {}),
      },
    ]),
  );
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: Boolean(spec.positionals),
      options: { ...options, help: { type: "boolean", short: "h" } },
    } as never) as never;
  } catch (e) {
    if (argv.includes("--help") || argv.includes("-h")) {
      process.stdout.write(helpText(spec));
      process.exit(0);
    }
    const message = (e as Error).message.split("\n")[0]!.replace(/\. To specify.*$/, "");
    console.error(`${name}: ${message} (see --help)`);
    process.exit(2);
  }
  if (parsed.values.help) {
    process.stdout.write(helpText(spec));
    process.exit(0);
  }
  return parsed;
}
