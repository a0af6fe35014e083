/** The release is named alike everywhere it is stated: package.json, CITATION.cff and the changelog's latest release. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");

describe("the release's version", () => {
  it("is the same in package.json, package-lock.json, CITATION.cff and the changelog's latest release", () => {
    const version = (JSON.parse(read("package.json")) as { version: string }).version;
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    expect((JSON.parse(read("package-lock.json")) as { version: string }).version).toBe(version);
    expect(/^version: "([^"]+)"$/m.exec(read("CITATION.cff"))?.[1]).toBe(version);
    const released = [...read("CHANGELOG.md").matchAll(/^## \[(\d+\.\d+\.\d+)\](?: - (\d{4}-\d{2}-\d{2}))?$/gm)];
    expect(released[0]?.[1]).toBe(version);
    // A dated release, dated as CITATION.cff dates it.
    expect(released[0]?.[2]).toBe(/^date-released: "([^"]+)"$/m.exec(read("CITATION.cff"))?.[1]);
  });
});
