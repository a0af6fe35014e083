// The relationships of one dataset between actors and partnerships, to compare an edited network file with.
// Params: $dataset
MATCH (a:Entity)-[r]->(b:Entity)
WHERE r.dataset = $dataset
RETURN type(r) AS type, a.id AS source, b.id AS target, properties(r) AS props
