// title: Who hosts whose secretariat
// description: Actors hosting the secretariats of partnerships, and the partnerships' member counts.
// param limit: int(1..1000) = 200 | Maximum rows
MATCH (h:Actor)-[r:HOSTS]->(p:Partnership)
RETURN h AS host, h.sector AS sector, p AS partnership, COUNT { (p)<-[:MEMBER_OF]-() } AS members, r.sources AS sources
ORDER BY members DESC, p.name
LIMIT $limit
