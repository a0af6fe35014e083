// Full-text search over names, acronyms and aliases. $lucene is a Lucene query built by the server from the
// user's words (letters and digits only). The index returns only its best $limit hits (a top-k inside Lucene, not
// every match sorted afterwards). Params: $lucene, $limit
CALL db.index.fulltext.queryNodes('entity_search', $lucene, {limit: $limit}) YIELD node, score
RETURN node.id AS id, node.name AS name, node.acronym AS acronym, labels(node) AS labels, node.sector AS sector,
       node.kind AS kind, node.country AS country, score
ORDER BY score DESC, node.name
LIMIT $limit
