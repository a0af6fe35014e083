// The kind and sector of the entities with the given ids, to check a relationship's endpoints. Params: $ids
MATCH (n:Entity)
WHERE n.id IN $ids
RETURN n.id AS id, CASE WHEN n:Partnership THEN 'Partnership' ELSE 'Actor' END AS kind, n.sector AS sector,
       n.dataset AS dataset
