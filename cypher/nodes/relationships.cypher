// The collaboration relationships of one actor or partnership, with each counterpart. Params: $id, $limit
MATCH (n:Entity {id: $id})-[r]-(m:Entity)
RETURN type(r) AS type, CASE WHEN startNode(r) = n THEN 'out' ELSE 'in' END AS direction,
       m { .id, .name, .acronym, .sector, .kind } AS counterpart, labels(m) AS labels,
       r { .role, .since, .until, .amount, .currency, .sources, .retrieved, .dataset } AS properties
ORDER BY type, m.name
LIMIT $limit
