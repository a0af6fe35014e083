// title: Who funds work on an issue
// description: Funders of actors and partnerships that work on an issue, with amounts and years where sources state them.
// param issue: issue = victim-services | The issue the grantees work on
// param limit: int(1..1000) = 100 | Maximum rows
MATCH (f:Entity)-[r:FUNDS]->(g:Entity)-[:WORKS_ON]->(:Issue {id: $issue})
RETURN f AS funder, g AS grantee, r.amount AS amount, r.currency AS currency, r.since AS since, r.until AS until,
       r.sources AS sources
ORDER BY f.name, g.name
LIMIT $limit
