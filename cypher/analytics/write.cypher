// Writes analysis results onto actors and partnerships so Cypher queries can use them.
// Params: $rows [{id, props: {<metric>: value}}] (property names come from the server's allow-list of metrics)
UNWIND $rows AS row
MATCH (n:Entity {id: row.id})
SET n += row.props
RETURN count(n) AS written
