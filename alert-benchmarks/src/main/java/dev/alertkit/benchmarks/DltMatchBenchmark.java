package dev.alertkit.benchmarks;

import dev.alertkit.india.DltRegistry;
import dev.alertkit.india.DltTemplate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Time to find the template a message was rendered from, with n generated templates (seed 42) and 1,024 messages
 * rendered from uniformly chosen templates (seed 7), cycled: alertkit's {@link DltRegistry#findTemplates} against the
 * naive baseline (regex per template, in order).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DltMatchBenchmark {
  /** How many templates are registered. */
  @Param({"100", "1000", "10000", "50000"})
  public int templates;

  private String[] messages;
  private NaiveDltMatcher naive;
  private DltRegistry registry;
  private int next;

  /** Generates templates and messages; checks that every message matches. */
  @Setup
  public void setUp() {
    List<DltTemplates.Template> ts = DltTemplates.generate(templates, 42);
    messages = DltTemplates.messages(ts, 1024, 7).toArray(new String[0]);
    naive = new NaiveDltMatcher(ts);
    registry = DltRegistries.of(ts);
    for (String m : messages) {
      if (naive.match(m) == null) {
        throw new IllegalStateException("naive matcher found no template for: " + m);
      }
      if (registry.findTemplates(m).isEmpty()) {
        throw new IllegalStateException("registry found no template for: " + m);
      }
    }
  }

  /** @return the template id: naive regex per template */
  @Benchmark
  public String naive() {
    return naive.match(message());
  }

  /** @return the matching templates: alertkit's indexed registry */
  @Benchmark
  public List<DltTemplate> registry() {
    return registry.findTemplates(message());
  }

  private String message() {
    int i = next;
    next = (i + 1) & 1023;
    return messages[i];
  }
}
