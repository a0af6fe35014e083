// Relationships an import would add between actors it does not hold itself that another dataset already holds
// (one relationship per type and ordered pair). Params: $dataset, $rows [{type, source, target}]
UNWIND $rows AS row
MATCH (a:Entity {id: row.source})-[r]->(b:Entity {id: row.target})
WHERE type(r) = row.type AND coalesce(r.dataset, '') <> $dataset
RETURN row.source AS source, row.type AS type, row.target AS target, r.dataset AS dataset
