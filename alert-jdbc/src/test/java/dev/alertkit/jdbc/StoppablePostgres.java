package dev.alertkit.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A PostgreSQL of a test's own, on a fixed port and data directory, that the test stops and starts again (a database
 * outage mid-run), unlike the shared server of {@link Pg}.
 */
final class StoppablePostgres implements AutoCloseable {
  private final Path data;
  private final int port;
  private EmbeddedPostgres pg;

  private StoppablePostgres(Path data, int port) throws IOException {
    this.data = data;
    this.port = port;
    this.pg = launch();
  }

  /** Starts one with its data under {@code dir} on a free port. */
  static StoppablePostgres start(Path dir) throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    return new StoppablePostgres(Files.createDirectories(dir.resolve("pgdata")), port);
  }

  /** @return the JDBC URL of its {@code postgres} database (the same across restarts) */
  String url() {
    return "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres";
  }

  /** Stops it; the data stays. */
  synchronized void stop() throws IOException {
    if (pg != null) {
      pg.close();
      pg = null;
    }
  }

  /** Starts it again on the same port and data. */
  synchronized void restart() throws IOException {
    if (pg == null) {
      pg = launch();
    }
  }

  private EmbeddedPostgres launch() throws IOException {
    return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
  }

  @Override
  public void close() throws IOException {
    stop();
  }
}
