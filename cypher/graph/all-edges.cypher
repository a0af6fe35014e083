// Every collaboration relationship as an id pair (for the whole-network layout). Params: $relTypes
MATCH (a:Entity)-[r]->(b:Entity)
WHERE type(r) IN $relTypes
RETURN a.id AS s, b.id AS t
