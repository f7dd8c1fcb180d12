package dev.alertkit;

import dev.alertkit.spi.support.Checks;
import java.util.Optional;

/**
 * What a voice call says, and whether the person is asked to press 1 to acknowledge.
 *
 * <pre>{@code
 * VoiceContent.say("Database one disk is almost full").repeat(2).askToAcknowledge(true);
 * }</pre>
 */
public final class VoiceContent implements ChannelContent {
  /** Longest spoken text; Twilio caps inline TwiML at 4,000 characters. */
  public static final int MAX_TEXT_LENGTH = 3000;

  private final String text;
  private final int repeat;
  private final boolean askToAcknowledge;
  private final String voice;
  private final String language;

  private VoiceContent(String text, int repeat, boolean ack, String voice, String language) {
    this.text = text;
    this.repeat = repeat;
    this.askToAcknowledge = ack;
    this.voice = voice;
    this.language = language;
  }

  /**
   * Text to speak.
   *
   * @param text at most {@value #MAX_TEXT_LENGTH} characters
   * @return the content, said once, no acknowledgement asked
   * @throws ValidationException when text is blank or too long
   */
  public static VoiceContent say(String text) {
    return new VoiceContent(Checks.multiLine("voice.text", text, MAX_TEXT_LENGTH), 1, false, null, null);
  }

  /**
   * Says the text several times.
   *
   * @param times 1 to 10
   * @return a copy with the repeat count
   * @throws ValidationException when times is outside 1..10
   */
  public VoiceContent repeat(int times) {
    Checks.range("voice.repeat", times, 1, 10);
    return new VoiceContent(text, times, askToAcknowledge, voice, language);
  }

  /**
   * Asks the person to press 1 to acknowledge the alert.
   *
   * @param ask whether to ask
   * @return a copy
   */
  public VoiceContent askToAcknowledge(boolean ask) {
    return new VoiceContent(text, repeat, ask, voice, language);
  }

  /**
   * Chooses a provider voice, e.g. {@code "Polly.Aditi"}.
   *
   * @param voice the voice name
   * @return a copy
   * @throws ValidationException when voice is blank
   */
  public VoiceContent voice(String voice) {
    return new VoiceContent(text, repeat, askToAcknowledge, Checks.singleLine("voice.voice", voice, 64), language);
  }

  /**
   * Chooses a language tag, e.g. {@code "en-IN"} or {@code "hi-IN"}.
   *
   * @param language the BCP 47 tag
   * @return a copy
   * @throws ValidationException when language is blank
   */
  public VoiceContent language(String language) {
    return new VoiceContent(text, repeat, askToAcknowledge, voice, Checks.singleLine("voice.language", language, 35));
  }

  @Override
  public Channel channel() {
    return Channel.VOICE;
  }

  /** @return the text to speak */
  public String text() {
    return text;
  }

  /** @return how many times the text is said */
  public int repeatCount() {
    return repeat;
  }

  /** @return whether the person is asked to press 1 */
  public boolean asksToAcknowledge() {
    return askToAcknowledge;
  }

  /** @return the chosen voice, if any */
  public Optional<String> voiceName() {
    return Optional.ofNullable(voice);
  }

  /** @return the chosen language tag, if any */
  public Optional<String> languageTag() {
    return Optional.ofNullable(language);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof VoiceContent)) {
      return false;
    }
    VoiceContent v = (VoiceContent) o;
    return text.equals(v.text) && repeat == v.repeat && askToAcknowledge == v.askToAcknowledge
        && java.util.Objects.equals(voice, v.voice) && java.util.Objects.equals(language, v.language);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(text, repeat, askToAcknowledge, voice, language);
  }

  @Override
  public String toString() {
    return "VoiceContent{repeat=" + repeat + ", ack=" + askToAcknowledge + "}";
  }
}
