package org.coalitionatlas.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;

/**
 * Runs a local Neo4j Community server for Coalition Atlas: the real database engine with its Bolt connector
 * listening on loopback only, authentication on, and defensive settings (no file imports, bounded transactions).
 *
 * <p>Usage: {@code java -cp ... org.coalitionatlas.db.AtlasNeo4j --home DIR --port 7687}; the password for the
 * {@code neo4j} user comes from the environment variable {@code ATLAS_NEO4J_PASSWORD}. Extra settings can be given
 * as {@code --conf key=value}. The process prints {@code READY bolt://127.0.0.1:PORT} once Bolt accepts
 * connections and shuts the database down cleanly on SIGTERM or SIGINT.
 */
public final class AtlasNeo4j {
  private AtlasNeo4j() {}

  public static void main(String[] args) throws Exception {
    Path home = null;
    int port = 7687;
    Map<String, String> extra = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--home" -> home = Path.of(args[++i]).toAbsolutePath();
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--conf" -> {
          String kv = args[++i];
          int eq = kv.indexOf('=');
          if (eq <= 0) {
            fail("--conf expects key=value, got '" + kv + "'");
          }
          extra.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        default -> fail("unknown argument '" + args[i] + "'");
      }
    }
    if (home == null) {
      fail("--home DIR is required");
    }
    String password = System.getenv("ATLAS_NEO4J_PASSWORD");
    if (password == null || password.length() < 8) {
      fail("ATLAS_NEO4J_PASSWORD must be set to a password of at least 8 characters");
    }
    Files.createDirectories(home);
    Path plugins = home.resolve("plugins");
    Files.createDirectories(plugins);

    Map<String, String> conf = new HashMap<>();
    conf.put("server.bolt.enabled", "true");
    conf.put("server.bolt.listen_address", "127.0.0.1:" + port);
    conf.put("server.bolt.advertised_address", "127.0.0.1:" + port);
    conf.put("server.directories.plugins", plugins.toString());
    conf.put("dbms.security.auth_enabled", "true");
    // Defensive defaults: the Cypher console must not reach files or run away with memory or time.
    conf.put("dbms.security.allow_csv_import_from_file_urls", "false");
    conf.put("dbms.security.procedures.unrestricted", "");
    conf.put("dbms.security.procedures.allowlist", "gds.*");
    // No outbound connections from Cypher (LOAD CSV from http, https or ftp): every IPv4 and IPv6 address is blocked.
    conf.put("internal.dbms.cypher_ip_blocklist", "0.0.0.0/0,::/0");
    // Nor from the server itself: Neo4j reports usage (counts of nodes, relationships, store size) every day unless
    // told not to; a researcher's local database does not.
    conf.put("dbms.usage_report.enabled", "false");
    conf.put("db.transaction.timeout", "120s");
    conf.put("server.memory.pagecache.size", "1g");
    conf.put("db.tx_log.rotation.retention_policy", "2 files");
    conf.putAll(extra);
    boundTransactionMemory(conf);
    Path confFile = home.resolve("neo4j.conf");
    StringBuilder text = new StringBuilder("# Written by atlas-neo4j at each start; edit the launcher's --conf instead.\n");
    conf.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    Files.writeString(confFile, text.toString());

    DatabaseManagementService dbms;
    try {
      dbms = new DatabaseManagementServiceBuilder(home).loadPropertiesFromFile(confFile).build();
    } catch (RuntimeException e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      String msg = String.valueOf(root.getMessage());
      if (msg.contains("Address already in use") || root instanceof java.net.BindException) {
        fail("port " + port + " is already in use: stop what is listening there or choose another port");
      }
      throw e;
    }
    try {
      setPassword(dbms, password);
    } catch (RuntimeException e) {
      dbms.shutdown();
      fail("could not set the neo4j user's password: " + e.getMessage());
    }

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  dbms.shutdown();
                  stopped.countDown();
                },
                "atlas-neo4j-shutdown"));
    System.out.println("READY bolt://127.0.0.1:" + port);
    System.out.flush();
    stopped.await();
  }

  /**
   * Keeps transaction memory well inside the heap, whatever the heap is: one transaction may take a quarter of it and
   * all transactions together half, by default. A larger value given with --conf is lowered to three quarters of the
   * heap, so that one query can never push the JVM into long stop-the-world collections that stall every user.
   */
  static void boundTransactionMemory(Map<String, String> conf) {
    long heap = Runtime.getRuntime().maxMemory();
    long cap = heap / 4 * 3;
    bound(conf, "db.memory.transaction.max", heap / 4, cap);
    bound(conf, "db.memory.transaction.total.max", heap / 2, cap);
    bound(conf, "dbms.memory.transaction.total.max", heap / 2, cap);
  }

  private static void bound(Map<String, String> conf, String key, long fallback, long cap) {
    String given = conf.get(key);
    long value = given == null ? fallback : Math.min(parseBytes(given), cap);
    if (given != null && parseBytes(given) > cap) {
      System.err.println("atlas-neo4j: " + key + "=" + given + " is lowered to " + (cap >> 20) + "m, 3/4 of the heap");
    }
    conf.put(key, (value >> 20) + "m");
  }

  static long parseBytes(String text) {
    String t = text.trim().toLowerCase();
    long unit = 1;
    char last = t.charAt(t.length() - 1);
    if (last == 'k' || last == 'm' || last == 'g') {
      unit = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
      t = t.substring(0, t.length() - 1);
    }
    return Long.parseLong(t) * unit;
  }

  /** Makes the configured password the neo4j user's, so clients never meet the forced first-login change. */
  private static void setPassword(DatabaseManagementService dbms, String password) {
    GraphDatabaseService system = dbms.database("system");
    try {
      system.executeTransactionally(
          "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
    } catch (RuntimeException e) {
      // Already the password: nothing to change.
      if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
        throw e;
      }
    }
  }

  private static void fail(String message) throws IOException {
    System.err.println("atlas-neo4j: " + message);
    System.exit(2);
  }
}
