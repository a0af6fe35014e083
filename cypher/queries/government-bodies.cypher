// title: A government's agencies and their ties
// description: The agencies that are part of a government, and the partnerships they belong to or lead.
// param government: actor = gov-aus | The government
MATCH (g:Entity {id: $government})<-[:PART_OF*1..2]-(agency:Actor)
OPTIONAL MATCH (agency)-[r:MEMBER_OF|COORDINATES|HOSTS]->(p:Partnership)
RETURN agency, agency.sector AS sector, type(r) AS role, p AS partnership
ORDER BY agency.name, p.name
