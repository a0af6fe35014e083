// Provenance and descriptive fields of actors and partnerships, for exports. Params: $ids
MATCH (n:Entity)
WHERE n.id IN $ids
RETURN n.id AS id, n.sources AS sources, n.sourceTitles AS sourceTitles, n.secondary AS secondary, n.retrieved AS retrieved, n.website AS website, n.description AS description,
       n.aliases AS aliases, n.operatesIn AS operatesIn
