// Every actor and partnership with what scoping and answers need, for the analytics snapshot; `nid` is the node's
// internal id, by which its ties and GDS's results are read. In id order, so the snapshot (and every seeded result
// computed on it: communities, clusters, samples) is the same however the database happens to store the nodes; the
// id's uniqueness index gives that order (an index scan, no sort: the IS NOT NULL lets the planner use it).
// Params: none
MATCH (n:Entity)
WHERE n.id IS NOT NULL
RETURN id(n) AS nid, n.id AS id, n.name AS name, n:Partnership AS partnership, n.sector AS sector,
       n.country AS country, n.region AS region, n.subregion AS subregion, n.issues AS issues, n.dataset AS dataset
ORDER BY n.id
