// Records which dataset is loaded and bumps the data version that caches key on; the
// random token makes it unique across reloads (a reload into an emptied database counts from 1 again). Params: $id, $name, $version
MERGE (d:Dataset {id: $id})
SET d.name = $name, d.version = $version, d.loadedAt = datetime(), d.dataVersion = coalesce(d.dataVersion, 0) + 1,
    d.versionToken = randomUUID()
RETURN d.dataVersion AS dataVersion
