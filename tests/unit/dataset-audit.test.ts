/**
 * The research rules of seed/FORMAT.md hold on the curated dataset (seed/audit.ts finds nothing), each rule can
 * fail (small datasets built to break it), and the named corrections of dataset 2026.12 stay corrected.
 */
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  auditDataset,
  nameKey,
  ownHosts,
  readSecondaryHosts,
  reviewQueue,
  secondaryKindFor,
  secondaryKindOf,
} from "../../seed/audit.ts";
import { DatasetError, readDataset } from "../../seed/dataset.ts";
import { DATA_DIR, REVIEW_DIR } from "../../seed/paths.ts";

const ds = readDataset(DATA_DIR);
const hosts = readSecondaryHosts(DATA_DIR);
const report = auditDataset(ds, hosts);
const byId = new Map(ds.entities.map((e) => [e.id, e]));
const rel = (type: string, source: string, target: string) =>
  ds.relationships.find((r) => r.type === type && r.source === source && r.target === target);

const ACTOR_HEADER =
  "id,name,acronym,aliases,sector,roles,country,founded,website,description,issues,operates_in,sources,retrieved,secondary";
const REL_HEADER = "type,source,target,role,since,until,amount,currency,sources,retrieved,source_titles,secondary";

/** A small dataset folder with the real countries, issues and secondary hosts and the given module files. */
function fixture(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "atlas-audit-"));
  for (const f of ["countries.csv", "issues.csv", "dataset.json", "secondary-hosts.csv"])
    copyFileSync(path.join(DATA_DIR, f), path.join(dir, f));
  mkdirSync(path.join(dir, "m"));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, "m", name), text);
  return dir;
}
const actor = (row: Record<string, string>) =>
  ACTOR_HEADER.split(",")
    .map((c) => {
      const v = { sector: "NGO", sources: "https://example.org/a", retrieved: "2026-12-01", ...row }[c] ?? "";
      return /[,"]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
    })
    .join(",");
/** The audit of a one-module dataset holding these actors and relationship rows. */
const auditOf = (actors: Record<string, string>[], rels: string[]) => {
  const dir = fixture({
    "actors.csv": [ACTOR_HEADER, ...actors.map(actor)].join("\n"),
    "relationships.csv": [REL_HEADER, ...rels].join("\n"),
  });
  return auditDataset(readDataset(dir), readSecondaryHosts(dir));
};

describe("the curated dataset keeps the research rules", () => {
  it.each(Object.keys(report.violations))("has no %s violations", (name) => {
    const findings = report.violations[name as keyof typeof report.violations];
    expect(findings.map((f) => `${f.at}: ${f.message}`)).toEqual([]);
  });

  it("marks every secondary-only relationship, and counts them in the report", () => {
    const marked = ds.relationships.filter((r) => r.secondary);
    expect(report.secondary.relationships).toBe(marked.length);
    for (const r of marked) {
      const own = ownHosts(r, byId);
      expect(r.sources.every((u) => secondaryKindFor(u, own, hosts) !== null)).toBe(true);
    }
  });
});

describe("ties that wait for a primary page (seed/review)", () => {
  const union = readDataset(DATA_DIR, REVIEW_DIR);
  const queue = reviewQueue(union);
  const queued = union.relationships.filter((r) => r.at.startsWith("review/"));

  it("keeps the published dataset within 3% of relationships resting on secondary pages alone", () => {
    expect(report.secondary.share).toBeLessThanOrEqual(0.03);
    expect(report.secondary.relationships).toBeGreaterThan(0);
  });

  it("holds ties that name the dataset's records, each resting on secondary pages alone and marked so", () => {
    expect(queue.relationships).toBeGreaterThan(0);
    expect(queue.problems.map((f) => `${f.at}: ${f.message}`)).toEqual([]);
    const all = new Map(union.entities.map((e) => [e.id, e]));
    for (const r of queued) {
      expect(r.secondary, r.at).not.toBeNull();
      expect(
        r.sources.every((u) => secondaryKindFor(u, ownHosts(r, all), hosts) !== null),
        r.at,
      ).toBe(true);
    }
  });

  it("is not loaded: none of its ties or records is in the dataset", () => {
    const loaded = new Set(ds.relationships.map((r) => `${r.type}|${r.source}|${r.target}`));
    for (const r of queued) expect(loaded.has(`${r.type}|${r.source}|${r.target}`), r.at).toBe(false);
    for (const e of union.entities.filter((x) => x.at.startsWith("review/"))) expect(byId.has(e.id), e.at).toBe(false);
  });

  it("finds a queued tie that cites a primary page and a queued record no queued tie names", () => {
    const dir = fixture({
      "actors.csv": [ACTOR_HEADER, actor({ id: "a", name: "A" }), actor({ id: "b", name: "B" })].join("\n"),
    });
    const review = path.join(dir, "..", `${path.basename(dir)}-review`, "m");
    mkdirSync(review, { recursive: true });
    writeFileSync(
      path.join(review, "actors.csv"),
      [ACTOR_HEADER, actor({ id: "waiting", name: "Waiting" }), actor({ id: "idle", name: "Idle" })].join("\n"),
    );
    writeFileSync(
      path.join(review, "relationships.csv"),
      [
        REL_HEADER,
        "FUNDS,a,waiting,,2019,,,,https://www.theguardian.com/x,2026-12-01,,news",
        "FUNDS,a,b,,2019,,,,https://a.example.org/grants,2026-12-01,,",
      ].join("\n"),
    );
    const q = reviewQueue(readDataset(dir, path.dirname(review)), `${path.basename(dir)}-review/`);
    expect(q.relationships).toBe(2);
    expect(q.problems.map((f) => f.message)).toEqual([
      "a FUNDS b cites a primary page: it belongs in seed/data",
      "'idle' waits for no tie: it belongs in seed/data",
    ]);
  });
});

describe("each audit rule can fail", () => {
  it("finds two records sharing a name, acronym or alias in one country, and not across countries", () => {
    const a = auditOf(
      [
        { id: "a", name: "Terre des Hommes", country: "CHE", aliases: "TDHIF" },
        { id: "b", name: "Terre des Hommes International Federation", acronym: "TDHIF", country: "CHE" },
        { id: "c", name: "Terre des Hommes", country: "DNK" },
      ],
      [
        "PARTNERS_WITH,a,b,,,,,,https://example.org/r,2026-12-01,,",
        "PARTNERS_WITH,a,c,,,,,,https://example.org/r,2026-12-01,,",
      ],
    );
    expect(a.violations.duplicateNames).toHaveLength(1);
    expect(a.violations.duplicateNames[0]!.message).toMatch(/'b' and 'a'.*'tdhif' in CHE/);
    expect(nameKey("Terre des Hommes – Fédération")).toBe("terre des hommes federation");
  });

  it("checks sectors against the written rule", () => {
    const a = auditOf(
      [
        { id: "union", name: "Trades Union Congress", sector: "Other" },
        { id: "cepol-like", name: "European Union Agency for Law Enforcement Training", sector: "IGO" },
        { id: "innocenti-like", name: "UNICEF Innocenti Research Centre", sector: "Academic" },
        { id: "centre", name: "Workers' Centre", sector: "Labour", description: "Worker centre" },
        { id: "gov-fra", name: "France", sector: "NGO" },
        { id: "interpol-like", name: "International Criminal Police Organization", sector: "IGO" },
      ],
      [
        ...["cepol-like", "innocenti-like", "centre", "gov-fra", "interpol-like"].map(
          (id) => `PARTNERS_WITH,union,${id},,,,,,https://example.org/r,2026-12-01,,`,
        ),
      ],
    );
    const flagged = a.violations.sectorRules.map((f) => f.message.match(/^'([^']+)'/)![1]).sort();
    expect(flagged).toEqual(["centre", "cepol-like", "gov-fra", "innocenti-like", "union"]);
  });

  it("finds a state that is a member of an executive body", () => {
    const a = auditOf(
      [
        { id: "gov-gha", name: "Ghana", sector: "Government" },
        { id: "ecowas-commission", name: "ECOWAS Commission", sector: "IGO" },
        { id: "ecowas", name: "Economic Community of West African States", sector: "IGO" },
      ],
      [
        "MEMBER_OF,gov-gha,ecowas-commission,member state,,,,,https://example.org/r,2026-12-01,,",
        "MEMBER_OF,gov-gha,ecowas,member state,,,,,https://example.org/r,2026-12-01,,",
      ],
    );
    expect(a.violations.executiveMembership.map((f) => f.message)).toEqual([
      "gov-gha MEMBER_OF ecowas-commission (ECOWAS Commission)",
    ]);
  });

  it("requires the secondary marker exactly on records without a primary page, and finds untied records", () => {
    const a = auditOf(
      [
        { id: "a", name: "A", sources: "https://en.wikipedia.org/wiki/A" },
        { id: "b", name: "B", sources: "https://issuu.com/x/docs/b", secondary: "copy" },
        { id: "c", name: "C", sources: "https://c.example.org/about", secondary: "news" },
        { id: "lonely", name: "Lonely" },
      ],
      [
        "FUNDS,a,b,,2019,,,,https://www.theguardian.com/x|https://www.scmp.com/y,2026-12-01,,",
        "FUNDS,b,c,,2019,,,,https://www.theguardian.com/x|https://b.example.org/grants,2026-12-01,,news",
      ],
    );
    expect(a.violations.unmarkedSecondary.map((f) => f.message.split(" ")[0])).toEqual(["'a'", "a"]);
    expect(a.violations.markedButPrimary.map((f) => f.message.split(" ")[0])).toEqual(["'c'", "b"]);
    expect(a.violations.untied.map((f) => f.message)).toEqual(["'lonely' has none"]);
    expect(secondaryKindOf("https://fr.allafrica.com/stories/1.html", readSecondaryHosts(DATA_DIR))).toBe("news");
  });

  it("counts an organisation's own site as primary for its own record and its own ties only", () => {
    const dir = fixture({
      "actors.csv": [
        ACTOR_HEADER,
        actor({
          id: "own",
          name: "Own",
          website: "https://www.own-site.example/",
          sources: "https://own-site.example/a",
        }),
        actor({ id: "other", name: "Other", sources: "https://own-site.example/partners" }),
        actor({
          id: "plat",
          name: "Plat",
          website: "https://own-site.example/plat",
          sources: "https://own-site.example/p",
        }),
      ].join("\n"),
      "relationships.csv": [
        REL_HEADER,
        "PARTNERS_WITH,own,other,,2019,,,,https://own-site.example/partners,2026-12-01,,",
        "PARTNERS_WITH,other,plat,,2019,,,,https://own-site.example/partners,2026-12-01,,",
      ].join("\n"),
    });
    appendFileSync(path.join(dir, "secondary-hosts.csv"), "\nown-site.example,third-party\n");
    const a = auditDataset(readDataset(dir), readSecondaryHosts(dir));
    // 'own' cites its own site; 'plat' has a page, not a site, as its website; the tie of 'own' rests on its site.
    expect(a.violations.unmarkedSecondary.map((f) => f.message.split(" ")[0])).toEqual(["'other'", "'plat'", "other"]);
    expect(a.violations.markedButPrimary).toEqual([]);
  });

  it("lists for review a page cited for states' memberships of two organisations", () => {
    const a = auditOf(
      [
        { id: "gov-esp", name: "Spain", sector: "Government" },
        { id: "eu", name: "European Union", sector: "IGO" },
        { id: "osce-like", name: "OSCE", sector: "IGO" },
      ],
      [
        "MEMBER_OF,gov-esp,eu,member state,,,,,https://europa.eu/countries,2026-12-01,,",
        "MEMBER_OF,gov-esp,osce-like,participating State,,,,,https://europa.eu/countries|https://osce.example.org/ps,2026-12-01,,",
      ],
    );
    expect(a.review.membershipSources.map((f) => f.message)).toEqual([
      "https://europa.eu/countries is cited for states' memberships of eu, osce-like",
    ]);
  });

  it("rejects an unknown secondary kind and titles that do not match the sources", () => {
    const dir = fixture({
      "actors.csv": [ACTOR_HEADER, actor({ id: "a", name: "A" }), actor({ id: "b", name: "B" })].join("\n"),
      "relationships.csv": [
        REL_HEADER,
        "FUNDS,a,b,,,,,,https://example.org/1|https://example.org/2,2026-12-01,Only one title,",
        "PARTNERS_WITH,a,b,,,,,,https://example.org/1,2026-12-01,,rumour",
      ].join("\n"),
    });
    let problems: string[] = [];
    try {
      readDataset(dir);
    } catch (e) {
      if (!(e instanceof DatasetError)) throw e;
      problems = e.problems;
    }
    expect(
      problems.some((p) => /relationships\.csv:2: field 'source_titles': has 1 titles for 2 source URLs/.test(p)),
    ).toBe(true);
    expect(problems.some((p) => /relationships\.csv:3: field 'secondary': 'rumour' is not one of/.test(p))).toBe(true);
  });
});

describe("the named corrections of dataset 2026.12", () => {
  it("NoVo Foundation funds the Partnership for Freedom; it does not coordinate it", () => {
    expect(rel("FUNDS", "novo-foundation", "partnership-for-freedom")).toBeDefined();
    expect(rel("COORDINATES", "novo-foundation", "partnership-for-freedom")).toBeUndefined();
  });

  it("states are members of ECOWAS and ASEAN, not of the ECOWAS Commission", () => {
    const members = (id: string) =>
      ds.relationships.filter((r) => r.type === "MEMBER_OF" && r.target === id && r.source.startsWith("gov-"));
    expect(members("ecowas-commission")).toEqual([]);
    expect(members("ecowas").length).toBeGreaterThanOrEqual(15);
    expect(rel("PART_OF", "ecowas-commission", "ecowas")).toBeDefined();
    expect(byId.get("asean")!.name).toBe("Association of Southeast Asian Nations");
    for (const id of ["gov-bfa", "gov-mli", "gov-ner"]) expect(rel("MEMBER_OF", id, "ecowas")!.until).toBe(2025);
  });

  it("dates the ties that ended", () => {
    for (const s of ["gov-usa", "gov-gha"]) expect(rel("MEMBER_OF", s, "us-ghana-cpc")!.until).toBe(2020);
    expect(rel("COORDINATES", "us-jtip", "us-ghana-cpc")!.until).toBe(2020);
    expect(rel("MEMBER_OF", "undaw", "icat")!.until).toBe(2011);
    expect(rel("COORDINATES", "uniap", "mekong-club")!.until).not.toBeNull();
    expect(rel("PARTNERS_WITH", "uniap", "mekong-club")).toBeUndefined();
    expect(rel("PART_OF", "easo", "european-union")!.until).toBe(2022);
    expect(rel("PART_OF", "euaa", "european-union")!.since).toBe(2022);
    const ven = rel("MEMBER_OF", "gov-ven", "oas")!;
    expect(ven.until).toBe(2019);
    expect(ven.role).toMatch(/contested/);
    for (const s of ["gov-afg", "gov-chn"]) expect(rel("MEMBER_OF", s, "abu-dhabi-dialogue")!.until).not.toBeNull();
    expect(rel("COORDINATES", "jm-ministry-of-justice", "jm-natfatip")!.until).not.toBeNull();
    expect(rel("COORDINATES", "jm-ministry-of-national-security", "jm-natfatip")!.until).toBeNull();
    const ungift = ds.relationships.filter(
      (r) => r.target === "un-gift" && r.type !== "FUNDS" && r.type !== "PARTNERS_WITH",
    );
    expect(ungift.length).toBeGreaterThan(0);
    for (const r of ungift) expect(r.until, `${r.source} ${r.type} un-gift`).toBe(2014);
  });

  it("keeps the Terre des hommes Foundation and the international federation apart", () => {
    const tdh = byId.get("terre-des-hommes")!;
    const names = [tdh.name, tdh.acronym ?? "", ...tdh.aliases].map(nameKey);
    expect(names).not.toContain("tdhif");
    expect(names).not.toContain("terre des hommes international federation");
    expect(byId.get("tdhif")!.kind).toBe("Partnership");
  });

  it("gives workers' organisations, CEPOL and UNICEF Innocenti their sectors", () => {
    for (const id of ["ituc", "itf", "tuc-uk", "notu-uganda", "toawum", "bhatta-mazdoor-mahaz"])
      expect(byId.get(id)!.sector, id).toBe("Labour");
    expect(byId.get("cepol")!.sector).toBe("LawEnforcement");
    expect(byId.get("europol")!.sector).toBe("LawEnforcement");
    expect(byId.get("unicef-innocenti")!.sector).toBe("IGO");
  });

  it("cites no page unrelated to the fact (the pages found in the 2026.11 check)", () => {
    const all = [...ds.entities, ...ds.relationships].flatMap((r) => r.sources);
    for (const bad of ["harvestchoice.org", "sportscouncil.au.int", "intergrafconference.com"])
      expect(all.filter((u) => u.includes(bad))).toEqual([]);
    const osce = ds.relationships.filter((r) => r.type === "MEMBER_OF" && r.target === "osce");
    expect(osce.filter((r) => r.sources.some((u) => u.includes("about-eu/countries")))).toEqual([]);
  });

  it("ties the actors that had none", () => {
    for (const id of ["gov-twn", "human-trafficking-foundation"])
      expect(ds.relationships.some((r) => r.source === id || r.target === id)).toBe(true);
  });
});

describe("DATA.md and the README state the figures of the files", () => {
  const n = (x: number) => x.toLocaleString("en-US");
  const data = readFileSync(path.join(DATA_DIR, "..", "..", "DATA.md"), "utf8");
  const readme = readFileSync(path.join(DATA_DIR, "..", "..", "README.md"), "utf8");
  const actors = ds.entities.filter((e) => e.kind === "Actor").length;
  const byType = (t: string) => ds.relationships.filter((r) => r.type === t).length;

  it("gives the version, the totals and the relationships by type", () => {
    for (const doc of [data, readme]) {
      expect(doc).toContain(`ersion ${ds.version}`);
      expect(doc).toContain(`MEMBER_OF ${n(byType("MEMBER_OF"))}, PART_OF ${n(byType("PART_OF"))}`);
    }
    expect(data).toContain(
      `| ${n(ds.entities.length)} (${n(actors)} actors, ${n(ds.entities.length - actors)} partnerships) |`,
    );
    expect(data).toContain(`| ${n(ds.relationships.length)} (MEMBER_OF`);
    expect(readme).toContain(
      `${n(ds.entities.length)} actors and partnerships and ${n(ds.relationships.length)} relationships`,
    );
  });

  it("cites the dataset at its version in DATA.md's licence and in CITATION.cff", () => {
    const citation = readFileSync(path.join(DATA_DIR, "..", "..", "CITATION.cff"), "utf8");
    const cited = [...citation.matchAll(/type: data[\s\S]*?version: "([^"]+)"/g)].map((m) => m[1]);
    expect(cited).toEqual([ds.version]);
    const credited = [...data.matchAll(/collaboration network, version\s+(\S+?)"/g)].map((m) => m[1]);
    expect(credited).toEqual([ds.version]);
  });

  it("gives the audit's current figures", () => {
    const pct = ((100 * report.secondary.relationships) / report.relationships).toFixed(1);
    expect(data).toContain(`| ${n(report.secondary.relationships)} (${pct}%;`);
    expect(data).toContain(
      `| relationships with a start year | ${n(report.dated.since)}; with an end year: ${n(report.dated.until)};`,
    );
    expect(data).toMatch(new RegExp(`without a country \\| 73 \\| ${report.withCountry.igoFunderNetworkWithout} \\|`));
  });

  it("gives the share of relationships without a year as the audit counts it", () => {
    const pct = ((100 * report.dated.undated) / report.relationships).toFixed(1);
    expect(data).toMatch(
      new RegExp(`neither a start nor an end year \\|.*\\| ${n(report.dated.undated)} \\(${pct}%\\) \\|`),
    );
  });

  it("states each known list's current membership count as the files hold it", () => {
    const rows = [...data.matchAll(/^\| [^|]+ \(`([a-z0-9-]+)`\) \| (\d[\d,]*)/gm)];
    expect(rows.map((m) => m[1])).toEqual(
      expect.arrayContaining(["un-trafficking-protocol", "iom", "ilo-p029", "icat", "ecpat", "gaatw", "bali-process"]),
    );
    for (const [, id, stated] of rows) {
      const current = ds.relationships.filter((r) => r.type === "MEMBER_OF" && r.target === id && r.until === null);
      expect({ id, count: current.length }).toEqual({ id, count: Number(stated.replace(/,/g, "")) });
    }
  });
});
