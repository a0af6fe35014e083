// title: Funders of partnerships that join several sectors
// description: Funders of partnerships whose members come from at least a given number of sectors, with the sectors each partnership joins and the source of each funding tie.
// param minSectors: int(2..10) = 3 | Fewest distinct member sectors
// param limit: int(1..1000) = 100 | Maximum rows
MATCH (p:Partnership)
CALL {
  WITH p
  MATCH (m:Actor)-[:MEMBER_OF]->(p)
  WHERE m.sector IS NOT NULL
  RETURN collect(DISTINCT m.sector) AS sectors, count(DISTINCT m) AS members
}
WITH p, sectors, members
WHERE size(sectors) >= $minSectors
MATCH (f:Entity)-[r:FUNDS]->(p)
RETURN f AS funder, f.sector AS funderSector, p AS partnership, size(sectors) AS sectorCount, sectors, members,
       r.since AS since, r.until AS until, r.sources AS sources
ORDER BY sectorCount DESC, f.name, p.name
LIMIT $limit
