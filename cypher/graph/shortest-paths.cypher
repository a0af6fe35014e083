// All shortest paths between two actors or partnerships over collaboration relationships (facets excluded), when
// the shortest is at most $maxHops long. One shortest path is found first (bidirectional breadth-first search), so
// a pair farther apart than $maxHops costs one search, not the enumeration of every path of that length; the hop
// bound in the patterns is the API's maximum. Params: $from, $to, $maxHops, $limit
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
MATCH s = shortestPath((a)-[:MEMBER_OF|FUNDS|PARTNERS_WITH|COORDINATES|HOSTS|PART_OF*..8]-(b))
WITH a, b, length(s) AS hops
WHERE hops <= $maxHops
MATCH p = allShortestPaths((a)-[:MEMBER_OF|FUNDS|PARTNERS_WITH|COORDINATES|HOSTS|PART_OF*..8]-(b))
RETURN [n IN nodes(p) | n.id] AS ids
LIMIT $limit
