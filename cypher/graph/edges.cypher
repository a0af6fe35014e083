// Relationships among a set of actors and partnerships, filtered by type and years.
// A relationship with no years is taken as timeless. Params: $ids, $relTypes, $from, $to
MATCH (a:Entity)-[r]->(b:Entity)
WHERE a.id IN $ids AND b.id IN $ids AND type(r) IN $relTypes
  AND ($from IS NULL OR r.until IS NULL OR r.until >= $from)
  AND ($to IS NULL OR r.since IS NULL OR r.since <= $to)
RETURN a.id AS source, b.id AS target, type(r) AS type, r.role AS role, r.since AS since, r.until AS until,
       r.amount AS amount, r.currency AS currency
