// The outgoing ties between actors and partnerships of a batch of nodes (by internal id), as parallel lists of
// integers and types: one row per batch, no object per tie. A missing year is 0. Params: $nids
UNWIND $nids AS nid
MATCH (a) WHERE id(a) = toInteger(nid)
MATCH (a)-[r]->(b:Entity)
RETURN collect(id(a)) AS source, collect(id(b)) AS target, collect(type(r)) AS type,
       collect(coalesce(r.since, 0)) AS since, collect(coalesce(r.until, 0)) AS until
