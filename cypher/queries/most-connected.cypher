// title: Most connected actors in a sector
// description: Actors of a sector ranked by their number of collaboration ties, with a breakdown by type.
// param sector: sector = NGO | The sector
// param limit: int(1..1000) = 25 | Maximum rows
MATCH (a:Actor {sector: $sector})
CALL {
  WITH a
  MATCH (a)-[r:MEMBER_OF|FUNDS|PARTNERS_WITH|COORDINATES|HOSTS|PART_OF]-(:Entity)
  RETURN count(r) AS ties, count(CASE WHEN type(r) = 'MEMBER_OF' THEN 1 END) AS memberships,
         count(CASE WHEN type(r) = 'FUNDS' THEN 1 END) AS funding, count(CASE WHEN type(r) = 'PARTNERS_WITH' THEN 1 END) AS partnerships
}
WITH a, ties, memberships, funding, partnerships
WHERE ties > 0
RETURN a AS actor, ties, memberships, funding, partnerships
ORDER BY ties DESC, a.name
LIMIT $limit
