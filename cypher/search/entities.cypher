// Full-text search over names, acronyms and aliases, one page of the ranked hits and how many there are.
// $lucene is a Lucene query built by the server from the user's words (letters and digits only); $text is what
// was typed, lower-cased. The index returns its best $candidates hits (a top-k inside Lucene); among them an exact
// name, acronym or alias ranks first, then a name or acronym that starts with the text, then Lucene's score, so
// "ilo" finds the ILO before the networks named after it. Ties go by name, then id, so pages never overlap.
// Params: $lucene, $text, $candidates, $offset, $limit
CALL db.index.fulltext.queryNodes('entity_search', $lucene, {limit: $candidates}) YIELD node, score
WITH node, score, toLower(node.name) AS name, toLower(coalesce(node.acronym, '')) AS acronym
WITH node, score,
     CASE
       WHEN name = $text OR acronym = $text OR any(a IN coalesce(node.aliases, []) WHERE toLower(a) = $text) THEN 2
       WHEN name STARTS WITH $text OR (acronym <> '' AND acronym STARTS WITH $text) THEN 1
       ELSE 0
     END AS match
ORDER BY match DESC, score DESC, node.name, node.id
WITH collect({id: node.id, name: node.name, acronym: node.acronym, labels: labels(node), sector: node.sector,
              kind: node.kind, country: node.country, score: score}) AS hits
RETURN size(hits) AS total, hits[$offset..$offset + $limit] AS results
