// Sources of the relationships among a set of actors and partnerships, for exports. Params: $ids
// Reached from each start node, outgoing (see graph/edges).
UNWIND $ids AS id
MATCH (a:Entity {id: id})-[r]->(b:Entity)
WHERE b.id IN $ids
RETURN a.id AS source, type(r) AS type, b.id AS target, r.sources AS sources, r.sourceTitles AS sourceTitles,
       r.secondary AS secondary, r.retrieved AS retrieved
