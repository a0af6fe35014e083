// title: Every source behind an actor
// description: The public pages that state each fact recorded about an actor or partnership, for citation.
// param actor: actor = unodc | The actor or partnership
MATCH (a:Entity {id: $actor})
CALL {
  WITH a
  RETURN 'node' AS fact, a.name AS about, a.sources AS sources
  UNION
  WITH a
  MATCH (a)-[r:MEMBER_OF|FUNDS|PARTNERS_WITH|COORDINATES|HOSTS|PART_OF]-(o:Entity)
  RETURN type(r) AS fact, o.name AS about, r.sources AS sources
}
UNWIND sources AS source
RETURN fact, about, source
ORDER BY fact, about, source
