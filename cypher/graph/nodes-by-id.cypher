// Actors and partnerships by id, in the same shape as graph/nodes. Params: $ids, $relTypes
MATCH (n:Entity)
WHERE n.id IN $ids
RETURN n { .id, .name, .acronym, .sector, .kind, .country, .region, .subregion, .founded, .issues, .dataset } AS node,
       labels(n) AS labels, CASE WHEN size($relTypes) = 6
         // every collaboration type: read from the degree store, not by walking a partnership's members
         THEN COUNT { (n)-[:MEMBER_OF|FUNDS|PARTNERS_WITH|COORDINATES|HOSTS|PART_OF]-() }
         ELSE COUNT { (n)-[r]-(:Entity) WHERE type(r) IN $relTypes } END AS degree
