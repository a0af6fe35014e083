// Ties of a scope counted by the communities at their two ends (for the E-I index of each community when the
// communities come from GDS). Params: $ids, $community (map: node id -> community), $relTypes, $from, $to
UNWIND $ids AS id
MATCH (a:Entity {id: id})-[r]->(b:Entity)
WHERE b.id IN $ids AND type(r) IN $relTypes
  AND ($from IS NULL OR r.until IS NULL OR r.until >= $from)
  AND ($to IS NULL OR r.since IS NULL OR r.since <= $to)
RETURN $community[a.id] AS x, $community[b.id] AS y, count(r) AS ties
