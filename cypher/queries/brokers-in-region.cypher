// title: Brokers between two sectors within a region
// description: Actors and partnerships (based anywhere) tied directly to actors of both sectors that are based in a region or one of its sub-regions, ranked by how evenly and how widely they join the two sides.
// param region: region = South-Eastern Asia | UN region or sub-region (a region includes its sub-regions)
// param sectorA: sector = NGO | One sector
// param sectorB: sector = Government | The other sector
// param limit: int(1..1000) = 50 | Maximum rows
MATCH (b:Entity)
CALL {
  WITH b
  MATCH (b)-[:PARTNERS_WITH|FUNDS|COORDINATES|HOSTS|PART_OF|MEMBER_OF]-(x:Actor {sector: $sectorA})
  WHERE x <> b AND (x.region = $region OR x.subregion = $region)
  RETURN count(DISTINCT x) AS toA, collect(DISTINCT x.name)[..5] AS examplesA
}
CALL {
  WITH b
  MATCH (b)-[:PARTNERS_WITH|FUNDS|COORDINATES|HOSTS|PART_OF|MEMBER_OF]-(y:Actor {sector: $sectorB})
  WHERE y <> b AND (y.region = $region OR y.subregion = $region)
  RETURN count(DISTINCT y) AS toB, collect(DISTINCT y.name)[..5] AS examplesB
}
WITH b, toA, toB, examplesA, examplesB
WHERE toA > 0 AND toB > 0
RETURN b AS broker, b.sector AS sector, b.country AS country, toA AS tiesToFirstSector, examplesA,
       toB AS tiesToSecondSector, examplesB, b.sources AS sources
ORDER BY CASE WHEN toA < toB THEN toA ELSE toB END DESC, toA + toB DESC, b.name
LIMIT $limit
