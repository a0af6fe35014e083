// The functions the database offers, built-in or from plugins: the console allows built-in ones and a short
// allow-list of plugin functions. Params: none
SHOW FUNCTIONS YIELD name, isBuiltIn
RETURN name, isBuiltIn
