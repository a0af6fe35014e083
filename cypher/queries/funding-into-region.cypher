// title: Funding flows into a region
// description: Funding relationships whose recipients are based in a region or sub-region, by funder.
// param region: region = Asia | UN region or sub-region
// param limit: int(1..1000) = 100 | Maximum rows
MATCH (f:Entity)-[r:FUNDS]->(g:Entity)
WHERE g.region = $region OR g.subregion = $region
RETURN f AS funder, f.country AS funderCountry, g AS recipient, g.country AS recipientCountry, r.amount AS amount,
       r.currency AS currency, r.since AS since, r.sources AS sources
ORDER BY f.name, g.name
LIMIT $limit
