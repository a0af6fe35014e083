// Creates a batch of an import's relationships between its :Staged nodes. Params: $run, $rows [{type, source, target, props}]
UNWIND $rows AS row
MATCH (a:Staged {stageKey: $run + ':' + row.source})
MATCH (b:Staged {stageKey: $run + ':' + row.target})
FOREACH (_ IN CASE row.type WHEN 'MEMBER_OF' THEN [1] ELSE [] END | CREATE (a)-[r:MEMBER_OF]->(b) SET r = row.props)
FOREACH (_ IN CASE row.type WHEN 'FUNDS' THEN [1] ELSE [] END | CREATE (a)-[r:FUNDS]->(b) SET r = row.props)
FOREACH (_ IN CASE row.type WHEN 'PARTNERS_WITH' THEN [1] ELSE [] END | CREATE (a)-[r:PARTNERS_WITH]->(b) SET r = row.props)
FOREACH (_ IN CASE row.type WHEN 'COORDINATES' THEN [1] ELSE [] END | CREATE (a)-[r:COORDINATES]->(b) SET r = row.props)
FOREACH (_ IN CASE row.type WHEN 'HOSTS' THEN [1] ELSE [] END | CREATE (a)-[r:HOSTS]->(b) SET r = row.props)
FOREACH (_ IN CASE row.type WHEN 'PART_OF' THEN [1] ELSE [] END | CREATE (a)-[r:PART_OF]->(b) SET r = row.props)
RETURN count(*) AS written
