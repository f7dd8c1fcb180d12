package dev.alertkit.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.core.domain.JavaClass;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rules of {@link ArchitectureTest} find what they should, shown on the fixture classes in {@code fixture}. */
class BoundariesTest {
  static final String ROOT = "dev.alertkit.architecture.fixture";
  static final String HIDDEN = ROOT + ".internal.Hidden";
  static final Boundaries FIXTURE = new Boundaries("fixture-core", ROOT, Map.of("mod-a", ROOT + ".a"));
  static final JavaClasses CLASSES = new ClassFileImporter().importPackages(ROOT);

  @Test
  void packagesBelongToTheLongestMatchingRootAndTheRestToCore() {
    assertThat(FIXTURE.moduleOf(ROOT)).isEqualTo("fixture-core");
    assertThat(FIXTURE.moduleOf(ROOT + ".internal")).isEqualTo("fixture-core");
    assertThat(FIXTURE.moduleOf(ROOT + ".a")).isEqualTo("mod-a");
    assertThat(FIXTURE.moduleOf(ROOT + ".a.internal")).isEqualTo("mod-a");
    assertThat(FIXTURE.moduleOf(ROOT + ".abc")).as("a prefix that is no package boundary").isEqualTo("fixture-core");
    assertThat(FIXTURE.moduleOf("java.util")).isNull();
    assertThat(ArchitectureTest.BOUNDARIES.moduleOf("dev.alertkit.india.internal")).isEqualTo("alert-core");
    assertThat(ArchitectureTest.BOUNDARIES.moduleOf("dev.alertkit.twilio.internal")).isEqualTo("alert-twilio");
    assertThat(ArchitectureTest.BOUNDARIES.moduleOf("dev.alertkit.testkit.emulator.internal.twilio"))
        .isEqualTo("alert-testkit-emulators");
    assertThat(ArchitectureTest.BOUNDARIES.moduleOf("dev.alertkit.testkit")).isEqualTo("alert-testkit");
  }

  @Test
  void exposingAnInternalTypeInAnyPublicOrProtectedSignatureIsReported() {
    // Given the fixture's leaky public class and no exceptions
    Set<String> used = new HashSet<>();
    // When rule (1) runs
    List<String> details = details(FIXTURE.exposeNoInternalType(Map.of(), used));
    // Then each leaking member is named once, and nothing private, package-private or body-only is
    String leaky = ROOT + ".Leaky";
    assertThat(details).hasSize(7).allSatisfy(d -> assertThat(d).contains("exposes internal " + HIDDEN));
    assertThat(details).anySatisfy(d -> assertThat(d).startsWith("field " + leaky + ".field "))
        .anySatisfy(d -> assertThat(d).startsWith("constructor " + leaky + ".<init>(" + HIDDEN + ")"))
        .anySatisfy(d -> assertThat(d).startsWith("method " + leaky + ".returned()"))
        .anySatisfy(d -> assertThat(d).startsWith("method " + leaky + ".generic()"))
        .anySatisfy(d -> assertThat(d).startsWith("method " + leaky + ".array(["))
        .anySatisfy(d -> assertThat(d).startsWith("method " + leaky + ".bound("))
        .anySatisfy(d -> assertThat(d).startsWith("type " + leaky + "$Sub "));
    assertThat(String.join("\n", details)).doesNotContain("privateField", "packagePrivate", "clean()", "quiet()", "Hideaway");
    assertThat(used).isEmpty();
  }

  @Test
  void aNamedExceptionSilencesExactlyItsMemberAndIsRecordedAsUsed() {
    // Given an exception for one member
    String key = ROOT + ".Leaky.returned()";
    Set<String> used = new HashSet<>();
    // When rule (1) runs
    List<String> details = details(FIXTURE.exposeNoInternalType(Map.of(key, "fixture", "no.such.Member()", "stale"), used));
    // Then that member is no longer reported, the others still are, and only the matching exception counts as used
    assertThat(details).hasSize(6).noneSatisfy(d -> assertThat(d).contains(".returned()"));
    assertThat(used).containsExactly(key);
  }

  @Test
  void usingAnotherModulesInternalClassIsReportedAndOwnInternalsAreFine() {
    // Given core using module a's internals, a using core's, and a using its own
    Set<String> used = new HashSet<>();
    // When rule (2) runs without exceptions
    List<String> details = details(FIXTURE.useNoOtherModulesInternals(Map.of(), used));
    // Then both cross-module uses are reported, the own use is not
    assertThat(details).anySatisfy(d -> assertThat(d).startsWith("fixture-core uses mod-a's internal " + ROOT + ".a.internal.AInternal"))
        .anySatisfy(d -> assertThat(d).startsWith("mod-a uses fixture-core's internal " + HIDDEN));
    assertThat(String.join("\n", details)).doesNotContain("UsesOwn");
    // And an exception "module -> class" silences exactly that use
    List<String> excepted = details(FIXTURE.useNoOtherModulesInternals(Map.of("mod-a -> " + HIDDEN, "fixture"), used));
    assertThat(excepted).isNotEmpty().allSatisfy(d -> assertThat(d).startsWith("fixture-core uses mod-a's internal"));
    assertThat(used).containsExactly("mod-a -> " + HIDDEN);
  }

  @Test
  void publicTypesAreTopLevelPublicOrNestedInPublicTypes() {
    assertThat(Boundaries.isApiType(CLASSES.get(ROOT + ".Leaky"))).isTrue();
    assertThat(Boundaries.isApiType(CLASSES.get(ROOT + ".Leaky$Sub"))).isTrue();
    assertThat(Boundaries.isApiType(CLASSES.get(ROOT + ".Leaky$Hideaway"))).isFalse();
    assertThat(Boundaries.isApiType(CLASSES.get(ROOT + ".Quiet"))).isFalse();
  }

  private static List<String> details(ArchCondition<JavaClass> condition) {
    EvaluationResult result = classes().should(condition).evaluate(CLASSES);
    return result.getFailureReport().getDetails();
  }
}
