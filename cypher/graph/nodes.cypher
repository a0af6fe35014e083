// Actors and partnerships in a scope, best connected first. Filters select actors (and partnerships that match
// them directly); a partnership is also in scope when an in-scope actor is tied to it by an in-scope relationship.
// Params: $sectors, $countries, $regions, $issues, $datasets (lists; empty = any), $nodeFiltered (bool),
//         $relTypes, $from, $to (relationship years), $active (only nodes with a dated relationship in the
//         years), $limit
// Rows stream from the node scan to the top-$limit sort: nothing collects the scope into a list, so the memory a
// whole large network needs is the sort's and the distinct set's, not a list of every node.
MATCH (e:Entity)
WHERE (size($sectors) = 0 OR e.sector IN $sectors)
  AND (size($countries) = 0 OR e.country IN $countries)
  AND (size($regions) = 0 OR e.region IN $regions OR e.subregion IN $regions)
  AND (size($issues) = 0 OR any(i IN e.issues WHERE i IN $issues))
  AND (size($datasets) = 0 OR e.dataset IN $datasets)
// The actor itself, and the partnerships it is tied to when the filters select actors.
CALL (e) {
  RETURN e AS n
  UNION
  WITH e WHERE $nodeFiltered AND e:Actor
  MATCH (e)-[r]-(n:Partnership)
  WHERE type(r) IN $relTypes
    AND ($from IS NULL OR r.until IS NULL OR r.until >= $from)
    AND ($to IS NULL OR r.since IS NULL OR r.since <= $to)
  RETURN n
}
// With $active: the selecting actor and the node itself each have a dated relationship of the types in the years.
WITH e, n
WHERE NOT $active
   OR all(x IN [e, n] WHERE EXISTS {
        MATCH (x)-[r]-(:Entity)
        WHERE type(r) IN $relTypes AND (r.since IS NOT NULL OR r.until IS NOT NULL)
          AND ($from IS NULL OR r.until IS NULL OR r.until >= $from)
          AND ($to IS NULL OR r.since IS NULL OR r.since <= $to)
      })
WITH DISTINCT n
WITH n, CASE WHEN size($relTypes) = 6
         // every collaboration type: read from the degree store, not by walking a partnership's members
         THEN COUNT { (n)-[:MEMBER_OF|FUNDS|PARTNERS_WITH|COORDINATES|HOSTS|PART_OF]-() }
         ELSE COUNT { (n)-[r]-(:Entity) WHERE type(r) IN $relTypes } END AS degree
ORDER BY degree DESC, n.id
LIMIT $limit
RETURN n { .id, .name, .acronym, .sector, .kind, .country, .region, .subregion, .founded, .issues, .dataset } AS node,
       labels(n) AS labels, degree
