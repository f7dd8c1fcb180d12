package dev.alertkit.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Conditional;

/**
 * Matches when any of the named properties or environment variables has a value other than blank or
 * {@code false} (so {@code alertkit.testing.emulators=false} does not count).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Documented
@Conditional(OnAnyValueCondition.class)
@interface ConditionalOnAnyValue {

  /** @return property or environment variable names, as Spring's {@code Environment} resolves them */
  String[] value();
}
