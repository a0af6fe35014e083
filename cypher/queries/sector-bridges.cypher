// title: Actors that bridge two sectors
// description: Actors tied directly to actors of both sectors, ranked by how many ties they have to each side.
// param sectorA: sector = NGO | One sector
// param sectorB: sector = Government | The other sector
// param limit: int(1..1000) = 50 | Maximum rows
MATCH (b:Actor)
CALL {
  WITH b
  MATCH (b)-[:PARTNERS_WITH|FUNDS|COORDINATES|HOSTS|PART_OF]-(x:Actor {sector: $sectorA})
  RETURN count(DISTINCT x) AS toA
}
CALL {
  WITH b
  MATCH (b)-[:PARTNERS_WITH|FUNDS|COORDINATES|HOSTS|PART_OF]-(y:Actor {sector: $sectorB})
  RETURN count(DISTINCT y) AS toB
}
WITH b, toA, toB
WHERE toA > 0 AND toB > 0
RETURN b AS actor, b.sector AS sector, toA AS tiesToFirstSector, toB AS tiesToSecondSector
ORDER BY toA * toB DESC, b.name
LIMIT $limit
