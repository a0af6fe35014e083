/**
 * Text the database may hold: no C0 control characters but tab, line feed and carriage return, no DEL, no
 * noncharacters U+FFFE/U+FFFF and no unpaired surrogates. These are what XML 1.0 forbids (so GEXF and GraphML
 * exports stay well-formed) and what spreadsheets and terminals mangle; no researcher's text needs them.
 */
import { z } from "zod";

// With the u flag a well-formed surrogate pair is one code point, so the surrogate range matches unpaired ones only.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF\uD800-\uDFFF]/u;

/** Names the first forbidden character of `text` and where it is ("U+0001 at character 5"), or null. */
export function forbiddenCharacter(text: string): string | null {
  const m = FORBIDDEN.exec(text);
  if (!m) return null;
  const code = m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
  return `U+${code} at character ${m.index + 1}`;
}

/** A zod string that refuses forbidden characters, naming the first one. */
export const cleanString = () =>
  z.string().superRefine((s, ctx) => {
    const found = forbiddenCharacter(s);
    if (found) ctx.addIssue({ code: "custom", message: `holds a control or non-character (${found})` });
  });
