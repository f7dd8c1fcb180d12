package dev.alertkit.testkit;

import dev.alertkit.Channel;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Chooses which of {@link AlertkitExtension}'s fakes a {@link FakeProvider} parameter receives.
 *
 * <pre>{@code
 * @Test
 * void fallsBackToEmail(AlertClient client, @Fake(Channel.SMS) FakeProvider sms, @Fake(Channel.EMAIL) FakeProvider email) { ... }
 * }</pre>
 *
 * <p>Without it, the extension matches the parameter name against the channel names when the test is compiled
 * with {@code -parameters} ({@code sms}, {@code emailFake}...), or injects the only fake when there is one.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Fake {
  /** @return the channel whose fake to inject */
  Channel value();
}
