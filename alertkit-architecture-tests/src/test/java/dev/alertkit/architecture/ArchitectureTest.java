package dev.alertkit.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The boundaries of alertkit's modules, checked on the main classes of alert-core, alert-twilio, alert-sendgrid,
 * alert-testkit, alert-testkit-emulators, alert-jdbc and alert-micrometer:
 *
 * <ol>
 *   <li>no public or protected signature of a type outside {@code ..internal..} exposes a type from {@code ..internal..};
 *   <li>an {@code internal} package is used only by its own module ({@code dev.alertkit.twilio.internal} only from
 *       {@code dev.alertkit.twilio..}; {@code dev.alertkit.internal} and {@code dev.alertkit.india.internal} only from
 *       alert-core);
 *   <li>provider modules expose only their listed entry types: a new public class in {@code dev.alertkit.twilio} or
 *       {@code dev.alertkit.sendgrid} is a conscious choice, made by adding it here.
 * </ol>
 *
 * <p>Exceptions are explicit, named and carry a reason. An exception that no longer matches anything fails the build
 * too, so the lists only shrink.
 */
@AnalyzeClasses(packages = "dev.alertkit", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  /** Module name (its artifactId) by root package; alert-core owns every other package under {@code dev.alertkit}. */
  static final Map<String, String> MODULES = Map.of(
      "alert-twilio", "dev.alertkit.twilio",
      "alert-sendgrid", "dev.alertkit.sendgrid",
      "alert-testkit", "dev.alertkit.testkit",
      "alert-testkit-emulators", "dev.alertkit.testkit.emulator",
      "alert-jdbc", "dev.alertkit.jdbc",
      "alert-micrometer", "dev.alertkit.micrometer");

  static final Boundaries BOUNDARIES = new Boundaries("alert-core", "dev.alertkit", MODULES);

  // ---- Rule 1: exceptions (public member or type -> reason) -----------------------------------------------------
  /** Public or protected signatures that expose an internal type today. Each one is a bug to fix, then remove here. */
  static final Map<String, String> EXPOSED = Map.of();

  // ---- Rule 2: exceptions (module -> internal class of another module, with the reason) --------------------------
  /**
   * Uses of another module's internal classes, each with its reason. Empty: the helpers the other modules needed
   * from alert-core ({@code Checks}, {@code Redaction}, {@code PhoneNumbers}, {@code SmsSegments}, {@code MiniJson})
   * live in the supported package {@code dev.alertkit.spi.support}. A new line here needs a reason and should be
   * temporary: prefer giving the class a supported home.
   */
  static final Map<String, String> CROSS_MODULE_USES = Map.of();

  // ---- Rule 3: the public types of the provider modules ---------------------------------------------------------
  /**
   * Every public type of alert-twilio outside {@code dev.alertkit.twilio.internal}: its entry types (what a user
   * builds or calls) and the values those return. Adding a public type means adding it here, on purpose.
   */
  static final Set<String> TWILIO_PUBLIC_TYPES = Set.of(
      // entry types
      "dev.alertkit.twilio.TwilioProviders",              // SMS, voice and WhatsApp providers of one account
      "dev.alertkit.twilio.TwilioConfig",
      "dev.alertkit.twilio.TwilioConfig$Builder",
      "dev.alertkit.twilio.TwilioWebhooks",               // status callbacks (and press-1 acknowledgement)
      "dev.alertkit.twilio.TwilioWebhooks$Builder",
      "dev.alertkit.twilio.TwilioInboundWebhooks",        // inbound replies (ACK / STOP)
      "dev.alertkit.twilio.TwilioInboundWebhooks$Builder",
      "dev.alertkit.twilio.TwilioCallbacks",              // the callback paths to mount
      "dev.alertkit.twilio.TwilioUsageTriggers",          // spend alarms from Twilio usage triggers
      "dev.alertkit.twilio.TwilioUsageTriggers$Builder",
      "dev.alertkit.twilio.TwilioPricing",                // prices for the cost estimator
      "dev.alertkit.twilio.TwilioPricing$Builder",
      "dev.alertkit.twilio.LineTypeCheck",                // ContactCheck through Lookup line type intelligence
      "dev.alertkit.twilio.LineTypeCheck$Builder",
      "dev.alertkit.twilio.ContactVerifier",              // Verify: confirm a contact before trusting it
      // values returned by the entry types
      "dev.alertkit.twilio.TwilioPricing$Price",
      "dev.alertkit.twilio.VerificationResult",
      "dev.alertkit.twilio.VerificationStatus",
      "dev.alertkit.twilio.VerificationChannel");

  /** Every public type of alert-sendgrid outside {@code dev.alertkit.sendgrid.internal}; see {@link #TWILIO_PUBLIC_TYPES}. */
  static final Set<String> SENDGRID_PUBLIC_TYPES = Set.of(
      // entry types
      "dev.alertkit.sendgrid.SendGridProviders",          // the e-mail provider
      "dev.alertkit.sendgrid.SendGridConfig",
      "dev.alertkit.sendgrid.SendGridConfig$Builder",
      "dev.alertkit.sendgrid.SendGridWebhooks",           // signed event webhook
      "dev.alertkit.sendgrid.SendGridWebhooks$Builder",
      "dev.alertkit.sendgrid.SuppressionCheck",           // ContactCheck against SendGrid's suppression lists
      "dev.alertkit.sendgrid.SuppressionCheck$Builder",
      // values the entry types take
      "dev.alertkit.sendgrid.SendGridConfig$DataResidency",
      "dev.alertkit.sendgrid.SuppressionList");

  @ArchTest
  static void theRulesSeeEveryModule(JavaClasses classes) {
    // A rule over an empty or partial class path would pass without checking anything.
    Set<String> modules = classes.stream().map(c -> BOUNDARIES.moduleOf(c.getPackageName())).filter(m -> m != null)
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(modules).containsExactlyInAnyOrder("alert-core", "alert-twilio", "alert-sendgrid", "alert-testkit",
        "alert-testkit-emulators", "alert-jdbc", "alert-micrometer");
    assertThat(classes.stream().filter(BOUNDARIES::isInternal).count()).as("internal classes imported").isGreaterThan(20);
  }

  @ArchTest
  static void everyClassComesFromTheModuleItsPackageNames(JavaClasses classes) {
    // The rules map packages to modules; this keeps that map true (no split packages across modules).
    List<String> wrong = classes.stream()
        .filter(c -> BOUNDARIES.moduleOf(c.getPackageName()) != null)
        .filter(c -> !comesFrom(c, BOUNDARIES.moduleOf(c.getPackageName())))
        .map(c -> c.getName() + " (" + c.getSource().map(s -> s.getUri().toString()).orElse("no source") + ")")
        .sorted().collect(Collectors.toList());
    assertThat(wrong).as("classes whose package names another module than the one they are built in").isEmpty();
  }

  @ArchTest
  static void noPublicSignatureExposesAnInternalType(JavaClasses classes) {
    Set<String> used = new HashSet<>();
    classes().should(BOUNDARIES.exposeNoInternalType(EXPOSED, used)).check(classes);
    assertThat(stale(EXPOSED.keySet(), used)).as("exceptions that no longer match anything: remove them").isEmpty();
  }

  @ArchTest
  static void internalPackagesAreUsedOnlyInsideTheirModule(JavaClasses classes) {
    Set<String> used = new HashSet<>();
    classes().should(BOUNDARIES.useNoOtherModulesInternals(CROSS_MODULE_USES, used)).check(classes);
    assertThat(stale(CROSS_MODULE_USES.keySet(), used)).as("cross-module uses that no longer exist: remove them").isEmpty();
  }

  @ArchTest
  static void providerModulesExposeOnlyTheirEntryTypes(JavaClasses classes) {
    assertThat(publicTypes(classes, "dev.alertkit.twilio")).as("public types of alert-twilio")
        .containsExactlyInAnyOrderElementsOf(new TreeSet<>(TWILIO_PUBLIC_TYPES));
    assertThat(publicTypes(classes, "dev.alertkit.sendgrid")).as("public types of alert-sendgrid")
        .containsExactlyInAnyOrderElementsOf(new TreeSet<>(SENDGRID_PUBLIC_TYPES));
  }

  /** The types code outside the module can name, in the module's packages other than {@code internal} ones. */
  static Set<String> publicTypes(JavaClasses classes, String root) {
    return classes.stream()
        .filter(c -> c.getPackageName().equals(root) || c.getPackageName().startsWith(root + "."))
        .filter(c -> !BOUNDARIES.isInternal(c))
        .filter(Boundaries::isApiType)
        .map(JavaClass::getName)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static boolean comesFrom(JavaClass c, String module) {
    String uri = c.getSource().map(s -> s.getUri().toString()).orElse("");
    // The module's build directory, or its jar (module-<version>.jar): "alert-testkit" must not match
    // alert-testkit-emulators.
    return uri.contains("/" + module + "/target/")
        || java.util.regex.Pattern.compile("/" + java.util.regex.Pattern.quote(module) + "-\\d").matcher(uri).find();
  }

  private static Set<String> stale(Set<String> exceptions, Set<String> used) {
    return exceptions.stream().filter(k -> !used.contains(k)).collect(Collectors.toCollection(TreeSet::new));
  }
}
