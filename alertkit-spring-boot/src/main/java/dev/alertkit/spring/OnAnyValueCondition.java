package dev.alertkit.spring;

import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** The condition behind {@link ConditionalOnAnyValue}. */
final class OnAnyValueCondition extends SpringBootCondition {

  @Override
  public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
    Map<String, Object> attrs = metadata.getAnnotationAttributes(ConditionalOnAnyValue.class.getName());
    String[] names = attrs == null ? new String[0] : (String[]) attrs.get("value");
    for (String n : names) {
      String v = context.getEnvironment().getProperty(n);
      if (v != null && !v.isBlank() && !"false".equalsIgnoreCase(v.strip())) {
        return ConditionOutcome.match(n + " is set");
      }
    }
    return ConditionOutcome.noMatch("none of " + String.join(", ", names) + " is set");
  }
}
