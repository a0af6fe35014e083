// Writes a batch of an import's actors and partnerships as :Staged nodes (no :Entity label yet, so no query of the
// API sees them), with their facet links. Params: $run, $rows [{id, kind, roles, props, country, operatesIn, issues}]
UNWIND $rows AS row
CREATE (n:Staged)
SET n = row.props, n.stageRun = $run, n.stageKey = $run + ':' + row.id, n.stageKind = row.kind,
    n.stageRoles = row.roles, n.stagedAt = datetime()
WITH n, row
CALL {
  WITH n, row
  OPTIONAL MATCH (c:Country {id: row.country})
  FOREACH (_ IN CASE WHEN c IS NULL THEN [] ELSE [1] END |
    CREATE (n)-[b:BASED_IN]->(c) SET b.sources = row.props.sources, b.dataset = row.props.dataset)
}
CALL {
  WITH n, row
  UNWIND row.operatesIn AS code
  MATCH (c:Country {id: code})
  CREATE (n)-[o:OPERATES_IN]->(c)
  SET o.sources = row.props.sources, o.dataset = row.props.dataset
}
CALL {
  WITH n, row
  UNWIND row.issues AS issueId
  MATCH (i:Issue {id: issueId})
  CREATE (n)-[w:WORKS_ON]->(i)
  SET w.sources = row.props.sources, w.dataset = row.props.dataset
}
RETURN count(n) AS written
