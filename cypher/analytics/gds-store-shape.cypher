// What the native projections of the network name: which of the network's relationship types ($types) the store
// holds, and whether ties can carry years at all.
// Params: $types
CALL db.relationshipTypes() YIELD relationshipType
WITH collect(relationshipType) AS present
CALL db.propertyKeys() YIELD propertyKey
WITH present, collect(propertyKey) AS keys
RETURN [t IN $types WHERE t IN present] AS types, 'since' IN keys OR 'until' IN keys AS years
