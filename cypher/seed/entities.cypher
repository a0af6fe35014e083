// Upserts actors and partnerships with their role labels and facet links (BASED_IN, OPERATES_IN, WORKS_ON).
// Params: $rows [{id, kind: 'Actor'|'Partnership', roles: [..], props: {..}, country, operatesIn: [..], issues: [..]}]
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n = row.props
REMOVE n:Organization:Funder:Government
FOREACH (_ IN CASE WHEN row.kind = 'Actor' THEN [1] ELSE [] END | SET n:Actor)
FOREACH (_ IN CASE WHEN row.kind = 'Partnership' THEN [1] ELSE [] END | SET n:Partnership)
FOREACH (_ IN CASE WHEN 'Organization' IN row.roles THEN [1] ELSE [] END | SET n:Organization)
FOREACH (_ IN CASE WHEN 'Funder' IN row.roles THEN [1] ELSE [] END | SET n:Funder)
FOREACH (_ IN CASE WHEN 'Government' IN row.roles THEN [1] ELSE [] END | SET n:Government)
WITH n, row
CALL {
  WITH n, row
  OPTIONAL MATCH (c:Country {id: row.country})
  FOREACH (_ IN CASE WHEN c IS NULL THEN [] ELSE [1] END |
    MERGE (n)-[b:BASED_IN]->(c) SET b.sources = row.props.sources, b.dataset = row.props.dataset)
}
CALL {
  WITH n, row
  UNWIND row.operatesIn AS code
  MATCH (c:Country {id: code})
  MERGE (n)-[o:OPERATES_IN]->(c)
  SET o.sources = row.props.sources, o.dataset = row.props.dataset
}
CALL {
  WITH n, row
  UNWIND row.issues AS issueId
  MATCH (i:Issue {id: issueId})
  MERGE (n)-[w:WORKS_ON]->(i)
  SET w.sources = row.props.sources, w.dataset = row.props.dataset
}
RETURN count(n) AS written
