/**
 * Regenerates seed/data/countries.csv and the national governments in seed/data/core/actors.csv from the
 * world-countries package (ISO codes, names, UN membership, region, sub-region, centroid). Run by hand when that
 * package is updated: `npx tsx seed/tools/build-core.ts`.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { stringify } from "csv-stringify/sync";
import countries from "world-countries";
import { ROOT } from "../../db/local.ts";
import type { Country } from "../dataset.ts";

const RETRIEVED = "2026-11-24";
const UN_MEMBERS = "https://www.un.org/en/about-us/member-states";
const UN_OBSERVERS = "https://www.un.org/en/about-us/non-member-states";

type Row = Country & { un: string };
const rows: Row[] = countries
  .filter((c) => c.region !== "Antarctic")
  .map((c) => ({
    id: c.cca3 === "UNK" ? "XKX" : c.cca3,
    ccn3: c.ccn3,
    name: c.name.common,
    region: c.region,
    subregion: c.subregion || c.region,
    lat: c.latlng[0],
    lng: c.latlng[1],
    un: c.cca3 === "VAT" || c.cca3 === "PSE" ? "observer" : c.unMember ? "member" : "",
  }))
  .sort((a, b) => a.id.localeCompare(b.id));

writeFileSync(
  path.join(ROOT, "seed", "data", "countries.csv"),
  stringify(
    rows.map(({ id, ccn3, name, region, subregion, lat, lng }) => ({ id, ccn3, name, region, subregion, lat, lng })),
    {
      header: true,
    },
  ),
);

const ARTICLE =
  /^(United|Netherlands|Philippines|Bahamas|Gambia|Central African|Comoros|Maldives|Marshall|Solomon|Dominican|Holy|Czech|Seychelles|Democratic|Republic|DR )/;
const governmentName = (country: string) => `Government of ${ARTICLE.test(country) ? "the " : ""}${country}`;
const OWN_PORTALS: Record<string, string> = {
  XKX: "https://www.rks-gov.net/",
  TWN: "https://www.taiwan.gov.tw/",
  // A member of the African Union, named in its Constitutive Act.
  ESH: "https://new.informea.org/treaties/constitutive-act-african-union/text",
};
/** Governments known by another name than their country's (and the day their source was read). */
const OWN_NAMES: Record<string, { name: string; acronym: string; description: string; retrieved: string }> = {
  ESH: {
    name: "Government of the Sahrawi Arab Democratic Republic",
    acronym: "SADR",
    description: "National government of the Sahrawi Arab Democratic Republic (Western Sahara).",
    retrieved: "2026-11-25",
  },
};

const govs = rows
  .filter((r) => r.un || OWN_PORTALS[r.id])
  .map((r) => ({
    id: `gov-${r.id.toLowerCase()}`,
    name: OWN_NAMES[r.id]?.name ?? (r.id === "VAT" ? "Holy See" : governmentName(r.name)),
    acronym: OWN_NAMES[r.id]?.acronym ?? "",
    aliases: "",
    sector: "Government",
    roles: "Government",
    country: r.id,
    founded: "",
    website: "",
    description: OWN_NAMES[r.id]?.description ?? `National government of ${r.name}.`,
    issues: "",
    operates_in: r.id,
    sources: r.un === "member" ? UN_MEMBERS : r.un === "observer" ? UN_OBSERVERS : OWN_PORTALS[r.id],
    retrieved: OWN_NAMES[r.id]?.retrieved ?? RETRIEVED,
  }));

writeFileSync(path.join(ROOT, "seed", "data", "core", "actors.csv"), stringify(govs, { header: true }));
console.log(`${rows.length} countries, ${govs.length} governments`);
