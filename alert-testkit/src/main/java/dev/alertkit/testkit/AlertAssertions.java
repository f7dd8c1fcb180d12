package dev.alertkit.testkit;

import dev.alertkit.Channel;
import dev.alertkit.spi.OutboundMessage;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ-style assertions over what fakes sent. Needs AssertJ on the test classpath (an optional dependency of
 * the testkit). Failure messages list what was sent instead.
 *
 * <pre>{@code
 * assertThat(sms).sentTo("alice").over(Channel.SMS).containing("disk 97%");
 * assertThat(email).nothingSent();
 * }</pre>
 */
public final class AlertAssertions {
  private AlertAssertions() {}

  /**
   * Starts assertions on a fake.
   *
   * @param fake the fake
   * @return the assertion
   */
  public static FakeProviderAssert assertThat(FakeProvider fake) {
    return new FakeProviderAssert(fake, fake.messages());
  }

  /** Assertions on the messages a {@link FakeProvider} received; narrowing methods filter them. */
  public static final class FakeProviderAssert extends AbstractAssert<FakeProviderAssert, FakeProvider> {
    private final List<OutboundMessage> selected;
    private final String selection;

    private FakeProviderAssert(FakeProvider fake, List<OutboundMessage> selected) {
      this(fake, selected, "messages");
    }

    private FakeProviderAssert(FakeProvider fake, List<OutboundMessage> selected, String selection) {
      super(fake, FakeProviderAssert.class);
      this.selected = selected;
      this.selection = selection;
    }

    private FakeProviderAssert narrow(String what, Predicate<OutboundMessage> p) {
      List<OutboundMessage> kept = selected.stream().filter(p).collect(Collectors.toList());
      if (kept.isEmpty()) {
        failWithMessage("Expected %s of %s %s but there were none.%nSent instead:%n%s", selection, actual.name(), what, describe(selected));
      }
      return new FakeProviderAssert(actual, kept, selection + " " + what);
    }

    /**
     * Keeps messages to a recipient; fails when there are none.
     *
     * @param recipientId the recipient's id
     * @return an assertion on those messages
     */
    public FakeProviderAssert sentTo(String recipientId) {
      return narrow("to '" + recipientId + "'", m -> m.recipient().id().equals(recipientId));
    }

    /**
     * Keeps messages over a channel; fails when there are none.
     *
     * @param channel the channel
     * @return an assertion on those messages
     */
    public FakeProviderAssert over(Channel channel) {
      return narrow("over " + channel, m -> m.channel() == channel);
    }

    /**
     * Keeps messages whose text contains a string; fails when there are none.
     *
     * @param text the expected text
     * @return an assertion on those messages
     */
    public FakeProviderAssert containing(String text) {
      return narrow("containing \"" + text + "\"", m -> m.text().contains(text));
    }

    /**
     * Requires exactly {@code n} selected messages.
     *
     * @param n the count
     * @return this assertion
     */
    public FakeProviderAssert hasCount(int n) {
      if (selected.size() != n) {
        failWithMessage("Expected %d %s of %s but found %d:%n%s", n, selection, actual.name(), selected.size(), describe(selected));
      }
      return this;
    }

    /**
     * Requires that the fake received nothing at all.
     *
     * @return this assertion
     */
    public FakeProviderAssert nothingSent() {
      List<OutboundMessage> all = actual.messages();
      if (!all.isEmpty()) {
        failWithMessage("Expected %s to have sent nothing but it sent %d:%n%s", actual.name(), all.size(), describe(all));
      }
      return this;
    }

    private static String describe(List<OutboundMessage> messages) {
      if (messages.isEmpty()) {
        return "  (nothing)";
      }
      return messages.stream()
          .map(m -> "  - " + m.channel() + " to '" + m.recipient().id() + "' (" + m.to() + "): \"" + abbreviate(m.text()) + "\"")
          .collect(Collectors.joining(System.lineSeparator()));
    }

    private static String abbreviate(String s) {
      String one = s.replace("\n", "\\n");
      return one.length() <= 80 ? one : one.substring(0, 77) + "...";
    }
  }
}
