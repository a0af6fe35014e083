/**
 * The "Review changes" step of the import dialog in a real headless Chromium against the real server and database:
 * an editor uploads the curated GEXF export edited as in Gephi (a description changed with its source, a tie
 * removed), sees each proposed change with a checkbox and its fields before and after, leaves the removal out and
 * applies: only the kept change is written, and it is in the history. Screenshot in test-artifacts/.
 */
import path from "node:path";
import Graph from "graphology";
import { parse as parseGexf, write as writeGexf } from "graphology-gexf";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applySchema } from "../server/core/connection.ts";
import { readDataset } from "../seed/dataset.ts";
import { loadDataset } from "../seed/load.ts";
import { DATA_DIR } from "../seed/paths.ts";
import { ARTIFACTS, explorerFor, loaded } from "./helpers/explorer.ts";
import type { TestServer } from "./helpers/server.ts";

const EDITOR = "editor-secret-e2e-0123456789";
const SOURCE = "https://example.org/changeset-e2e/report";
const DESCRIPTION = "Edited in Gephi and reviewed in the explorer.";
let api: TestServer;
let page: Page;

const ui = explorerFor({ EDITOR_TOKEN: EDITOR }, { page: { viewport: { width: 1400, height: 900 } } });
beforeAll(() => {
  ({ api, page } = ui);
});
// The curated data as it was, before the explorer's server closes.
afterAll(async () => {
  if (!api) return;
  await applySchema(api.db);
  await loadDataset(api.db, readDataset(DATA_DIR), { reset: true });
});

describe("reviewing an edited export as changes", () => {
  it("lists each change with before and after, and applies only the ones kept", { timeout: 120_000 }, async () => {
    const graph = parseGexf(Graph, await (await fetch(`${api.url}/api/export?format=gexf`)).text());
    const node = graph.filterNodes((_n, a) => a.entity === "Actor")[0]!;
    graph.mergeNodeAttributes(node, {
      description: DESCRIPTION,
      sources: `${String(graph.getNodeAttribute(node, "sources"))} | ${SOURCE}`,
    });
    const removed = graph.findEdge((_e, _a, s, t) => s !== node && t !== node)!;
    const [rs, rt, rtype] = [
      graph.source(removed),
      graph.target(removed),
      String(graph.getEdgeAttribute(removed, "type")),
    ];
    graph.dropEdge(removed);

    await page.goto(`${api.url}/?view=graph`);
    await loaded(page);
    await page.click("#account");
    await page.fill("#sign-in-secret", EDITOR);
    await Promise.all([page.waitForEvent("load"), page.click("#sign-in-form button[type=submit]")]);
    await loaded(page);
    await page.click("#import-open");
    expect(await page.isHidden("#import-review")).toBe(true);
    await page.selectOption("#import-form [name=format]", "gexf");
    expect(await page.isVisible("#import-review")).toBe(true);
    await page.setInputFiles("#import-form [name=file1]", {
      name: "edited.gexf",
      mimeType: "application/gexf+xml",
      buffer: Buffer.from(writeGexf(graph)),
    });
    await page.click("#import-review");
    await page.waitForSelector(".changeset-review", { timeout: 60_000 });

    const items = await page.$$eval(".changeset-list > li", (lis) =>
      lis.map((li) => ({
        id: li.querySelector<HTMLInputElement>("[data-change]")!.dataset.change,
        checked: li.querySelector<HTMLInputElement>("[data-change]")!.checked,
        rows: [...li.querySelectorAll("tbody tr")].map((tr) =>
          [...tr.querySelectorAll("td")].map((td) => td.textContent!.trim()),
        ),
      })),
    );
    expect(items.map((i) => i.id)).toEqual([`remove-relationship:${rs}-${rtype}->${rt}`, `update-entity:${node}`]);
    expect(items.every((i) => i.checked)).toBe(true);
    expect(items[1]!.rows).toContainEqual(["description", expect.any(String), DESCRIPTION]);
    expect(items[1]!.rows.find((r) => r[0] === "sources")![2]).toContain(SOURCE);

    await page.uncheck(`[data-change="remove-relationship:${rs}-${rtype}->${rt}"]`);
    await page.screenshot({ path: path.join(ARTIFACTS, "changeset-review.png") });
    await page.click(".changeset-apply");
    await page.waitForSelector(".changeset-applied", { timeout: 60_000 });
    expect(await page.textContent(".changeset-applied")).toMatch(/^\s*1 changes applied/);

    expect((await api.get(`/api/nodes/${node}`)).body.node.description).toBe(DESCRIPTION);
    const tie = await api.db.readRows("curation/relationship-snapshot", { type: rtype, source: rs, target: rt });
    expect(tie).toHaveLength(1);
    const history = await api.get("/api/changes?limit=1");
    expect(history.body.changes[0]).toMatchObject({ action: "update-entity", target: node, user: "editor" });
  });
});
