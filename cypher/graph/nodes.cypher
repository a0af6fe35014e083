// Actors and partnerships in a scope, best connected first. Filters select actors (and partnerships that match
// them directly); a partnership is also in scope when an in-scope actor is tied to it by an in-scope relationship.
// Params: $sectors, $countries, $regions, $issues, $datasets (lists; empty = any), $nodeFiltered (bool),
//         $relTypes, $from, $to (relationship years), $active (only nodes with a dated relationship in the
//         years), $limit
CALL {
  MATCH (n:Entity)
  WHERE (size($sectors) = 0 OR n.sector IN $sectors)
    AND (size($countries) = 0 OR n.country IN $countries)
    AND (size($regions) = 0 OR n.region IN $regions OR n.subregion IN $regions)
    AND (size($issues) = 0 OR any(i IN n.issues WHERE i IN $issues))
    AND (size($datasets) = 0 OR n.dataset IN $datasets)
    AND (NOT $active OR EXISTS {
      MATCH (n)-[t]-(:Entity)
      WHERE type(t) IN $relTypes AND (t.since IS NOT NULL OR t.until IS NOT NULL)
        AND ($from IS NULL OR t.until IS NULL OR t.until >= $from)
        AND ($to IS NULL OR t.since IS NULL OR t.since <= $to)
    })
  RETURN n
  UNION
  MATCH (a:Actor)
  WHERE $nodeFiltered
    AND (size($sectors) = 0 OR a.sector IN $sectors)
    AND (size($countries) = 0 OR a.country IN $countries)
    AND (size($regions) = 0 OR a.region IN $regions OR a.subregion IN $regions)
    AND (size($issues) = 0 OR any(i IN a.issues WHERE i IN $issues))
    AND (size($datasets) = 0 OR a.dataset IN $datasets)
    AND (NOT $active OR EXISTS {
      MATCH (a)-[t]-(:Entity)
      WHERE type(t) IN $relTypes AND (t.since IS NOT NULL OR t.until IS NOT NULL)
        AND ($from IS NULL OR t.until IS NULL OR t.until >= $from)
        AND ($to IS NULL OR t.since IS NULL OR t.since <= $to)
    })
  MATCH (a)-[r]-(n:Partnership)
  WHERE type(r) IN $relTypes
    AND ($from IS NULL OR r.until IS NULL OR r.until >= $from)
    AND ($to IS NULL OR r.since IS NULL OR r.since <= $to)
    AND (NOT $active OR EXISTS {
      MATCH (n)-[t]-(:Entity)
      WHERE type(t) IN $relTypes AND (t.since IS NOT NULL OR t.until IS NOT NULL)
        AND ($from IS NULL OR t.until IS NULL OR t.until >= $from)
        AND ($to IS NULL OR t.since IS NULL OR t.since <= $to)
    })
  RETURN n
}
WITH n, CASE WHEN size($relTypes) = 6
         // every collaboration type: read from the degree store, not by walking a partnership's members
         THEN COUNT { (n)-[:MEMBER_OF|FUNDS|PARTNERS_WITH|COORDINATES|HOSTS|PART_OF]-() }
         ELSE COUNT { (n)-[r]-(:Entity) WHERE type(r) IN $relTypes } END AS degree
ORDER BY degree DESC, n.id
LIMIT $limit
RETURN n { .id, .name, .acronym, .sector, .kind, .country, .region, .subregion, .founded, .issues, .dataset } AS node,
       labels(n) AS labels, degree
