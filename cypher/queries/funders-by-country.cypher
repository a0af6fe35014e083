// title: Who funds actors in a country
// description: Funders of actors based in, or working in, a given country.
// param country: country = NPL | The country
// param limit: int(1..1000) = 100 | Maximum rows
MATCH (g:Entity)
WHERE g.country = $country OR $country IN g.operatesIn
MATCH (f:Entity)-[r:FUNDS]->(g)
RETURN f AS funder, g AS grantee, r.amount AS amount, r.currency AS currency, r.since AS since, r.sources AS sources
ORDER BY f.name, g.name
LIMIT $limit
