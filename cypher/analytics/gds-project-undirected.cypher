// Projects a scoped graph into GDS as its simple undirected view: one relationship per pair of nodes tied in scope,
// its weight the number of ties between them (what the graphology engine's betweenness and Louvain see).
// Params: $graphName, $ids, $relTypes, $from, $to
UNWIND $ids AS id
MATCH (a:Entity {id: id})
OPTIONAL MATCH (a)-[r]-(b:Entity)
  WHERE b.id IN $ids AND a.id < b.id AND type(r) IN $relTypes
    AND ($from IS NULL OR r.until IS NULL OR r.until >= $from)
    AND ($to IS NULL OR r.since IS NULL OR r.since <= $to)
WITH a, b, count(r) AS ties
WITH gds.graph.project($graphName, a, b, {relationshipProperties: {weight: toFloat(ties)}},
       {undirectedRelationshipTypes: ['*']}) AS g,
     sum(ties) AS ties
RETURN g.nodeCount AS nodeCount, ties
