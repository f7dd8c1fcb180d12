package dev.alertkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * JUnit and AssertJ are optional dependencies of the testkit: only the assertion and extension classes may use
 * them. Checked twice: by scanning the compiled classes' constant pools, and by running the fakes, clock,
 * scheduler and recording listener in a class loader that has neither library.
 */
class OptionalDependenciesTest {
  /** Top-level classes allowed to use JUnit or AssertJ (their nested classes too). */
  private static final Set<String> GLUE = Set.of("AlertAssertions", "AlertkitExtension");

  private static Path classesOf(Class<?> c) throws URISyntaxException {
    return Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  @Test
  void onlyTheGlueClassesReferenceJUnitOrAssertJ() throws Exception {
    Path root = classesOf(FakeProvider.class);
    Path pkg = root.resolve("dev/alertkit/testkit");
    List<String> checked = new ArrayList<>();
    List<String> offenders = new ArrayList<>();
    try (Stream<Path> files = Files.walk(pkg)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).collect(Collectors.toList())) {
        String relative = pkg.relativize(f).toString();
        String topLevel = relative.replaceAll("[$.].*", "");
        if (relative.contains("/") || GLUE.contains(topLevel)) {
          continue; // sub-packages (none today; the emulators are in alert-testkit-emulators) and glue are not covered here
        }
        checked.add(relative);
        String constants = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
        if (constants.contains("org/junit") || constants.contains("org/assertj")) {
          offenders.add(relative);
        }
      }
    }
    assertThat(checked).contains("FakeProvider.class", "FakeResponse.class", "RecordedMessage.class", "ManualClock.class",
        "ManualScheduler.class", "RecordingListener.class", "Fake.class");
    assertThat(offenders).as("classes of the testkit's core referencing org.junit or org.assertj").isEmpty();
    // control: the scan does see references where they are
    assertThat(new String(Files.readAllBytes(pkg.resolve("AlertkitExtension.class")), java.nio.charset.StandardCharsets.ISO_8859_1))
        .contains("org/junit/jupiter/api/extension");
  }

  @Test
  void fakesClockSchedulerAndListenerRunWithoutJUnitOrAssertJOnTheClassPath() throws Exception {
    // Given a class loader with the test class path minus JUnit, AssertJ and their helpers
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<URL> urls = new ArrayList<>();
    List<String> dropped = new ArrayList<>();
    for (String entry : classPath.split(java.io.File.pathSeparator)) {
      String e = entry.replace('\\', '/');
      if (e.contains("/org/junit/") || e.contains("/org/assertj/") || e.contains("opentest4j") || e.contains("apiguardian")) {
        dropped.add(e);
      } else if (!e.isBlank()) {
        urls.add(Paths.get(entry).toUri().toURL());
      }
    }
    assertThat(dropped).as("JUnit and AssertJ found on the class path %s", classPath).isNotEmpty();
    try (URLClassLoader isolated = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader())) {
      assertThat(canLoad(isolated, "org.junit.jupiter.api.Test")).isFalse();
      assertThat(canLoad(isolated, "org.assertj.core.api.Assertions")).isFalse();

      // When the scenario runs there
      Class<?> scenario = Class.forName(NoTestFrameworkScenario.class.getName(), true, isolated);
      assertThat(scenario.getClassLoader()).isSameAs(isolated);
      Method run = scenario.getMethod("run");
      Object result = run.invoke(null);

      // Then it worked end to end
      assertThat(result).isEqualTo("ACCEPTED,ACCEPTED|fake-sms:2|DELIVERED,DELIVERED|2026-11-28T09:00:30Z");
    }
  }

  private static boolean canLoad(ClassLoader loader, String name) {
    try (InputStream in = loader.getResourceAsStream(name.replace('.', '/') + ".class")) {
      return in != null;
    } catch (IOException e) {
      return false;
    }
  }
}
