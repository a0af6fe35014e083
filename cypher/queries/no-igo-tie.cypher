// title: Working on an issue in a region, with no tie to any IGO
// description: Actors based in a region that work on an issue but have no relationship with any intergovernmental body, directly or through a shared partnership.
// param issue: issue = victim-services | The issue
// param region: region = Asia | UN region or sub-region
// param limit: int(1..1000) = 100 | Maximum rows
MATCH (a:Actor)-[:WORKS_ON]->(:Issue {id: $issue})
WHERE (a.region = $region OR a.subregion = $region) AND a.sector <> 'IGO'
  AND NOT EXISTS { (a)-[:MEMBER_OF|FUNDS|PARTNERS_WITH|COORDINATES|HOSTS|PART_OF]-(:Actor {sector: 'IGO'}) }
  AND NOT EXISTS { (a)-[:MEMBER_OF]->(:Partnership)<-[:MEMBER_OF|COORDINATES|HOSTS]-(:Actor {sector: 'IGO'}) }
RETURN a AS actor, a.sector AS sector, a.country AS country
ORDER BY a.name
LIMIT $limit
