// Every actor and partnership with what scoping, answers and scoped views need, for the network snapshot; `nid` is
// the node's internal id, by which its ties and GDS's results are read. In id order, so the snapshot (and every
// seeded result computed on it: communities, clusters, samples) is the same however the database happens to store
// the nodes. The node map holds what graph/nodes.cypher returns for a view.
// Params: none
MATCH (n:Entity)
RETURN id(n) AS nid, n.id AS id, n.name AS name, n:Partnership AS partnership, n.sector AS sector,
       n.country AS country, n.region AS region, n.subregion AS subregion, n.issues AS issues, n.dataset AS dataset,
       n { .id, .name, .acronym, .sector, .kind, .country, .region, .subregion, .founded, .issues, .dataset } AS node,
       labels(n) AS labels
ORDER BY n.id
