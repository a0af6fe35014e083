// The whole state of one actor or partnership, for change records and reverts: its labels, its properties and
// every relationship it has with another actor or partnership. Params: $id
MATCH (n:Entity {id: $id})
RETURN [l IN labels(n) WHERE l <> 'Entity'] AS labels,
       properties(n) AS props,
       [(n)-[r]->(m:Entity) | {type: type(r), source: n.id, target: m.id, props: properties(r)}] +
       [(m:Entity)-[r]->(n) | {type: type(r), source: m.id, target: n.id, props: properties(r)}] AS relationships
