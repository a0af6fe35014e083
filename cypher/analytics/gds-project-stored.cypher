// Projects a scoped graph into GDS as stored: the given actors and partnerships and the in-scope ties among them,
// directed, parallel ties kept (the ties graph/edges selects). A node without ties is projected alone.
// Params: $graphName, $ids, $relTypes, $from, $to
UNWIND $ids AS id
MATCH (a:Entity {id: id})
OPTIONAL MATCH (a)-[r]->(b:Entity)
  WHERE b.id IN $ids AND type(r) IN $relTypes
    AND ($from IS NULL OR r.until IS NULL OR r.until >= $from)
    AND ($to IS NULL OR r.since IS NULL OR r.since <= $to)
WITH gds.graph.project($graphName, a, b) AS g, count(r) AS ties
RETURN g.nodeCount AS nodeCount, ties
