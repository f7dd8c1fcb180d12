package dev.alertkit.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.TestPropertySource;

/**
 * On a {@code @SpringBootTest}: alertkit talks to the testkit's embedded Twilio and SendGrid emulators instead of the
 * real APIs (sets {@code alertkit.testing.emulators=true}; needs alert-testkit-emulators on the test classpath). Inject
 * {@code TwilioEmulator}/{@code SendGridEmulator} to read what was sent and to play the providers' callbacks.
 *
 * <pre>{@code
 * @SpringBootTest
 * @AlertkitEmulators
 * class PagingTest {
 *   @Autowired AlertClient alerts;
 *   @Autowired TwilioEmulator twilio;
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@TestPropertySource(properties = "alertkit.testing.emulators=true")
public @interface AlertkitEmulators {}
