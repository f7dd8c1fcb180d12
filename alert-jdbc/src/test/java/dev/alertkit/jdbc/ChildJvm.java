package dev.alertkit.jdbc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A JVM started on this test's class path for a process-level crash test; its output lines are queued. */
final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final Thread reader;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  private ChildJvm(Process process) {
    this.process = process;
    this.reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (IOException e) {
        // the process died
      }
    }, "child-jvm-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code main} of a class of this test module with these arguments (stderr joined to stdout). */
  static ChildJvm start(Class<?> main, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
  }

  /** @return the next output line within the timeout, or null */
  String poll(long timeout, TimeUnit unit) throws InterruptedException {
    return lines.poll(timeout, unit);
  }

  /** Kills the process (no shutdown, no close), waits for it, and returns the lines it printed that were not read. */
  List<String> kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("the child JVM did not die within 30 s");
    }
    reader.join(TimeUnit.SECONDS.toMillis(10));
    List<String> rest = new ArrayList<>();
    lines.drainTo(rest);
    return rest;
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
