package dev.alertkit.india;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Realistic generated DLT templates: shared brand prefixes and signatures, 1–3 placeholders, distinct words within a
 * template (so that a one-character change to static text cannot be absorbed by a placeholder elsewhere).
 */
final class GeneratedTemplates {
  static final String ENTITY = "1101234567890123456";
  static final String DYNAMIC_URL = "https://go.ex.in/t?id=";
  private static final String[] SYLLABLES = {"ka", "ri", "to", "me", "su", "na", "lo", "vi", "de", "pa", "zu", "ho", "ye", "ga", "mo", "ti"};
  private static final String[] PREFIXES = {"Dear {#var#}, ", "Hi {#var#}, ", "ALERT: ", "Update from %s: ", "%s: ", "Your account "};
  private static final PlaceholderType[] TYPES = {
    PlaceholderType.VAR, PlaceholderType.VAR, PlaceholderType.NUMERIC, PlaceholderType.ALPHANUMERIC, PlaceholderType.URL
  };

  final Random random;
  final List<String> words = new ArrayList<>();
  final List<String> brands = new ArrayList<>();

  GeneratedTemplates(long seed) {
    this.random = new Random(seed);
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

  static String header(int brand) {
    return "BR" + (char) ('A' + brand % 26) + (char) ('A' + brand / 26) + "KT";
  }

  /** Template text with placeholders. */
  String text() {
    int brand = random.nextInt(brands.size());
    String b = brands.get(brand);
    String prefix = PREFIXES[random.nextInt(PREFIXES.length)];
    prefix = prefix.contains("%s") ? String.format(prefix, b) : prefix;
    int placeholders = 1 + random.nextInt(3) - (prefix.contains("{#") ? 1 : 0);
    int count = 3 + random.nextInt(8);
    List<String> pool = new ArrayList<>(words);
    StringBuilder s = new StringBuilder(prefix);
    List<Integer> slots = new ArrayList<>();
    for (int i = 0; i < placeholders; i++) {
      slots.add(1 + random.nextInt(count));
    }
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        s.append(' ');
      }
      s.append(pool.remove(random.nextInt(pool.size())));
      if (slots.contains(i + 1) && i < count) {
        s.append(' ').append(TYPES[random.nextInt(TYPES.length)].token());
        slots.remove(Integer.valueOf(i + 1));
      }
    }
    for (int i = 0; i < slots.size(); i++) {
      s.append(' ').append(pool.remove(random.nextInt(pool.size()))).append(' ').append(PlaceholderType.NUMERIC.token());
    }
    return s.append(random.nextBoolean() ? ". -" : " - ").append(b).toString() + "|" + header(brand);
  }

  /** A registry of n distinct templates, ids 1107000000000000000 + i. */
  DltRegistry registry(int n, List<DltTemplate> out) {
    DltRegistry.Builder b = DltRegistry.builder(ENTITY).whitelistDynamicUrl(DYNAMIC_URL);
    Set<String> texts = new HashSet<>();
    for (int i = 0; out.size() < n; i++) {
      String[] th = text().split("\\|");
      if (!texts.add(th[0])) {
        continue;
      }
      DltTemplate t = DltTemplate.builder(String.valueOf(1107000000000000000L + out.size()))
          .category(TemplateCategory.SERVICE_IMPLICIT).header(th[1]).text(th[0]).build();
      out.add(t);
      b.template(t);
    }
    return b.build();
  }

  /** A valid random value for a placeholder type. */
  String value(PlaceholderType type) {
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

  List<String> values(DltTemplate t) {
    List<String> v = new ArrayList<>();
    for (PlaceholderType p : t.placeholders()) {
      v.add(value(p));
    }
    return v;
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
