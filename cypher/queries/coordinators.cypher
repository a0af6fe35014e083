// title: Who chairs and leads partnerships
// description: Actors that chair, co-chair, lead or launched partnerships, with the sector of each.
// param limit: int(1..1000) = 200 | Maximum rows
MATCH (a:Actor)-[r:COORDINATES]->(p:Partnership)
RETURN a AS coordinator, a.sector AS sector, r.role AS role, p AS partnership, r.since AS since, r.until AS until,
       r.sources AS sources
ORDER BY p.name, a.name
LIMIT $limit
