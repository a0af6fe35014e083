// title: Government agencies in referral mechanisms and task forces
// description: For each referral mechanism or task force, the government bodies and law-enforcement agencies taking part.
// param limit: int(1..1000) = 200 | Maximum rows
MATCH (p:Partnership)
WHERE p.kind IN ['referral-mechanism', 'task-force']
MATCH (a:Actor)-[r:MEMBER_OF|COORDINATES|HOSTS]->(p)
WHERE a.sector IN ['Government', 'LawEnforcement']
RETURN p AS mechanism, p.kind AS kind, a AS agency, type(r) AS role, r.sources AS sources
ORDER BY p.name, a.name
LIMIT $limit
