package dev.alertkit.examples.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the project's Markdown documentation and the snippet regions of the example sources, for the tests that keep
 * the two in step ({@link DocSnippetsTest}) and the links working ({@link DocLinksTest}).
 *
 * <p>A snippet region is marked in any source file of a module (e.g. {@code examples/src}, {@code alert-twilio/src/test}) by {@code // tag::name[]} and
 * {@code // end::name[]} lines (the AsciiDoc convention). Regions may nest; several regions with the same name in one
 * file are joined in order. The marker lines themselves belong to no region.
 */
final class DocFiles {
  private static final Pattern TAG = Pattern.compile("^\\s*//\\s*(tag|end)::([A-Za-z0-9_.-]+)\\[\\]\\s*$");
  private static final Pattern FENCE = Pattern.compile("^(\\s*)(```+|~~~+)\\s*([A-Za-z0-9_+-]*)\\s*$");
  private static final Pattern LINK = Pattern.compile("!?\\[(?:[^\\]\\[]|\\[[^\\]]*\\])*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
  private static final Pattern INLINE_CODE = Pattern.compile("`+[^`]*`+");
  private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

  private DocFiles() {}

  /** A fenced code block of a Markdown file. */
  record Block(Path file, int line, String language, String text) {
    String where() {
      return file.getFileName() + ":" + line;
    }
  }

  /** A named region of a source file. */
  record Region(Path file, String name, String text) {}

  /** A relative link of a Markdown file. */
  record Link(Path file, int line, String target) {}

  /**
   * Finds the project root from the working directory (the module directory under Maven).
   *
   * @return the directory holding README.md and the parent pom
   */
  static Path projectRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("README.md")) && Files.isRegularFile(d.resolve("pom.xml"))
          && Files.isDirectory(d.resolve("examples"))) {
        return d;
      }
    }
    throw new IllegalStateException("no project root (README.md, pom.xml, examples/) above " + dir);
  }

  /**
   * The documentation: README.md, CONTRIBUTING.md and every Markdown file under docs/.
   *
   * @param root the project root
   * @return the files, README first
   */
  static List<Path> markdownFiles(Path root) {
    List<Path> files = new ArrayList<>();
    for (String top : List.of("README.md", "CONTRIBUTING.md")) {
      if (Files.isRegularFile(root.resolve(top))) {
        files.add(root.resolve(top));
      }
    }
    Path docs = root.resolve("docs");
    if (Files.isDirectory(docs)) {
      try (Stream<Path> s = Files.walk(docs)) {
        s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return files;
  }

  static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The fenced code blocks of a Markdown file.
   *
   * @param md the file
   * @return every block with its language ("" when none) and the line its fence opens on
   */
  static List<Block> blocks(Path md) {
    List<Block> blocks = new ArrayList<>();
    List<String> lines = lines(md);
    String fence = null;
    String language = null;
    int start = 0;
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher m = FENCE.matcher(line);
      if (fence == null) {
        if (m.matches()) {
          fence = m.group(2);
          language = m.group(3).toLowerCase(Locale.ROOT);
          start = i + 1;
          text.setLength(0);
        }
      } else if (m.matches() && m.group(2).startsWith(fence) && m.group(3).isEmpty()) {
        blocks.add(new Block(md, start, language, text.toString()));
        fence = null;
      } else {
        text.append(line).append('\n');
      }
    }
    if (fence != null) {
      throw new IllegalStateException(md + ":" + start + ": code block never closed");
    }
    return blocks;
  }

  /**
   * The snippet regions of every module's sources: each top-level folder with a {@code pom.xml} and a {@code src}
   * folder (examples, the provider modules, the starter...), main and test code alike, all compiled by the build.
   *
   * @param root the project root
   * @return regions by "file#name"
   */
  static Map<String, Region> moduleRegions(Path root) {
    Map<String, Region> all = new LinkedHashMap<>();
    try (Stream<Path> s = Files.list(root)) {
      for (Path module : s.filter(d -> Files.isRegularFile(d.resolve("pom.xml")) && Files.isDirectory(d.resolve("src"))).sorted().toList()) {
        all.putAll(regions(module.resolve("src")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return all;
  }

  /**
   * The snippet regions of every file under {@code dir}.
   *
   * @param dir where to look, e.g. examples/src
   * @return regions by "file#name"
   */
  static Map<String, Region> regions(Path dir) {
    Map<String, Region> regions = new LinkedHashMap<>();
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Path file : files) {
      Map<String, StringBuilder> texts = new LinkedHashMap<>();
      Set<String> open = new LinkedHashSet<>();
      List<String> lines = lines(file);
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = TAG.matcher(lines.get(i));
        if (m.matches()) {
          String name = m.group(2);
          if (m.group(1).equals("tag")) {
            if (!open.add(name)) {
              throw new IllegalStateException(file + ":" + (i + 1) + ": region '" + name + "' opened twice");
            }
            texts.computeIfAbsent(name, n -> new StringBuilder());
          } else if (!open.remove(name)) {
            throw new IllegalStateException(file + ":" + (i + 1) + ": region '" + name + "' closed but not open");
          }
          continue;
        }
        for (String name : open) {
          texts.get(name).append(lines.get(i)).append('\n');
        }
      }
      if (!open.isEmpty()) {
        throw new IllegalStateException(file + ": regions never closed: " + open);
      }
      texts.forEach((name, text) -> regions.put(file + "#" + name, new Region(file, name, text.toString())));
    }
    return regions;
  }

  /**
   * Collapses every run of whitespace to one space and trims, so that indentation and line breaks do not matter.
   *
   * @param text any text
   * @return the normalised text
   */
  static String normalise(String text) {
    return text.replaceAll("\\s+", " ").trim();
  }

  /**
   * The links of a Markdown file that point into the project (not {@code http:}, {@code https:} or {@code mailto:}),
   * outside code blocks and inline code.
   *
   * @param md the file
   * @return the links
   */
  static List<Link> relativeLinks(Path md) {
    List<Link> links = new ArrayList<>();
    List<String> lines = lines(md);
    boolean inFence = false;
    String fence = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher f = FENCE.matcher(line);
      if (f.matches() && (!inFence || (f.group(2).startsWith(fence) && f.group(3).isEmpty()))) {
        inFence = !inFence;
        fence = inFence ? f.group(2) : null;
        continue;
      }
      if (inFence) {
        continue;
      }
      Matcher m = LINK.matcher(INLINE_CODE.matcher(line).replaceAll(""));
      while (m.find()) {
        String target = m.group(1);
        if (!target.matches("(?i)^(https?|mailto|ftp):.*")) {
          links.add(new Link(md, i + 1, target));
        }
      }
    }
    return links;
  }

  /**
   * The anchors GitHub gives the headings of a Markdown file: lower case, punctuation removed, spaces to hyphens,
   * repeats numbered {@code -1}, {@code -2}...
   *
   * @param md the file
   * @return the anchors
   */
  static Set<String> anchors(Path md) {
    Set<String> anchors = new HashSet<>();
    boolean inFence = false;
    for (String line : lines(md)) {
      if (FENCE.matcher(line).matches()) {
        inFence = !inFence;
        continue;
      }
      Matcher h = HEADING.matcher(line);
      if (!inFence && h.matches()) {
        String slug = slug(h.group(1));
        String unique = slug;
        for (int n = 1; !anchors.add(unique); n++) {
          unique = slug + "-" + n;
        }
      }
    }
    return anchors;
  }

  /**
   * GitHub's heading slug.
   *
   * @param heading the heading text (Markdown)
   * @return the anchor without '#'
   */
  static String slug(String heading) {
    String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replace("`", "");
    return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\p{M} _-]", "").replace(' ', '-');
  }

  /**
   * Checks one link.
   *
   * @param link the link
   * @return why it is broken, or null when it resolves
   */
  static String problem(Link link) {
    String target = link.target();
    int hash = target.indexOf('#');
    String path = hash < 0 ? target : target.substring(0, hash);
    String anchor = hash < 0 ? null : target.substring(hash + 1);
    Path resolved = path.isEmpty() ? link.file() : link.file().getParent().resolve(path).normalize();
    if (!Files.exists(resolved)) {
      return "no such file: " + resolved;
    }
    if (anchor != null) {
      if (!resolved.toString().endsWith(".md")) {
        return "anchor '#" + anchor + "' into a file that is not Markdown";
      }
      if (!anchors(resolved).contains(anchor)) {
        return "no heading with anchor '#" + anchor + "' in " + resolved.getFileName();
      }
    }
    return null;
  }
}
