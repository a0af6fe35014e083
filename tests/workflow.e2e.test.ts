/**
 * The researcher's workflow around the graph, in a real headless Chromium against the real server and database:
 * the explorer rides out the database going away (says so, retries, loads when it is back), the history says what
 * changed, the tool explains itself (help, first-visit hint, copy link, zoom buttons), and views can be saved,
 * compared and printed. Screenshots go to test-artifacts/.
 */
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instance, start, stop } from "../db/local.ts";
import { ARTIFACTS, explorerFor, loaded } from "./helpers/explorer.ts";
import type { TestServer } from "./helpers/server.ts";

const EDITOR = "editor-secret-workflow-0123456789";
let api: TestServer;
let page: Page;

const ui = explorerFor({ EDITOR_TOKEN: EDITOR });
beforeAll(() => {
  ({ api, page } = ui);
});
afterAll(async () => {
  await start(instance("test"));
});

const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `workflow-${name}.png`) });

describe("the database away and back", () => {
  it("says it is retrying, shows it in the search, and loads the graph once the database returns", async () => {
    await stop(instance("test"));
    await page.goto(api.url);
    await page.waitForSelector("#message:has-text('retrying in')", { timeout: 20_000 });
    expect(await page.textContent("#message .text")).toMatch(/database is not reachable right now; retrying in \d+ s…/);
    expect(await page.isVisible("#message [data-retry]")).toBe(true);
    expect(await page.isVisible("#message .close")).toBe(true);
    expect(await page.evaluate(() => (window as any).atlas.status.loaded)).toBe(false);

    // The search says why it has nothing, instead of an empty dropdown.
    await page.fill("#search", "ilo");
    await page.waitForSelector("#search-results li.note:has-text('database is not reachable')", { timeout: 10_000 });
    await shot("database-down");

    // Neo4j takes from seconds to minutes to come back on a busy machine; the page waits on its own meanwhile.
    await start(instance("test"));
    await loaded(page, 240_000);
    expect(await page.isHidden("#message")).toBe(true);
    expect(await page.evaluate(() => (window as any).atlas.graph.order)).toBeGreaterThan(100);
    // The same search answers now.
    await page.fill("#search", "");
    await page.fill("#search", "ilo");
    await page.waitForSelector("#search-results li[data-i]", { timeout: 20_000 });
    expect(await page.textContent("#search-results")).toMatch(/International Labour Organization/);
  }, 420_000);
});

/** The visible controls whose centre (inside the window) is covered by something else. */
const coveredControls = (p: Page) =>
  p.evaluate(() =>
    [
      ...document.querySelectorAll<HTMLElement>(
        ".top button:not([hidden]), .top select, .top input, #zoom button, .filters input, .filters select",
      ),
    ]
      .filter((el) => el.offsetParent !== null)
      .filter((el) => {
        const r = el.getBoundingClientRect();
        const x = r.left + r.width / 2;
        const y = r.top + r.height / 2;
        if (y > window.innerHeight || x > window.innerWidth) return false;
        const top = document.elementFromPoint(x, y);
        return !(top && (top === el || el.contains(top) || top.contains(el) || top.closest("label")?.contains(el)));
      })
      .map((el) => el.id || el.textContent || el.outerHTML.slice(0, 60)),
  );

describe("the tool explains itself", () => {
  it("shows a first-visit hint once, a help panel with the glossary, and zoom buttons, all usable at 1024×768", async () => {
    await page.setViewportSize({ width: 1024, height: 768 });
    // The zoom buttons belong to the actor graph (hidden over the cluster overview, the bare address's view).
    await page.goto(`${api.url}/?view=graph`);
    await loaded(page);
    await page.waitForSelector("#hint:has-text('New here?')");
    await page.click("#hint [data-dismiss]");
    expect(await page.isHidden("#hint")).toBe(true);
    await page.reload();
    await loaded(page);
    expect(await page.isHidden("#hint"), "a dismissed hint stays dismissed").toBe(true);

    await page.click("#help-open");
    await page.waitForSelector("#help:not([hidden])");
    const help = (await page.textContent("#help"))!;
    for (const term of ["Directory", "Analysis", "Intergovernmental (IGO)", "funding", "Betweenness", "Louvain"])
      expect(help).toContain(term);
    expect(await coveredControls(page), "controls covered with the help open at 1024×768").toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, "workflow-help-1024.png") });
    await page.keyboard.press("Escape");
    expect(await page.isHidden("#help")).toBe(true);
    await page.keyboard.press("?");
    expect(await page.isVisible("#help")).toBe(true);
    await page.click("#help .close");
    expect(await page.isHidden("#help")).toBe(true);

    // The camera animates: wait (on a busy machine, a while) until it has got where each button sends it.
    const ratio = () => page.evaluate(() => (window as any).atlas.renderer.getCamera().ratio as number);
    const until = (test: string, arg: number) =>
      page.waitForFunction(
        ([t, x]) => {
          const r = (window as any).atlas.renderer.getCamera().ratio as number;
          return t === "below" ? r < x : t === "above" ? r > x : Math.abs(r - x) < 0.01;
        },
        [test, arg] as const,
        { timeout: 10_000 },
      );
    const start = await ratio();
    await page.click("#zoom [data-zoom=in]");
    await until("below", start * 0.9);
    await page.click("#zoom [data-zoom=out]");
    await until("above", start * 0.9);
    await page.click("#zoom [data-zoom=out]");
    await until("above", start * 1.1);
    await page.click("#zoom [data-zoom=fit]");
    await until("near", 1);
    expect(await ratio()).toBeCloseTo(1, 1);

    await page.setViewportSize({ width: 1440, height: 900 });
    await page.click("#help-open");
    expect(await coveredControls(page), "controls covered with the help open at 1440×900").toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, "workflow-help-1440.png") });
    await page.click("#help .close");
  });

  it("copies the link of the view, and the link reopens the same view", async () => {
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: api.url });
    await page.check("#filter-sector input[value=NGO]");
    await page.fill("#search", "La Strada Moldova");
    await page.waitForSelector("#search-results li[data-i]");
    await page.keyboard.press("Enter");
    await page.waitForSelector('#panel[data-loaded="true"]');
    await page.click("#copy-link");
    await page.waitForSelector("#copy-link:has-text('Link copied')");
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    // The address of the view (where the camera looks is saved into it a moment after it moves).
    const withoutCamera = (u: string) => {
      const url = new URL(u);
      url.searchParams.delete("cam");
      return url.href;
    };
    expect(withoutCamera(copied)).toBe(withoutCamera(page.url()));
    const before = await page.evaluate(() => (window as any).atlas.state);

    await page.goto("about:blank");
    await page.goto(copied);
    await loaded(page);
    await page.waitForSelector('#panel[data-loaded="true"]');
    const after = await page.evaluate(() => (window as any).atlas.state);
    expect(after.filters.sectors).toEqual(["NGO"]);
    expect(after.selected).toBe("la-strada-moldova");
    expect({ ...after, camera: undefined }).toEqual({ ...before, camera: undefined });
    expect(page.url()).toBe(copied);
    expect(await page.textContent("#panel h2")).toBe("La Strada Moldova");
  });
});

describe("history says what changed", () => {
  it("edits aliases, issues and countries of operation by name, and shows each field's before and after", async () => {
    await page.goto(api.url);
    await loaded(page);
    await page.click("#account");
    await page.fill("#sign-in-secret", EDITOR);
    await Promise.all([page.waitForEvent("load"), page.click("#sign-in-form button[type=submit]")]);
    await page.goto(`${api.url}/?sel=la-strada-moldova`);
    await loaded(page);
    await page.waitForSelector("#panel [data-edit]");
    const oldName = (await page.textContent("#panel h2"))!;
    await page.click("#panel [data-edit]");
    await page.waitForSelector("#edit-form");

    // An unknown country typed by name is refused beside the picker; the server's field errors name the field.
    await page.fill("#edit-form [data-picker=operates-in]", "Atlantis");
    await page.click("#edit-form [data-add]");
    expect(await page.textContent("#edit-form .country-picker .error")).toMatch(/not a country name/);
    await page.fill("#edit-form [name=name]", "");
    await page.fill("#edit-form [name=source]", "https://example.org/workflow");
    await page.click("#edit-form button[type=submit]");
    await page.waitForSelector("#edit-form p.error:has-text('name')");
    expect(await page.getAttribute("#edit-form [name=name]", "class")).toContain("invalid");

    await page.fill("#edit-form [name=name]", `${oldName}, renamed`);
    await page.fill("#edit-form [name=aliases]", "LSM\nLa Strada Chisinau");
    await page.fill("#edit-form [data-picker=operates-in]", "Kenya");
    await page.click("#edit-form [data-add]");
    await page.waitForSelector("#edit-form .chip[data-code=KEN]");
    const issue = page
      .locator("#edit-form [data-field=issues] label")
      .filter({ has: page.locator("input:not(:checked)") });
    const issueName = (await issue.first().textContent())!.trim();
    await issue.first().locator("input").check();
    await Promise.all([page.waitForEvent("load"), page.click("#edit-form button[type=submit]")]);
    await loaded(page);
    await page.waitForSelector(`#panel h2:has-text('${oldName}, renamed')`);

    await page.click("#panel [data-history]");
    await page.waitForSelector("dialog .history li[data-field=name]");
    const field = async (f: string) =>
      page.$eval(`dialog .history tbody tr:first-child li[data-field=${f}]`, (li) => ({
        before: li.querySelector("del")!.textContent,
        after: li.querySelector("ins")!.textContent,
      }));
    expect(await field("name")).toEqual({ before: oldName, after: `${oldName}, renamed` });
    expect(await field("aliases")).toEqual({ before: "—", after: "LSM, La Strada Chisinau" });
    expect((await field("operatesIn")).after).toContain("Kenya");
    expect((await field("issues")).after).toContain(issueName);
    await page.screenshot({ path: path.join(ARTIFACTS, "workflow-history-1440.png") });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: path.join(ARTIFACTS, "workflow-history-1024.png") });
    await page.setViewportSize({ width: 1440, height: 900 });
    page.once("dialog", (d) => void d.accept());
    await Promise.all([page.waitForEvent("load"), page.click("dialog .history [data-revert]")]);
    await loaded(page);
    await page.waitForSelector("#panel h2");
    expect(await page.textContent("#panel h2")).toBe(oldName);
  });
});

describe("saved views", () => {
  it("saves the view under a name, reopens it from the menu, shares its link, and deletes it", async () => {
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: api.url });
    await page.goto(`${api.url}/?sector=IGO&sel=unodc`);
    await loaded(page);
    await page.click("#saved-views-open");
    await page.fill("#saved-views input[name=name]", "IGOs around UNODC");
    await page.click("#saved-views button[type=submit]");
    await page.waitForSelector("#saved-views li[data-view='IGOs around UNODC']");
    const link = await page.getAttribute("#saved-views li[data-view='IGOs around UNODC'] a", "href");
    // The link is the view's: its filters and selection (and the camera, once the view has saved where it looks).
    const saved = new URL(link!);
    expect(saved.origin + saved.pathname).toBe(`${api.url}/`);
    saved.searchParams.delete("cam");
    expect(saved.search).toBe("?sector=IGO&sel=unodc");

    await page.click("#reset-view");
    expect(await page.evaluate(() => (window as any).atlas.state.filters.sectors)).toEqual([]);
    await page.click("#saved-views-open");
    await Promise.all([page.waitForEvent("load"), page.click("#saved-views li[data-view='IGOs around UNODC'] a")]);
    await loaded(page);
    const state = await page.evaluate(() => (window as any).atlas.state);
    expect(state.filters.sectors).toEqual(["IGO"]);
    expect(state.selected).toBe("unodc");

    await page.click("#saved-views-open");
    await page.click("#saved-views li[data-view='IGOs around UNODC'] [data-copy]");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    await page.click("#saved-views li[data-view='IGOs around UNODC'] [data-delete]");
    expect(await page.$("#saved-views li[data-view='IGOs around UNODC']")).toBeNull();
    await page.reload();
    await loaded(page);
    expect(await page.evaluate(() => localStorage.getItem("atlas.savedViews"))).toBe("[]");
  });
});

describe("two actors side by side", () => {
  it("compares two actors from the details panel: ties, shared partners, rankings", async () => {
    await page.goto(`${api.url}/?sel=unodc`);
    await loaded(page);
    await page.waitForSelector('#panel[data-loaded="true"]');
    await page.fill("#compare-with", "International Labour Organization");
    await page.waitForSelector("#compare-results li[data-i]");
    await page.keyboard.press("Enter");
    await page.waitForSelector("dialog .compare", { timeout: 60_000 });
    expect(await page.textContent("dialog h2")).toMatch(
      /United Nations Office on Drugs and Crime compared with International Labour Organization/,
    );
    const heads = await page.$$eval("dialog .compare-table thead th", (ths) => ths.map((t) => t.textContent?.trim()));
    expect(heads.slice(1)).toEqual(["United Nations Office on Drugs and Crime", "International Labour Organization"]);
    const shared = await page.$$eval("dialog .compare table.shared tbody tr", (trs) => trs.length);
    expect(shared).toBeGreaterThan(0);
    // Each shared partner is really a partner of both, as their details panels list them.
    const [a, b] = await Promise.all([api.get("/api/nodes/unodc"), api.get("/api/nodes/ilo")]);
    const partners = (d: any) =>
      new Set(Object.values(d.relationships).flatMap((l: any) => l.map((r: any) => r.counterpart.id)));
    const pa = partners(a.body);
    const pb = partners(b.body);
    const ids = await page.$$eval("dialog .compare table.shared tbody tr", (trs) =>
      trs.map((t) => t.getAttribute("data-node")),
    );
    for (const id of ids) expect(pa.has(id!) && pb.has(id!), id!).toBe(true);
    expect(ids.length).toBe([...pa].filter((x) => pb.has(x) && x !== "unodc" && x !== "ilo").length);
    expect(await page.textContent("dialog tr[data-ranking=pagerank]")).toMatch(/\d+(st|nd|rd|th) of \d+/);
    await page.screenshot({ path: path.join(ARTIFACTS, "workflow-compare-1440.png") });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: path.join(ARTIFACTS, "workflow-compare-1024.png") });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.click("dialog .close");
  });
});

describe("an actor's profile to print", () => {
  it("shows the actor, its ties by type and date, its rankings and numbered sources, and prints only the profile", async () => {
    await page.goto(`${api.url}/?sel=unodc`);
    await loaded(page);
    await page.waitForSelector('#panel[data-loaded="true"]');
    await page.click("#panel [data-profile]");
    await page.waitForSelector(".profile-page .profile h1", { timeout: 60_000 });
    expect(await page.textContent(".profile h1")).toContain("United Nations Office on Drugs and Crime");
    const detail = (await api.get("/api/nodes/unodc")).body;
    const types = await page.$$eval(".profile section.ties", (s) => s.map((x) => x.getAttribute("data-type")));
    expect(types.sort()).toEqual(Object.keys(detail.relationships).sort());
    // Within a type, dated ties come in order of their start year, undated last.
    const years = await page.$$eval(".profile section.ties tbody tr td:first-child", (tds) =>
      tds.map((t) => t.textContent!.trim()),
    );
    expect(years.length).toBe(Object.values(detail.relationships).flat().length);
    expect(await page.textContent(".profile .ranks")).toMatch(/PageRank\s*\d+ of \d+/);
    const refs = await page.$$eval(".profile .references li", (lis) => lis.map((l) => l.textContent!.trim()));
    expect(refs.length).toBeGreaterThan(1);
    for (const r of refs) expect(r).toMatch(/https?:\/\/\S+/);
    expect(refs.join(" ")).toMatch(/\(accessed \d{4}-\d{2}-\d{2}\)/);
    const cited = await page.$$eval(".profile sup", (s) => s.map((x) => x.textContent));
    expect(cited.length).toBeGreaterThan(0);

    await page.emulateMedia({ media: "print" });
    expect(await page.isHidden("header.top")).toBe(true);
    expect(await page.isHidden(".profile-tools")).toBe(true);
    expect(await page.isVisible(".profile h1")).toBe(true);
    const pdf = await page.pdf({ path: path.join(ARTIFACTS, "workflow-profile.pdf"), format: "A4" });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    await page.emulateMedia({ media: "screen" });
    await page.screenshot({ path: path.join(ARTIFACTS, "workflow-profile-1440.png") });
    await page.click(".profile-tools [data-close]");
    expect(await page.$(".profile-page")).toBeNull();
  });
});
