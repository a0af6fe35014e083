// Full-text search over names, acronyms and aliases. $lucene is a Lucene query built by the server from the
// user's words (letters and digits only); $text is what was typed, lower-cased. The index returns its best
// $candidates hits (a top-k inside Lucene); among them an exact name, acronym or alias ranks first, then a name or
// acronym that starts with the text, then Lucene's score, so "ilo" finds the ILO before the networks named after
// it. Params: $lucene, $text, $candidates, $limit
CALL db.index.fulltext.queryNodes('entity_search', $lucene, {limit: $candidates}) YIELD node, score
WITH node, score, toLower(node.name) AS name, toLower(coalesce(node.acronym, '')) AS acronym
WITH node, score,
     CASE
       WHEN name = $text OR acronym = $text OR any(a IN coalesce(node.aliases, []) WHERE toLower(a) = $text) THEN 2
       WHEN name STARTS WITH $text OR (acronym <> '' AND acronym STARTS WITH $text) THEN 1
       ELSE 0
     END AS match
RETURN node.id AS id, node.name AS name, node.acronym AS acronym, labels(node) AS labels, node.sector AS sector,
       node.kind AS kind, node.country AS country, score, match
ORDER BY match DESC, score DESC, node.name
LIMIT $limit
