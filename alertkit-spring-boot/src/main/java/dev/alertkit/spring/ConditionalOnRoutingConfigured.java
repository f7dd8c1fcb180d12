package dev.alertkit.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when {@code alertkit.routing} has rules or a default rule. */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Documented
@Conditional(ConditionalOnRoutingConfigured.OnRouting.class)
@interface ConditionalOnRoutingConfigured {

  /** The condition. */
  final class OnRouting extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
      boolean present = Binder.get(context.getEnvironment())
          .bind("alertkit.routing", Bindable.of(AlertkitProperties.Routing.class))
          .map(r -> !r.getRules().isEmpty() || r.getOtherwise() != null)
          .orElse(false);
      return present ? ConditionOutcome.match("alertkit.routing is configured")
          : ConditionOutcome.noMatch("alertkit.routing has no rules");
    }
  }
}
