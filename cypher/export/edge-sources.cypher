// Sources of the relationships among a set of actors and partnerships, for exports. Params: $ids
MATCH (a:Entity)-[r]->(b:Entity)
WHERE a.id IN $ids AND b.id IN $ids
RETURN a.id AS source, type(r) AS type, b.id AS target, r.sources AS sources, r.retrieved AS retrieved
