// What a view shows of every actor and partnership (the node map graph/nodes.cypher returns, and its labels), for
// the network snapshot's views, read after the snapshot itself. Params: none
MATCH (n:Entity)
RETURN n { .id, .name, .acronym, .sector, .kind, .country, .region, .subregion, .founded, .issues, .dataset } AS node,
       labels(n) AS labels
