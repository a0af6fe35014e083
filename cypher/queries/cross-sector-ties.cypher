// title: Cross-sector ties by sector pair
// description: Direct ties between actors of different sectors, counted for each pair of sectors and relationship type.
// param limit: int(1..1000) = 200 | Maximum rows
MATCH (a:Actor)-[r:PARTNERS_WITH|FUNDS|COORDINATES|HOSTS|PART_OF]->(b:Actor)
WHERE a.sector <> b.sector
RETURN a.sector AS fromSector, b.sector AS toSector, type(r) AS type, count(*) AS ties
ORDER BY ties DESC, fromSector, toSector
LIMIT $limit
