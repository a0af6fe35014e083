// Relationships among a set of actors and partnerships, filtered by type and years.
// A relationship with no years is taken as timeless. Params: $ids, $relTypes, $from, $to
// Each relationship is reached from its start node, outgoing: a partnership's thousands of incoming memberships
// are never walked to find the few that stay in the set.
UNWIND $ids AS id
MATCH (a:Entity {id: id})-[r]->(b:Entity)
WHERE b.id IN $ids AND type(r) IN $relTypes
  AND ($from IS NULL OR r.until IS NULL OR r.until >= $from)
  AND ($to IS NULL OR r.since IS NULL OR r.since <= $to)
RETURN a.id AS source, b.id AS target, type(r) AS type, r.role AS role, r.since AS since, r.until AS until,
       r.amount AS amount, r.currency AS currency
