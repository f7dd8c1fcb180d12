package dev.alertkit.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every relative link in README.md, CONTRIBUTING.md and docs/ points at a file that exists, and at a heading in it. */
class DocLinksTest {
  private final Path root = DocFiles.projectRoot();

  @Test
  void everyRelativeLinkInTheDocsResolvesToAFileAndHeading() {
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path md : DocFiles.markdownFiles(root)) {
      for (DocFiles.Link link : DocFiles.relativeLinks(md)) {
        checked++;
        String problem = DocFiles.problem(link);
        if (problem != null) {
          broken.add(root.relativize(md) + ":" + link.line() + ": (" + link.target() + ") " + problem);
        }
      }
    }
    assertThat(checked).as("relative links found in the docs").isGreaterThan(10);
    assertThat(broken).isEmpty();
  }

  @Test
  void readmeStaysShortAndKeepsTheBuildAndDemoCommands() throws IOException {
    Path readme = root.resolve("README.md");

    assertThat(Files.size(readme)).as("README.md bytes").isLessThanOrEqualTo(15_000);
    assertThat(Files.readString(readme))
        .contains("mvn -B verify")
        .contains("mvn -q -pl examples -am compile exec:java");
  }

  @Test
  void reportsAMissingFileAndAMissingAnchorButNotLinksInCode(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("a.md"), "# Routing rules\n\n## Quiet hours (`defer`)\n\n## Quiet hours (`defer`)\n");
    Files.writeString(dir.resolve("b.md"), String.join("\n",
        "See [rules](a.md#routing-rules), [quiet](a.md#quiet-hours-defer-1), [self](#b) and [site](https://x.dev/y).",
        "Broken: [gone](missing.md) and [anchor](a.md#nope).",
        "`[not a link](nowhere.md)`",
        "```",
        "[also not](nowhere.md)",
        "```",
        "# B"));

    List<String> problems = DocFiles.relativeLinks(dir.resolve("b.md")).stream()
        .filter(l -> DocFiles.problem(l) != null).map(DocFiles.Link::target).toList();

    assertThat(problems).containsExactly("missing.md", "a.md#nope");
    assertThat(DocFiles.slug("India (DLT): `loadCsv` & CSV format")).isEqualTo("india-dlt-loadcsv--csv-format");
  }
}
