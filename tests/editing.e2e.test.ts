/**
 * The editor's workflow in a real headless Chromium against the real server and database: sign in, import a small
 * network from CSV files (upload, preview, confirm), edit an actor from its details panel, see the change in the
 * history and revert it, then delete the imported dataset. Screenshots go to test-artifacts/.
 */
import path from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS, explorerFor, loaded } from "./helpers/explorer.ts";
import type { TestServer } from "./helpers/server.ts";

const EDITOR = "editor-secret-e2e-0123456789";
let api: TestServer;
let page: Page;

const ui = explorerFor({ EDITOR_TOKEN: EDITOR }, { page: { viewport: { width: 1400, height: 900 } } });
beforeAll(() => {
  ({ api, page } = ui);
  page.on("dialog", (d) => void d.accept());
});

describe("editing in the explorer", () => {
  it("signs in with an editor token and shows the editor's tools", async () => {
    await page.goto(`${api.url}/?view=graph`);
    await loaded(page);
    expect(await page.isHidden("#import-open")).toBe(true);
    await page.click("#account");
    await page.fill("#sign-in-secret", "wrong-secret-0123456789");
    await page.click("#sign-in-form button[type=submit]");
    await page.waitForSelector("#sign-in-error:has-text('not valid')");
    await page.fill("#sign-in-secret", EDITOR);
    await Promise.all([page.waitForEvent("load"), page.click("#sign-in-form button[type=submit]")]);
    await loaded(page);
    expect(await page.textContent("#account")).toContain("editor (editor)");
    expect(await page.isVisible("#import-open")).toBe(true);
  });

  it("imports a network from two CSV files: mapping from their headers, preview, then confirm", async () => {
    await page.click("#import-open");
    await page.setInputFiles("#import-form [name=file1]", {
      name: "orgs.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("Org,Title,Category\ne2e-shelter,E2E Shelter,NGO\ne2e-fund,E2E Fund,Funder\n"),
    });
    await page.setInputFiles("#import-form [name=file2]", {
      name: "ties.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("From,To,Kind\ne2e-fund,e2e-shelter,FUNDS\n"),
    });
    await page.fill("#import-form [name=dataset]", "e2e-study");
    await page.fill("#import-form [name=defaultSource]", "https://example.org/e2e-study");
    // The edges' From and To are recognised; the nodes' id column is not, so the preview names the problem.
    await page.waitForSelector("[data-map='nodes.id']");
    expect(await page.inputValue("[data-map='edges.source']")).toBe("From");
    await page.click("#import-check");
    await page.waitForSelector("#import-form .error:has-text('no id column')");
    expect(await page.isDisabled("#import-confirm")).toBe(true);

    await page.selectOption("[data-map='nodes.id']", "Org");
    await page.selectOption("[data-map='nodes.name']", "Title");
    await page.selectOption("[data-map='nodes.sector']", "Category");
    await page.selectOption("[data-map='edges.type']", "Kind");
    await page.click("#import-check");
    await page.waitForSelector("#import-preview:has-text('pass every check')");
    expect(await page.textContent("#import-preview")).toMatch(/2\s*nodes.*1\s*relationships/s);
    await page.screenshot({ path: path.join(ARTIFACTS, "import-preview.png") });
    await page.click("#import-confirm");
    await page.waitForURL(/dataset=e2e-study/);
    await loaded(page);
    const order = await page.evaluate(() => (window as any).atlas.visible.nodes.size);
    expect(order).toBe(2);
  });

  it("edits an actor from its panel, and the history reverts it", async () => {
    await page.goto(`${api.url}/?dataset=e2e-study&sel=e2e-shelter`);
    await loaded(page);
    await page.waitForSelector("#panel [data-edit]");
    await page.click("#panel [data-edit]");
    await page.fill("#edit-form [name=name]", "E2E Shelter, renamed");
    await page.fill("#edit-form [name=source]", "https://example.org/renamed");
    await Promise.all([page.waitForEvent("load"), page.click("#edit-form button[type=submit]")]);
    await loaded(page);
    await page.waitForSelector("#panel h2:has-text('E2E Shelter, renamed')");

    await page.click("#panel [data-history]");
    await page.waitForSelector("dialog .history [data-revert]");
    await page.screenshot({ path: path.join(ARTIFACTS, "history.png") });
    await Promise.all([page.waitForEvent("load"), page.click("dialog .history [data-revert]")]);
    await loaded(page);
    await page.waitForSelector("#panel h2");
    expect(await page.textContent("#panel h2")).toBe("E2E Shelter");
  });

  it("deletes the imported dataset from the import dialog", async () => {
    await page.goto(`${api.url}/?dataset=e2e-study`);
    await loaded(page);
    await page.click("#import-open");
    await page.waitForSelector("[data-drop='e2e-study']");
    await page.screenshot({ path: path.join(ARTIFACTS, "import-dialog.png") });
    await Promise.all([page.waitForEvent("load"), page.click("[data-drop='e2e-study']")]);
    await loaded(page);
    expect((await api.get("/api/nodes/e2e-shelter")).status).toBe(404);
  });

  it("signs out, and the session token stops working on the server too", async () => {
    const token = await page.evaluate(() => JSON.parse(sessionStorage.getItem("atlas.session") ?? "null")?.token);
    expect(token).toMatch(/^cas1\./);
    expect((await api.send("GET", "/api/auth/me", { token })).body.user).toBe("editor");
    await Promise.all([page.waitForEvent("load"), page.click("#account")]);
    await loaded(page);
    expect(await page.textContent("#account")).toBe("Sign in");
    const after = await api.send("GET", "/api/auth/me", { token });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe("session_revoked");
  });
});
