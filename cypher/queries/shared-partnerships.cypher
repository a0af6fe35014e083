// title: Partnerships two actors share
// description: Networks, coalitions, task forces and conventions that both actors belong to, chair or host.
// param a: actor = unodc | The first actor
// param b: actor = ilo | The second actor
MATCH (x:Entity {id: $a})-[ra:MEMBER_OF|COORDINATES|HOSTS]->(p:Partnership)<-[rb:MEMBER_OF|COORDINATES|HOSTS]-(y:Entity {id: $b})
RETURN p AS partnership, type(ra) AS firstRole, type(rb) AS secondRole, ra.sources + rb.sources AS sources
ORDER BY p.name
