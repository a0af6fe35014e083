// Actors and partnerships in a scope, best connected first. Filters select actors (and partnerships that match
// them directly); a partnership is also in scope when an in-scope actor is tied to it by an in-scope relationship.
// Params: $sectors, $countries, $regions, $issues, $datasets (lists; empty = any), $nodeFiltered (bool),
//         $relTypes, $from, $to (relationship years), $active (only nodes with a dated relationship in the
//         years), $limit
// With $active: the entities with a dated relationship of the chosen types in the years (not read otherwise).
CALL () {
  UNWIND CASE WHEN $active THEN [true] ELSE [] END AS asked
  MATCH (x:Entity)-[r]-(:Entity)
  WHERE type(r) IN $relTypes AND (r.since IS NOT NULL OR r.until IS NOT NULL)
    AND ($from IS NULL OR r.until IS NULL OR r.until >= $from)
    AND ($to IS NULL OR r.since IS NULL OR r.since <= $to)
  RETURN collect(DISTINCT x) AS dated
}
MATCH (e:Entity)
WHERE (size($sectors) = 0 OR e.sector IN $sectors)
  AND (size($countries) = 0 OR e.country IN $countries)
  AND (size($regions) = 0 OR e.region IN $regions OR e.subregion IN $regions)
  AND (size($issues) = 0 OR any(i IN e.issues WHERE i IN $issues))
  AND (size($datasets) = 0 OR e.dataset IN $datasets)
  AND (NOT $active OR e IN dated)
WITH dated, collect(e) AS selected
// The partnerships the selected actors are tied to (an aggregate: one row, empty when none or unfiltered).
CALL (selected, dated) {
  UNWIND selected AS a
  WITH a WHERE $nodeFiltered AND a:Actor
  MATCH (a)-[r]-(p:Partnership)
  WHERE type(r) IN $relTypes
    AND ($from IS NULL OR r.until IS NULL OR r.until >= $from)
    AND ($to IS NULL OR r.since IS NULL OR r.since <= $to)
    AND (NOT $active OR p IN dated)
  RETURN collect(DISTINCT p) AS tied
}
UNWIND selected + tied AS n
WITH DISTINCT n
WITH n, CASE WHEN size($relTypes) = 6
         // every collaboration type: read from the degree store, not by walking a partnership's members
         THEN COUNT { (n)-[:MEMBER_OF|FUNDS|PARTNERS_WITH|COORDINATES|HOSTS|PART_OF]-() }
         ELSE COUNT { (n)-[r]-(:Entity) WHERE type(r) IN $relTypes } END AS degree
ORDER BY degree DESC, n.id
LIMIT $limit
RETURN n { .id, .name, .acronym, .sector, .kind, .country, .region, .subregion, .founded, .issues, .dataset } AS node,
       labels(n) AS labels, degree
