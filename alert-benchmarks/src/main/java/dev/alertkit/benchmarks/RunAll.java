package dev.alertkit.benchmarks;

import com.sendgrid.SendGrid;
import com.twilio.http.TwilioRestClient;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.profile.StackProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark of issue 10 in one go and writes BENCHMARKS.md: JMH (send overhead vs the raw SDKs, in-process
 * overhead with allocations, DLT matching), then the timed bursts and the email fan-out in this JVM, then alert-jdbc on
 * an embedded PostgreSQL (durable submissions end to end in this JVM; dedup claims and submits under JMH).
 *
 * <pre>
 * java -Dsun.net.httpserver.nodelay=true -jar alert-benchmarks/target/benchmarks.jar [--out BENCHMARKS.md] [--quick]
 * </pre>
 *
 * {@code --quick} shortens everything (smoke test of the harness; its figures mean nothing); {@code --only} runs some
 * sections (a partial BENCHMARKS.md says which were left out by their missing rows).
 */
public final class RunAll {
  private static final String[] JVM_ARGS = {"-Dsun.net.httpserver.nodelay=true", "-Xms1g", "-Xmx1g", "-XX:+UseG1GC"};

  /** Warm-up iterations (1 s) for the HTTP benchmarks: the SDK stacks need ~10 s to reach steady state on 2 cores. */
  static final int OVERHEAD_WARMUP = 12;

  private final boolean quick;
  private final Set<String> only;
  private final Report report = new Report();

  private RunAll(boolean quick, Set<String> only) {
    this.quick = quick;
    this.only = only;
  }

  /**
   * Entry point.
   *
   * @param args {@code --out PATH}, {@code --quick}
   * @throws Exception if a benchmark cannot run
   */
  public static void main(String[] args) throws Exception {
    Path out = Path.of("BENCHMARKS.md");
    boolean quick = false;
    Set<String> only = Set.of("overhead", "inprocess", "dlt", "bursts", "footprint", "metrics", "jdbc");
    for (int i = 0; i < args.length; i++) {
      if ("--out".equals(args[i]) && i + 1 < args.length) {
        out = Path.of(args[++i]);
      } else if ("--quick".equals(args[i])) {
        quick = true;
      } else if ("--only".equals(args[i]) && i + 1 < args.length) {
        only = Set.of(args[++i].split(","));
      } else {
        System.err.println("usage: java -Dsun.net.httpserver.nodelay=true -jar benchmarks.jar [--out BENCHMARKS.md] [--quick] [--only overhead,inprocess,dlt,bursts|email|saturated,footprint,metrics,jdbc]");
        System.exit(2);
      }
    }
    System.setProperty("sun.net.httpserver.nodelay", "true");
    new RunAll(quick, only).run(out);
  }

  private void run(Path out) throws Exception {
    long start = System.nanoTime();
    report.machine(loadAverage());
    stubSanity();
    if (only.contains("overhead")) {
      sendOverhead();
    }
    if (only.contains("inprocess")) {
      inProcess();
    }
    if (only.contains("dlt")) {
      dlt();
    }
    if (only.contains("footprint")) {
      Footprint.run(quick, report);
    }
    if (only.contains("metrics")) {
      report.metrics(byName(new Runner(jmh(MetricsOverheadBenchmark.class).build()).run()));
    }

    if (only.contains("bursts")) {
      bursts();
    } else if (only.contains("saturated")) {
      try (StubServer stub = StubServer.start(32)) {
        AlertkitBursts.saturated(stub, quick ? 1_000 : 10_000, quick ? 1 : 3, report);
      }
    }
    if (!only.contains("bursts") && only.contains("email")) {
      try (StubServer stub = StubServer.start(32)) {
        stub.delay(Duration.ofMillis(50));
        AlertkitBursts.email(stub, quick ? 200 : 1000, quick ? 1 : 3, report);
      }
    }
    if (only.contains("jdbc")) {
      jdbc();
    }
    report.finish(loadAverage(), (System.nanoTime() - start) / 1e9, quick);
    Files.writeString(out, report.markdown(), StandardCharsets.UTF_8);
    System.out.println("wrote " + out.toAbsolutePath());
  }

  // ---------------------------------------------------------------- JMH

  private ChainedOptionsBuilder jmh(Class<?> benchmark) {
    ChainedOptionsBuilder o = new OptionsBuilder()
        .include("^" + benchmark.getName().replace(".", "\\.") + "\\.")
        .forks(1)
        .jvmArgsAppend(JVM_ARGS)
        .shouldFailOnError(true);
    if (quick) {
      return o.warmupIterations(1).warmupTime(TimeValue.milliseconds(200)).measurementIterations(2).measurementTime(TimeValue.milliseconds(200));
    }
    return o.warmupIterations(3).warmupTime(TimeValue.seconds(1)).measurementIterations(5).measurementTime(TimeValue.seconds(1));
  }

  private static Map<String, RunResult> byName(Collection<RunResult> results) {
    Map<String, RunResult> m = new LinkedHashMap<>();
    for (RunResult r : results) {
      BenchmarkParams p = r.getParams();
      String name = p.getBenchmark().substring(p.getBenchmark().lastIndexOf('.') + 1);
      List<String> keys = new ArrayList<>(p.getParamsKeys());
      for (String k : keys) {
        name += "@" + p.getParam(k);
      }
      m.put(name, r);
    }
    return m;
  }

  private void sendOverhead() throws RunnerException {
    ChainedOptionsBuilder o = jmh(SendOverheadBenchmark.class);
    if (!quick) {
      o = o.warmupIterations(OVERHEAD_WARMUP);
    }
    Map<String, RunResult> r = byName(new Runner(o.build()).run());
    for (String missed : report.sendOverhead(r)) {
      profile(SendOverheadBenchmark.class, missed);
    }
  }

  private void inProcess() throws RunnerException {
    Map<String, RunResult> r = byName(new Runner(jmh(InProcessBenchmark.class).addProfiler(GCProfiler.class).build()).run());
    for (String missed : report.inProcess(r)) {
      profile(InProcessBenchmark.class, missed);
    }
  }

  /**
   * alert-jdbc on an embedded PostgreSQL: the end-to-end durable submissions (this JVM), then JMH for dedup claims and
   * submits in both modes (throughput; sample for the percentiles), each fork with its own PostgreSQL.
   */
  private void jdbc() throws RunnerException {
    DurableSubmissions.Measured m = DurableSubmissions.measure(quick);
    Map<String, RunResult> thrpt = byName(new Runner(jmh(JdbcStoreBenchmark.class).mode(Mode.Throughput)
        .timeUnit(TimeUnit.SECONDS).build()).run());
    Map<String, RunResult> sample = byName(new Runner(jmh(JdbcStoreBenchmark.class).mode(Mode.SampleTime)
        .timeUnit(TimeUnit.MICROSECONDS).build()).run());
    report.jdbcStores(m.settings(), thrpt, sample);
    report.jdbcEndToEnd(m.settings(), m.n(), m.rows(), m.target(), m.counted(), m.transactions(), m.countedN(),
        m.sequential(), m.config());
  }

  /** A missed target: a short run of that benchmark under JMH's stack profiler, its text into the report. */
  private void profile(Class<?> benchmark, String method) throws RunnerException {
    ChainedOptionsBuilder o = new OptionsBuilder()
        .include("^" + benchmark.getName().replace(".", "\\.") + "\\." + method + "$")
        .forks(1)
        .jvmArgsAppend(JVM_ARGS)
        .warmupIterations(quick ? 1 : benchmark == SendOverheadBenchmark.class ? OVERHEAD_WARMUP : 3).warmupTime(TimeValue.seconds(1))
        .measurementIterations(quick ? 1 : 3).measurementTime(TimeValue.seconds(1))
        .addProfiler(StackProfiler.class, "lines=6;top=12;detailLine=false");
    for (RunResult rr : new Runner(o.build()).run()) {
      for (String key : rr.getSecondaryResults().keySet()) {
        if (key.endsWith("stack")) {
          Result<?> stack = rr.getSecondaryResults().get(key);
          report.profile(benchmark.getSimpleName() + "." + method, stack.extendedInfo());
        }
      }
    }
  }

  private void dlt() throws RunnerException {
    Map<String, RunResult> r = byName(new Runner(jmh(DltMatchBenchmark.class).build()).run());
    Map<String, long[]> memory = new LinkedHashMap<>();
    for (int n : new int[] {1_000, 10_000, 50_000}) {
      List<DltTemplates.Template> ts = DltTemplates.generate(n, 42);
      memory.put("naive (regex per template) @" + n, retained(() -> new NaiveDltMatcher(ts)));
      memory.put("alertkit DltRegistry @" + n, retained(() -> DltRegistries.of(ts)));
    }
    report.dlt(r, memory);
  }

  /**
   * Heap retained by an object graph: used heap after full GCs, with and without it (median of 3 measurements).
   *
   * @return {median bytes, min, max}
   */
  static long[] retained(Supplier<Object> build) {
    long[] samples = new long[3];
    for (int i = 0; i < samples.length; i++) {
      long before = usedAfterGc();
      Object keep = build.get();
      long after = usedAfterGc();
      samples[i] = after - before;
      Reference.reachabilityFence(keep);
    }
    Arrays.sort(samples);
    return new long[] {samples[1], samples[0], samples[2]};
  }

  private static long usedAfterGc() {
    Runtime rt = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }

  // ---------------------------------------------------------------- bursts (this JVM)

  private void stubSanity() throws IOException {
    try (StubServer stub = StubServer.start(16)) {
      TwilioRestClient twilio = RawSdks.twilio(stub.baseUrl());
      for (int i = 0; i < 300; i++) {
        RawSdks.sendSms(twilio, "+14155550100");
      }
      long[] t = new long[200];
      for (int i = 0; i < t.length; i++) {
        long t0 = System.nanoTime();
        RawSdks.sendSms(twilio, "+14155550100");
        t[i] = System.nanoTime() - t0;
      }
      Arrays.sort(t);
      double p50us = t[t.length / 2] / 1e3;
      report.stubSanity(p50us);
      if (p50us > 20_000) {
        System.err.println("WARNING: a loopback request takes " + p50us + " us: TCP_NODELAY is probably off (-Dsun.net.httpserver.nodelay=true)");
      }
    }
  }

  private void bursts() throws IOException {
    int n = quick ? 200 : 1000;
    int repeats = quick ? 1 : 3;
    Duration delay = Duration.ofMillis(50);
    try (StubServer stub = StubServer.start(32)) {
      stub.delay(delay);
      TwilioRestClient twilio = RawSdks.twilio(stub.baseUrl());
      SendGrid sg = RawSdks.sendgrid(stub.port());

      // Raw Twilio, SDK defaults, 100 caller threads: warm-up burst, then timed repeats.
      Burst.rawTwilio(stub, twilio, n, 100);
      List<Burst.Timing> rawTwilio = new ArrayList<>();
      for (int i = 0; i < repeats; i++) {
        Burst.pause();
        rawTwilio.add(Burst.rawTwilio(stub, twilio, n, 100));
      }
      report.burst("Raw Twilio SDK: " + n + " × `Message.creator(..).create(client)`, 100 caller threads, SDK defaults (pool 20/route)",
          rawTwilio, "2.81 s (anchor measured before)");
      report.rawTwilioBurst = Report.median(rawTwilio);

      // Raw SendGrid, SDK defaults (2 connections), 100 caller threads, one recipient per request: ~25 s, run once.
      Burst.pause();
      RawSdks.sendEmail(sg, List.of("warm@example.com"));
      Burst.Timing rawSg = Burst.rawSendGridPerRecipient(stub, sg, n, 100);
      report.burst("Raw SendGrid SDK: " + n + " × one-recipient `api(request)`, 100 caller threads, SDK defaults (2 connections)",
          List.of(rawSg), "25.65 s (anchor measured before); run once: it is all queueing on 2 connections");
      report.rawSendGridPerRecipient = rawSg.seconds();

      // Raw SendGrid the efficient way: one request, 1,000 personalizations.
      Burst.pause();
      List<Burst.Timing> rawSgOne = new ArrayList<>();
      for (int i = 0; i < repeats; i++) {
        rawSgOne.add(Burst.rawSendGridOneRequest(stub, sg, n));
      }
      report.burst("Raw SendGrid SDK: one `api(request)` with " + n + " personalizations (by hand)", rawSgOne, "—");
      report.rawSendGridOneRequest = Report.median(rawSgOne);

      AlertkitBursts.run(stub, n, repeats, report);
      AlertkitBursts.saturated(stub, quick ? 1_000 : 10_000, repeats, report);
    }
  }

  private static double loadAverage() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    return os.getSystemLoadAverage();
  }

  /** Formats with a fixed number of decimals, dot as separator. */
  static String f(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  /** @return the current UTC time, ISO format */
  static String now() {
    return ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }

  /** @return a primary result's score and error, e.g. {@code 12.3 ± 0.4} */
  static String scoreError(Result<?> r, int decimals) {
    double err = r.getScoreError();
    return f(r.getScore(), decimals) + (Double.isNaN(err) ? "" : " ± " + f(err, decimals));
  }
}
