package dev.alertkit.benchmarks;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Seeded, realistic DLT templates for the matching benchmark: 50 brands whose names recur in prefixes ("Update from
 * BrandAb: ") and signatures ("- BrandAb"), shared openings ("Dear {#var#}, ", "ALERT: "), 3–10 words from a 600-word
 * vocabulary, and 1–3 placeholders of the DLT types (var, numeric, alphanumeric, url). Texts are distinct.
 */
public final class DltTemplates {
  /** The principal entity the templates belong to. */
  public static final String ENTITY = "1101234567890123456";
  /** The whitelisted prefix of every url placeholder value. */
  public static final String DYNAMIC_URL = "https://go.ex.in/t?id=";

  private static final String[] SYLLABLES = {"ka", "ri", "to", "me", "su", "na", "lo", "vi", "de", "pa", "zu", "ho", "ye", "ga", "mo", "ti"};
  private static final String[] PREFIXES = {"Dear {#var#}, ", "Hi {#var#}, ", "ALERT: ", "Update from %s: ", "%s: ", "Your account "};
  private static final Type[] TYPES = {Type.VAR, Type.VAR, Type.NUMERIC, Type.ALPHANUMERIC, Type.URL};

  /** DLT placeholder types, with their tokens. */
  public enum Type {
    /** Free text up to 30 characters. */
    VAR("{#var#}"),
    /** Digits. */
    NUMERIC("{#numeric#}"),
    /** Letters and digits. */
    ALPHANUMERIC("{#alphanumeric#}"),
    /** A whitelisted link. */
    URL("{#url#}");

    private final String token;

    Type(String token) {
      this.token = token;
    }

    /** @return the token as written in a template, e.g. {@code {#var#}} */
    public String token() {
      return token;
    }
  }

  /**
   * A generated template.
   *
   * @param id 19-digit template id
   * @param header the 6-letter sender header
   * @param text the registered text with placeholder tokens
   * @param placeholders the placeholder types in order
   */
  public record Template(String id, String header, String text, List<Type> placeholders) {}

  private final Random random;
  private final List<String> words = new ArrayList<>();
  private final List<String> brands = new ArrayList<>();

  private DltTemplates(long seed) {
    random = new Random(seed);
    Set<String> seen = new HashSet<>();
    while (words.size() < 600) {
      StringBuilder w = new StringBuilder();
      int n = 2 + random.nextInt(3);
      for (int i = 0; i < n; i++) {
        w.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
      }
      if (random.nextInt(5) == 0) {
        w.setCharAt(0, Character.toUpperCase(w.charAt(0)));
      }
      if (seen.add(w.toString())) {
        words.add(w.toString());
      }
    }
    for (int i = 0; i < 50; i++) {
      brands.add("Brand" + (char) ('A' + i % 26) + (char) ('a' + i / 26));
    }
  }

  /**
   * Generates distinct templates.
   *
   * @param n how many
   * @param seed the seed
   * @return the templates, ids {@code 1107000000000000000 + i}
   */
  public static List<Template> generate(int n, long seed) {
    DltTemplates g = new DltTemplates(seed);
    List<Template> out = new ArrayList<>(n);
    Set<String> texts = new HashSet<>();
    while (out.size() < n) {
      Template t = g.next(String.valueOf(1107000000000000000L + out.size()));
      if (texts.add(t.text())) {
        out.add(t);
      }
    }
    return out;
  }

  /**
   * Renders messages from uniformly chosen templates with random valid placeholder values.
   *
   * @param templates the templates
   * @param count how many messages
   * @param seed the seed
   * @return the texts
   */
  public static List<String> messages(List<Template> templates, int count, long seed) {
    DltTemplates g = new DltTemplates(seed);
    List<String> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Template t = templates.get(g.random.nextInt(templates.size()));
      String text = t.text();
      for (Type p : t.placeholders()) {
        int at = text.indexOf(p.token());
        text = text.substring(0, at) + g.value(p) + text.substring(at + p.token().length());
      }
      out.add(text);
    }
    return out;
  }

  private Template next(String id) {
    int brand = random.nextInt(brands.size());
    String b = brands.get(brand);
    String prefix = PREFIXES[random.nextInt(PREFIXES.length)];
    prefix = prefix.contains("%s") ? String.format(prefix, b) : prefix;
    List<Type> types = new ArrayList<>();
    if (prefix.contains("{#")) {
      types.add(Type.VAR);
    }
    int extra = Math.max(types.isEmpty() ? 1 : 0, 1 + random.nextInt(3) - types.size());
    int count = 3 + random.nextInt(8);
    List<String> pool = new ArrayList<>(words);
    StringBuilder s = new StringBuilder(prefix);
    List<Integer> slots = new ArrayList<>();
    for (int i = 0; i < extra; i++) {
      slots.add(1 + random.nextInt(count));
    }
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        s.append(' ');
      }
      s.append(pool.remove(random.nextInt(pool.size())));
      while (slots.remove(Integer.valueOf(i + 1))) {
        Type t = TYPES[random.nextInt(TYPES.length)];
        types.add(t);
        s.append(' ').append(t.token());
      }
    }
    s.append(random.nextBoolean() ? ". -" : " - ").append(b);
    String header = "BR" + (char) ('A' + brand % 26) + (char) ('A' + brand / 26) + "KT";
    return new Template(id, header, s.toString(), List.copyOf(types));
  }

  private String value(Type type) {
    switch (type) {
      case NUMERIC:
        return digits(1 + random.nextInt(8));
      case ALPHANUMERIC:
        return letters(1 + random.nextInt(4)) + digits(1 + random.nextInt(4));
      case URL:
        return DYNAMIC_URL + digits(1 + random.nextInt(5));
      default:
        return letters(random.nextInt(12));
    }
  }

  private String digits(int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append((char) ('0' + random.nextInt(10)));
    }
    return s.toString();
  }

  private String letters(int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append((char) ('a' + random.nextInt(26)));
    }
    return s.toString();
  }
}
