package dev.alertkit.twilio;

import com.twilio.http.HttpMethod;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Gather;
import com.twilio.twiml.voice.Say;
import java.net.URI;
import java.text.BreakIterator;
import java.util.Locale;
import java.util.Optional;

/**
 * Builds the inline TwiML of an alert call with the SDK's TwiML builders: {@code <Say voice language loop>}, wrapped
 * in {@code <Gather input="dtmf" numDigits="1" action=...>} when the person is asked to press 1. Twilio accepts at
 * most {@value #MAX_TWIML} characters of inline TwiML: longer spoken text is shortened at a word boundary (never
 * inside a character: the cut falls between grapheme clusters, so an emoji or an accented letter stays whole) and
 * ends with "{@value #SHORTENED}".
 */
final class VoiceTwiml {
  /** Twilio's limit on the {@code Twiml} parameter. */
  static final int MAX_TWIML = 4000;
  /** Said after shortened text. */
  static final String SHORTENED = "Message shortened.";
  /** Said after the alert when an acknowledgement is asked for. */
  static final String ACK_PROMPT = "Press 1 to acknowledge this alert.";
  /** Seconds the call waits for the digit after speaking. */
  static final int GATHER_TIMEOUT_SECONDS = 10;

  /**
   * The TwiML and whether the text had to be shortened.
   *
   * @param xml the TwiML document
   * @param spokenLength characters of alert text spoken
   * @param originalLength characters of alert text given
   */
  record Result(String xml, int spokenLength, int originalLength) {
    boolean shortened() {
      return spokenLength < originalLength;
    }
  }

  private VoiceTwiml() {}

  static Result build(String text, Optional<String> voice, Optional<String> language, int loop, Optional<URI> ackAction) {
    String original = text.strip();
    String xml = render(original, voice, language, loop, ackAction);
    if (xml.length() <= MAX_TWIML) {
      return new Result(xml, original.length(), original.length());
    }
    // Largest prefix (cut at a word boundary) whose TwiML fits; XML escaping makes the size non-linear, so search.
    int lo = 0;
    int hi = original.length();
    String best = null;
    int bestKept = 0;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      String cut = cut(original, mid);
      String candidate = render(cut.isEmpty() ? SHORTENED : cut + " " + SHORTENED, voice, language, loop, ackAction);
      if (candidate.length() <= MAX_TWIML) {
        best = candidate;
        bestKept = cut.length();
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (best == null) {
      throw new IllegalStateException("cannot fit the spoken text into " + MAX_TWIML + " characters of TwiML");
    }
    return new Result(best, bestKept, original.length());
  }

  private static String cut(String text, int max) {
    String cut = text.substring(0, graphemeBoundaryAtOrBefore(text, max));
    int space = cut.lastIndexOf(' ');
    if (space > max / 2 && max < text.length()) {
      cut = cut.substring(0, space);
    }
    return cut.strip();
  }

  /**
   * The last place at or before {@code index} where text may be cut without splitting a user-perceived character
   * (a surrogate pair, a base letter and its combining marks, an emoji sequence as far as the JDK knows it).
   */
  static int graphemeBoundaryAtOrBefore(String text, int index) {
    if (index <= 0 || index >= text.length()) {
      return Math.max(0, Math.min(index, text.length()));
    }
    BreakIterator graphemes = BreakIterator.getCharacterInstance(Locale.ROOT);
    graphemes.setText(text);
    int at = graphemes.isBoundary(index) ? index : graphemes.preceding(index);
    if (at == BreakIterator.DONE) {
      at = 0;
    }
    // Whatever the break rules say, never leave half of a surrogate pair.
    if (at > 0 && Character.isHighSurrogate(text.charAt(at - 1)) && Character.isLowSurrogate(text.charAt(at))) {
      at--;
    }
    return at;
  }

  private static String render(String spoken, Optional<String> voice, Optional<String> language, int loop, Optional<URI> ackAction) {
    String words = ackAction.isPresent() ? spoken + " " + ACK_PROMPT : spoken;
    Say.Builder say = new Say.Builder(words).loop(loop);
    voice.ifPresent(v -> {
      Say.Voice known = knownVoice(v);
      if (known != null) {
        say.voice(known);
      } else {
        say.option("voice", v);
      }
    });
    language.ifPresent(l -> {
      Say.Language known = knownLanguage(l);
      if (known != null) {
        say.language(known);
      } else {
        say.option("language", l);
      }
    });
    VoiceResponse.Builder response = new VoiceResponse.Builder();
    if (ackAction.isPresent()) {
      response.gather(new Gather.Builder()
          .inputs(Gather.Input.DTMF)
          .numDigits(1)
          .timeout(GATHER_TIMEOUT_SECONDS)
          .action(ackAction.get())
          .method(HttpMethod.POST)
          .say(say.build())
          .build());
    } else {
      response.say(say.build());
    }
    return response.build().toXml();
  }

  private static Say.Voice knownVoice(String name) {
    for (Say.Voice v : Say.Voice.values()) {
      if (v.toString().equals(name)) {
        return v;
      }
    }
    return null;
  }

  private static Say.Language knownLanguage(String tag) {
    for (Say.Language l : Say.Language.values()) {
      if (l.toString().equalsIgnoreCase(tag)) {
        return l;
      }
    }
    return null;
  }
}
