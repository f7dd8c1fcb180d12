package dev.alertkit.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java snippet in README.md, CONTRIBUTING.md and docs/ is a marked region of a source file of a module
 * (examples, a provider module, the starter) that the build compiles (and, under {@code src/test}, runs), so a snippet cannot drift from
 * the API. Every CSV sample is a file the tests load.
 */
class DocSnippetsTest {
  private final Path root = DocFiles.projectRoot();

  @Test
  void everyJavaBlockInTheDocsIsACompiledRegionOfAnExampleSource() {
    Collection<DocFiles.Region> regions = DocFiles.moduleRegions(root).values();
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (Path md : DocFiles.markdownFiles(root)) {
      for (DocFiles.Block block : DocFiles.blocks(md)) {
        if (block.language().equals("java")) {
          checked++;
          String problem = unmatched(block, regions);
          if (problem != null) {
            problems.add(problem);
          }
        }
      }
    }
    assertThat(checked).as("java blocks found in the docs").isGreaterThan(10);
    assertThat(problems).as("java blocks that are no region of a compiled source of a module").isEmpty();
  }

  @Test
  void everyCsvBlockInTheDocsIsAFileTheExamplesLoad() throws IOException {
    Set<String> csvFiles;
    try (Stream<Path> s = Files.walk(root.resolve("examples/src"))) {
      csvFiles = s.filter(p -> p.toString().endsWith(".csv")).map(DocSnippetsTest::read).collect(Collectors.toSet());
    }
    List<String> problems = new ArrayList<>();
    for (Path md : DocFiles.markdownFiles(root)) {
      for (DocFiles.Block block : DocFiles.blocks(md)) {
        if (block.language().equals("csv") && !csvFiles.contains(block.text())) {
          problems.add(block.where() + ": this CSV is no file under examples/src");
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void aRegionIsTheTextBetweenItsMarkersWithoutIndentation(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("A.java"), String.join("\n",
        "class A {",
        "  void f() {",
        "    // tag::outer[]",
        "    int a = 1;",
        "    // tag::inner[]",
        "    int b = 2;",
        "    // end::inner[]",
        "    // end::outer[]",
        "    // tag::outer[]",
        "    int c = 3;",
        "    // end::outer[]",
        "  }",
        "}"));

    Map<String, DocFiles.Region> regions = DocFiles.regions(dir);

    assertThat(regions.get(dir.resolve("A.java") + "#outer").text()).isEqualTo("    int a = 1;\n    int b = 2;\n    int c = 3;\n");
    assertThat(regions.get(dir.resolve("A.java") + "#inner").text()).isEqualTo("    int b = 2;\n");
    assertThat(DocFiles.normalise("  int a\n   = 1;\n")).isEqualTo("int a = 1;");
  }

  @Test
  void aBlockThatDiffersFromEveryRegionIsReportedWithTheClosestRegion(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("A.java"), "// tag::x[]\nclient.send(alert);\n// end::x[]\n");
    Files.writeString(dir.resolve("doc.md"), "# Doc\n\n```java\nclient.send( alert );\n```\n\n```java\nclient.send(alert);\n```\n");
    Collection<DocFiles.Region> regions = DocFiles.regions(dir).values();

    List<DocFiles.Block> blocks = DocFiles.blocks(dir.resolve("doc.md"));

    assertThat(blocks).hasSize(2);
    assertThat(unmatched(blocks.get(0), regions)).startsWith("doc.md:3: ").contains("A.java#x");
    assertThat(unmatched(blocks.get(1), regions)).isNull();
  }

  private static String unmatched(DocFiles.Block block, Collection<DocFiles.Region> regions) {
    String wanted = DocFiles.normalise(block.text());
    for (DocFiles.Region region : regions) {
      if (DocFiles.normalise(region.text()).equals(wanted)) {
        return null;
      }
    }
    DocFiles.Region closest = regions.stream()
        .max(Comparator.comparingInt(r -> commonPrefix(DocFiles.normalise(r.text()), wanted)))
        .orElse(null);
    if (closest == null) {
      return block.where() + ": no snippet regions at all";
    }
    String near = DocFiles.normalise(closest.text());
    int at = commonPrefix(near, wanted);
    return block.where() + ": matches no region; closest is " + closest.file().getFileName() + "#" + closest.name()
        + ", which differs at character " + at + ": doc has \"" + excerpt(wanted, at) + "\", source has \""
        + excerpt(near, at) + "\"";
  }

  private static int commonPrefix(String a, String b) {
    int n = Math.min(a.length(), b.length());
    int i = 0;
    while (i < n && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    return i;
  }

  private static String excerpt(String s, int at) {
    return s.substring(Math.max(0, at - 20), Math.min(s.length(), at + 40));
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
