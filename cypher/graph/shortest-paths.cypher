// All shortest paths between two actors or partnerships over collaboration relationships (facets excluded).
// The hop bound in the pattern is the API's maximum; $maxHops narrows it. Params: $from, $to, $maxHops, $limit
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
MATCH p = allShortestPaths((a)-[:MEMBER_OF|FUNDS|PARTNERS_WITH|COORDINATES|HOSTS|PART_OF*..8]-(b))
WHERE length(p) <= $maxHops
RETURN [n IN nodes(p) | n.id] AS ids
LIMIT $limit
