package dev.alertkit.india;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Correctness (not timing) of template matching with 50,000 templates and of random templates. */
class DltMatchingAtScaleTest {

  @Test
  void findsTheRightTemplateAmong50000() {
    long seed = new Random().nextLong();
    String why = "seed " + seed + " (re-run with this seed to reproduce)";
    // Given 50,000 generated templates sharing brand prefixes and signatures
    GeneratedTemplates gen = new GeneratedTemplates(seed);
    List<DltTemplate> templates = new ArrayList<>();
    DltRegistry registry = gen.registry(50_000, templates);
    IndiaDlt guard = IndiaDlt.of(registry);
    Instant noon = Instant.parse("2025-03-14T06:30:00Z");

    for (int i = 0; i < 2_000; i++) {
      // When a sampled template is rendered with valid values
      DltTemplate t = templates.get(gen.random.nextInt(templates.size()));
      List<String> values = gen.values(t);
      String text = t.render(values);

      // Then matching finds it, with its header
      assertThat(registry.findTemplates(text)).as(why + ": " + text).contains(t);
      DltResult r = guard.evaluate(text, t.headers().get(0), noon);
      assertThat(r.isCompliant()).as(why + ": " + text + " -> " + r).isTrue();
      assertThat(r.match().orElseThrow().template().text()).as(why).isEqualTo(t.text());
      if (r.match().orElseThrow().template().equals(t)) {
        assertThat(r.match().orElseThrow().values()).as(why + ": " + text).containsExactlyElementsOf(values);
      }
    }
  }

  @Test
  void renderedTextMatchesItsTemplateAndAOneCharacterChangeDoesNot() {
    for (int run = 0; run < 300; run++) {
      long seed = new Random().nextLong();
      String why = "seed " + seed;
      GeneratedTemplates gen = new GeneratedTemplates(seed);
      List<DltTemplate> templates = new ArrayList<>();
      DltRegistry registry = gen.registry(20, templates);
      DltTemplate t = templates.get(gen.random.nextInt(templates.size()));
      List<String> values = gen.values(t);
      String text = t.render(values);

      // the rendered text matches its own template
      assertThat(registry.findTemplates(text)).as(why + ": " + text).contains(t);

      // every match is sound: re-rendering the template with the found values gives the text back
      DltResult r = IndiaDlt.of(registry).evaluate(text, t.headers().get(0), Instant.EPOCH);
      assertThat(r.isCompliant()).as(why).isTrue();
      assertThat(r.match().orElseThrow().template().render(r.match().orElseThrow().values())).as(why).isEqualTo(text);

      // a one-character change to static text does not match the template
      int[] staticPositions = staticPositions(t, values);
      int at = staticPositions[gen.random.nextInt(staticPositions.length)];
      char replacement = text.charAt(at) == '~' ? '^' : '~';
      String changed = text.substring(0, at) + replacement + text.substring(at + 1);
      assertThat(registry.findTemplates(changed)).as(why + ": " + changed).doesNotContain(t);
      DltResult mismatch = IndiaDlt.of(registry).evaluate(dev.alertkit.SmsContent.dltText(t.id(), changed), Instant.EPOCH);
      assertThat(mismatch.violation().orElseThrow().code()).as(why).isEqualTo(DltViolation.Code.TEMPLATE_MISMATCH);
      assertThat(mismatch.violation().orElseThrow().reason()).as(why).contains("text differs at index " + at + ":");
    }
  }

  /** Indexes in the rendered text that belong to static parts. */
  private static int[] staticPositions(DltTemplate t, List<String> values) {
    List<Integer> positions = new ArrayList<>();
    int pos = 0;
    for (int i = 0; i < t.staticParts().size(); i++) {
      String part = t.staticParts().get(i);
      for (int k = 0; k < part.length(); k++) {
        positions.add(pos + k);
      }
      pos += part.length();
      if (i < values.size()) {
        pos += values.get(i).length();
      }
    }
    return positions.stream().mapToInt(Integer::intValue).toArray();
  }
}
