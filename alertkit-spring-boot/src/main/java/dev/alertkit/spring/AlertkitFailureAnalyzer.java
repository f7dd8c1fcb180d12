package dev.alertkit.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains an invalid {@code alertkit.*} property at startup, naming the property and alertkit's rule. */
final class AlertkitFailureAnalyzer extends AbstractFailureAnalyzer<InvalidAlertkitPropertyException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidAlertkitPropertyException cause) {
    return new FailureAnalysis("alertkit is not configured correctly: " + cause.getMessage(),
        "Fix " + cause.property() + " in your application.yaml (or its environment variable). "
            + "See alertkit's docs/spring-boot.md for every property.", cause);
  }
}
