// The actors and partnerships tied to any of a set of nodes by in-scope relationships. One step of an ego-network
// expansion. Params: $frontier (ids), $relTypes, $from, $to, $limit
MATCH (a:Entity)-[r]-(b:Entity)
WHERE a.id IN $frontier AND type(r) IN $relTypes
  AND ($from IS NULL OR r.until IS NULL OR r.until >= $from)
  AND ($to IS NULL OR r.since IS NULL OR r.since <= $to)
RETURN DISTINCT b.id AS id
LIMIT $limit
