// The version of the Graph Data Science library in the connected Neo4j (fails when it has none).
RETURN gds.version() AS version
