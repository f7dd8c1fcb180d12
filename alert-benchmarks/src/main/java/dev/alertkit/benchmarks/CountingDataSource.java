package dev.alertkit.benchmarks;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A {@link DataSource} wrapper that counts, on the client side, the SQL statements executed through it (by verb and
 * table, a batch counting one per row) and the transactions (a {@code COMMIT}, or a statement run in auto-commit).
 * Diagnostic for the statement counts per durable alert; not used in the timed runs.
 */
final class CountingDataSource {
  private static final Pattern TABLE = Pattern.compile("(?:\\binto|\\bfrom|^\\s*update)\\s+([a-z_.]+)", Pattern.CASE_INSENSITIVE);

  private final Map<String, LongAdder> statements = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> nanos = new ConcurrentHashMap<>();
  private final LongAdder transactions = new LongAdder();

  /** @return a counting view of {@code ds} */
  DataSource wrap(DataSource ds) {
    return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
        (proxy, m, args) -> {
          Object r = invoke(ds, m, args);
          return r instanceof Connection c ? connection(c) : r;
        });
  }

  /** @return statements by label (sorted) */
  Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    statements.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /** @return wall-clock nanoseconds spent in the driver per label (a batch's time goes to its label once) */
  Map<String, Long> nanos() {
    Map<String, Long> out = new TreeMap<>();
    nanos.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  long transactions() {
    return transactions.sum();
  }

  void reset() {
    statements.clear();
    nanos.clear();
    transactions.reset();
  }

  private Connection connection(Connection c) {
    boolean[] autoCommit = {true};
    try {
      autoCommit[0] = c.getAutoCommit();
    } catch (java.sql.SQLException e) {
      // keep the default
    }
    InvocationHandler h = (proxy, m, args) -> {
      String timed = null;
      switch (m.getName()) {
        case "setAutoCommit" -> autoCommit[0] = (Boolean) args[0];
        case "commit" -> {
          count("COMMIT");
          transactions.increment();
          timed = "COMMIT";
        }
        case "rollback" -> {
          if (args == null) {
            count("ROLLBACK");
          }
        }
        default -> { }
      }
      long t0 = System.nanoTime();
      Object r = invoke(c, m, args);
      if (timed != null) {
        time(timed, System.nanoTime() - t0);
      }
      if (r instanceof PreparedStatement ps && m.getName().equals("prepareStatement")) {
        return statement(ps, PreparedStatement.class, (String) args[0], autoCommit);
      }
      if (r instanceof Statement st && m.getName().equals("createStatement")) {
        return statement(st, Statement.class, null, autoCommit);
      }
      return r;
    };
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, h);
  }

  private Object statement(Statement st, Class<? extends Statement> type, String prepared, boolean[] autoCommit) {
    int[] batch = {0};
    InvocationHandler h = (proxy, m, args) -> {
      String name = m.getName();
      if (name.equals("addBatch")) {
        batch[0]++;
      } else if (name.equals("clearBatch")) {
        batch[0] = 0;
      } else if (name.startsWith("execute")) {
        String sql = prepared != null ? prepared : args != null && args.length > 0 && args[0] instanceof String s ? s : "?";
        int n = name.equals("executeBatch") || name.equals("executeLargeBatch") ? batch[0] : 1;
        batch[0] = 0;
        String label = label(sql);
        for (int i = 0; i < n; i++) {
          count(label);
        }
        if (autoCommit[0] && n > 0) {
          transactions.increment();
        }
        long t0 = System.nanoTime();
        try {
          return invoke(st, m, args);
        } finally {
          time(label, System.nanoTime() - t0);
        }
      }
      return invoke(st, m, args);
    };
    return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h);
  }

  private void time(String label, long ns) {
    nanos.computeIfAbsent(label, k -> new LongAdder()).add(ns);
  }

  private void count(String label) {
    statements.computeIfAbsent(label, k -> new LongAdder()).increment();
  }

  /** @return e.g. {@code INSERT alertkit_scheduled_tasks}, with a hint for db-scheduler's special statements */
  static String label(String sql) {
    String s = sql.strip();
    String verb = s.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
    Matcher t = TABLE.matcher(s);
    String table = t.find() ? t.group(1) : "";
    String lower = s.toLowerCase(Locale.ROOT);
    String hint = "";
    if (lower.contains("skip locked")) {
      verb = "UPDATE"; // db-scheduler's PostgreSQL lock-and-fetch: WITH … SELECT … FOR UPDATE SKIP LOCKED, UPDATE … RETURNING
      hint = " (lock-and-fetch)";
    } else if (verb.equals("UPDATE") && lower.contains("last_heartbeat") && !lower.contains("picked = ?")) {
      hint = " (heartbeat)";
    }
    return (verb + " " + table + hint).strip();
  }

  private static Object invoke(Object target, Method m, Object[] args) throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
