// Removes an entity's facet links (country, countries of operation, issues) before they are written anew.
// Params: $id
MATCH (n:Entity {id: $id})-[f:BASED_IN|OPERATES_IN|WORKS_ON]->()
DELETE f
