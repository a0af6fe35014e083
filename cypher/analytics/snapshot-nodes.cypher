// Every actor and partnership with what scoping and answers need, for the analytics snapshot; `nid` is the node's
// internal id, by which its ties and GDS's results are read. Params: none
MATCH (n:Entity)
RETURN id(n) AS nid, n.id AS id, n.name AS name, n:Partnership AS partnership, n.sector AS sector,
       n.country AS country, n.region AS region, n.subregion AS subregion, n.issues AS issues, n.dataset AS dataset
