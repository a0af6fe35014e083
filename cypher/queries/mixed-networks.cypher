// title: Networks joining governments and NGOs
// description: Partnerships whose members include both government bodies and NGOs, with the count of each.
// param limit: int(1..1000) = 100 | Maximum rows
MATCH (p:Partnership)<-[:MEMBER_OF]-(m:Actor)
WITH p, count(CASE WHEN m.sector = 'Government' THEN 1 END) AS governments,
        count(CASE WHEN m.sector = 'NGO' THEN 1 END) AS ngos, count(m) AS members
WHERE governments > 0 AND ngos > 0
RETURN p AS partnership, governments, ngos, members
ORDER BY members DESC, p.name
LIMIT $limit
