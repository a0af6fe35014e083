// title: States parties to a convention, by region
// description: Members of a convention or partnership grouped by the UN region of their headquarters country.
// param partnership: actor = coe-convention-thb | The convention or partnership
MATCH (p:Partnership {id: $partnership})<-[:MEMBER_OF]-(m:Entity)
RETURN coalesce(m.region, 'unknown') AS region, count(m) AS members, collect(m.name)[..8] AS examples
ORDER BY members DESC, region
