// Whether the connection may write: creates and deletes a node in a transaction that is always rolled back.
CREATE (p:AtlasWriteProbe)
DELETE p
RETURN 1 AS ok
