// One actor or partnership with its facets. Params: $id
MATCH (n:Entity {id: $id})
OPTIONAL MATCH (n)-[:BASED_IN]->(c:Country)
RETURN n {.*} AS node, labels(n) AS labels,
       CASE WHEN c IS NULL THEN null ELSE c { .id, .name, .region, .subregion } END AS country,
       [(n)-[:WORKS_ON]->(i:Issue) | i { .id, .name }] AS issues,
       [(n)-[:OPERATES_IN]->(o:Country) | o { .id, .name }] AS operatesIn
