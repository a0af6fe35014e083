// Actors and partnerships by id, in the same shape as graph/nodes. Params: $ids, $relTypes
MATCH (n:Entity)
WHERE n.id IN $ids
RETURN n { .id, .name, .acronym, .sector, .kind, .country, .region, .subregion, .founded, .issues, .dataset } AS node,
       labels(n) AS labels, COUNT { (n)-[r]-(:Entity) WHERE type(r) IN $relTypes } AS degree
