// Records which dataset is loaded and bumps the data version that caches key on. Params: $id, $name, $version
MERGE (d:Dataset {id: $id})
SET d.name = $name, d.version = $version, d.loadedAt = datetime(), d.dataVersion = coalesce(d.dataVersion, 0) + 1
RETURN d.dataVersion AS dataVersion
