package dev.alertkit.india;

import dev.alertkit.ValidationException;
import dev.alertkit.india.internal.Csv;
import dev.alertkit.india.internal.TemplateTrie;
import dev.alertkit.india.internal.Urls;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a business registered on the India DLT platform: its principal entity id, headers (sender ids), content
 * templates, whitelisted URLs and call-back numbers. Immutable and thread-safe; build with
 * {@link #builder(String)}, by code or from a CSV export of templates ({@link Builder#loadCsv(Path)}).
 *
 * <pre>{@code
 * DltRegistry registry = DltRegistry.builder("1101234567890123456")
 *     .header("ALRTKT")
 *     .template(DltTemplate.builder("1107161234567890123")
 *         .category(TemplateCategory.SERVICE_IMPLICIT).header("ALRTKT")
 *         .text("Dear {#var#}, your OTP is {#numeric#}. -AlertKit").build())
 *     .whitelistUrl("https://alertkit.dev/status")
 *     .loadCsv(Path.of("dlt-templates.csv"))
 *     .build();
 * }</pre>
 *
 * <p>Templates are indexed for exact matching (a trie over their static text, see {@link #findTemplates}); the
 * cost of a match does not grow with the number of templates.
 *
 * <p>Load-time rules that only warn (the values work at some operators) are collected in {@link #warnings()} and
 * logged once at {@code WARN} when the registry is built.
 */
public final class DltRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(DltRegistry.class);
  private static final Pattern EMAIL =
      Pattern.compile(
          "^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
              + "@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$");
  private static final int MAX_HITS = 16;

  private final String principalEntityId;
  private final Map<String, DltHeader> headers;
  private final Map<String, String> headersByLowerCase;
  private final Map<String, DltTemplate> templates;
  private final Set<String> staticUrls;
  private final List<String> dynamicUrls;
  private final Set<String> callbackNumbers;
  private final List<String> warnings;
  private final TemplateTrie index;
  private final TemplateTrie.ValueRules rules;

  private DltRegistry(Builder b, Map<String, DltHeader> headers, List<String> warnings) {
    this.principalEntityId = b.principalEntityId;
    this.headers = Collections.unmodifiableMap(headers);
    Map<String, String> lower = new HashMap<>();
    for (String h : headers.keySet()) {
      lower.putIfAbsent(h.toLowerCase(Locale.ROOT), h);
    }
    this.headersByLowerCase = lower;
    this.templates = Collections.unmodifiableMap(new LinkedHashMap<>(b.templates));
    this.staticUrls = Set.copyOf(b.staticUrls);
    this.dynamicUrls = List.copyOf(b.dynamicUrls);
    this.callbackNumbers = Set.copyOf(b.callbackNumbers);
    this.warnings = List.copyOf(warnings);
    TemplateTrie trie = new TemplateTrie();
    for (DltTemplate t : templates.values()) {
      trie.add(t);
    }
    this.index = trie;
    this.rules = this::accepts;
  }

  /**
   * Starts a registry.
   *
   * @param principalEntityId the principal entity id (digits; 19 in practice, 12–19 accepted with a warning)
   * @return a builder
   */
  public static Builder builder(String principalEntityId) {
    return new Builder(principalEntityId);
  }

  /** @return the principal entity id */
  public String principalEntityId() {
    return principalEntityId;
  }

  /** @return the registered headers, in registration order */
  public Collection<DltHeader> headers() {
    return headers.values();
  }

  /**
   * A header by its exact (case-sensitive) value.
   *
   * @param value the header
   * @return the header, if registered
   */
  public Optional<DltHeader> header(String value) {
    return Optional.ofNullable(headers.get(value));
  }

  /** @return the templates, in registration order */
  public Collection<DltTemplate> templates() {
    return templates.values();
  }

  /**
   * A template by id.
   *
   * @param templateId the content template id
   * @return the template, if registered
   */
  public Optional<DltTemplate> template(String templateId) {
    return Optional.ofNullable(templates.get(templateId));
  }

  /** @return the number of templates */
  public int size() {
    return templates.size();
  }

  /** @return the load-time warnings (id lengths, header lengths, template shapes), possibly empty */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * Whether a URL is whitelisted: equal to a static URL, or starting with a dynamic URL's fixed part. Scheme and
   * host are compared case-insensitively, path and query exactly.
   *
   * @param url the URL as it appears in the text
   * @return true when whitelisted
   * @throws NullPointerException when url is null
   */
  public boolean isWhitelisted(String url) {
    return whitelisted(staticUrls, dynamicUrls, url);
  }

  private static boolean whitelisted(Set<String> staticUrls, List<String> dynamicUrls, String url) {
    String u = Urls.normalize(url);
    if (staticUrls.contains(u)) {
      return true;
    }
    for (String prefix : dynamicUrls) {
      if (u.startsWith(prefix) || (prefix.endsWith("?") && u.equals(prefix.substring(0, prefix.length() - 1)))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a number is a registered call-back number. Spaces, hyphens, brackets and dots are ignored, as are a
   * leading {@code +91}/{@code 91} before 10 digits and a leading trunk {@code 0} before 10 digits.
   *
   * @param number the number as written in the text
   * @return true when registered
   * @throws NullPointerException when number is null
   */
  public boolean isCallbackNumber(String number) {
    String c = canonicalNumber(number);
    return c != null && callbackNumbers.contains(c);
  }

  /**
   * The templates whose text the given text follows exactly, each placeholder value obeying its type and the
   * 30-character limit. Headers are not considered.
   *
   * @param text the final SMS text
   * @return matching templates, most specific first (at most 16), possibly empty
   * @throws NullPointerException when text is null
   */
  public List<DltTemplate> findTemplates(String text) {
    List<DltTemplate> out = new ArrayList<>();
    for (TemplateTrie.Hit h : index.search(text, true, rules, t -> true, MAX_HITS)) {
      out.add(h.template());
    }
    return out;
  }

  TemplateTrie index() {
    return index;
  }

  TemplateTrie.ValueRules rules() {
    return rules;
  }

  Optional<String> headerIgnoringCase(String value) {
    return Optional.ofNullable(headersByLowerCase.get(value.toLowerCase(Locale.ROOT)));
  }

  private boolean accepts(PlaceholderType type, String value) {
    switch (type) {
      case URL:
      case URLOTT:
        return isWhitelisted(value);
      case CBN:
        return isCallbackNumber(value);
      case EMAIL:
        return value.length() <= 254 && EMAIL.matcher(value).matches();
      default:
        return true;
    }
  }

  static String canonicalNumber(String number) {
    StringBuilder d = new StringBuilder(number.length());
    for (int i = 0; i < number.length(); i++) {
      char c = number.charAt(i);
      if (c >= '0' && c <= '9') {
        d.append(c);
      } else if (!(c == ' ' || c == '-' || c == '(' || c == ')' || c == '.' || (c == '+' && d.length() == 0))) {
        return null;
      }
    }
    String s = d.toString();
    if (s.length() == 12 && s.startsWith("91")) {
      return s.substring(2);
    }
    if (s.length() == 11 && s.startsWith("0")) {
      return s.substring(1);
    }
    return s.length() >= 3 ? s : null;
  }

  @Override
  public String toString() {
    return "DltRegistry{entity=" + principalEntityId + ", headers=" + headers.keySet() + ", templates=" + templates.size() + "}";
  }

  /** Builds a {@link DltRegistry}. Not thread-safe. */
  public static final class Builder {
    private final String principalEntityId;
    private final Map<String, DltHeader> headers = new LinkedHashMap<>();
    private final Map<String, DltTemplate> templates = new LinkedHashMap<>();
    private final Set<String> staticUrls = new LinkedHashSet<>();
    private final List<String> dynamicUrls = new ArrayList<>();
    private final Set<String> callbackNumbers = new LinkedHashSet<>();

    private Builder(String principalEntityId) {
      this.principalEntityId = DltIds.check("principalEntityId", principalEntityId);
    }

    /**
     * Registers a header; its type follows from its format (6 digits: promotional; letters: service).
     *
     * @param value the header exactly as registered, without operator prefix or category suffix
     * @return this builder
     * @throws ValidationException when the header breaks the header format
     */
    public Builder header(String value) {
      return header(DltHeader.of(value));
    }

    /**
     * Registers a header of a given type.
     *
     * @param value the header exactly as registered
     * @param type its type
     * @return this builder
     * @throws ValidationException when the header breaks the format of its type
     */
    public Builder header(String value, DltHeader.Type type) {
      return header(DltHeader.of(value, type));
    }

    /**
     * Registers a header.
     *
     * @param header the header
     * @return this builder
     * @throws ValidationException when header is null
     */
    public Builder header(DltHeader header) {
      if (header == null) {
        throw new ValidationException("header", "is required");
      }
      headers.put(header.value(), header);
      return this;
    }

    /**
     * Adds a content template. Headers it names that were not registered with {@link #header} are registered
     * with the type their format implies.
     *
     * @param template the template
     * @return this builder
     * @throws ValidationException when template is null or a template with the same id was added before
     */
    public Builder template(DltTemplate template) {
      if (template == null) {
        throw new ValidationException("template", "is required");
      }
      if (templates.containsKey(template.id())) {
        throw new ValidationException("template[" + template.id() + "]", "a template with this id was added before; template ids are unique");
      }
      templates.put(template.id(), template);
      return this;
    }

    /**
     * Whitelists a static URL: a URL in a message must equal it (scheme and host case-insensitive).
     *
     * @param url e.g. {@code "https://alertkit.dev/status"}
     * @return this builder
     * @throws ValidationException when the URL is blank or contains white space
     */
    public Builder whitelistUrl(String url) {
      staticUrls.add(Urls.normalize(checkUrl("whitelistUrl", url)));
      return this;
    }

    /**
     * Whitelists a dynamic URL by its fixed part: the URL up to and including the first {@code ?} (or the whole
     * string when it has none). A URL in a message is whitelisted when it starts with the fixed part, e.g.
     * {@code "https://alertkit.dev/t?id="} whitelists {@code https://alertkit.dev/t?id=42}. End a fixed part
     * without {@code ?} with {@code /} so that it cannot match another host.
     *
     * @param url the dynamic URL as registered
     * @return this builder
     * @throws ValidationException when the URL is blank or contains white space
     */
    public Builder whitelistDynamicUrl(String url) {
      String u = Urls.normalize(checkUrl("whitelistDynamicUrl", url));
      int q = u.indexOf('?');
      dynamicUrls.add(q >= 0 ? u.substring(0, q + 1) : u);
      return this;
    }

    private static String checkUrl(String field, String url) {
      if (url == null || url.isBlank()) {
        throw new ValidationException(field, "must not be blank");
      }
      for (int i = 0; i < url.length(); i++) {
        if (Character.isWhitespace(url.charAt(i))) {
          throw new ValidationException(field, "'" + url + "' must not contain white space");
        }
      }
      return url;
    }

    /**
     * Registers a call-back number that {@code {#cbn#}} placeholders may carry.
     *
     * @param number e.g. {@code "1800 123 4567"} or {@code "+91 98123 45678"}
     * @return this builder
     * @throws ValidationException when the number has fewer than 3 digits or characters other than digits,
     *     spaces, hyphens, brackets, dots and a leading {@code +}
     */
    public Builder callbackNumber(String number) {
      String c = number == null ? null : canonicalNumber(number);
      if (c == null) {
        throw new ValidationException("callbackNumber", "'" + number + "' must be a phone number: digits, optionally with a leading +, spaces or hyphens");
      }
      callbackNumbers.add(c);
      return this;
    }

    /**
     * Adds the templates of a CSV export (UTF-8) to this builder; see {@link #loadCsv(Reader)} for the format.
     *
     * @param csv the file
     * @return this builder
     * @throws IOException when the file cannot be read or is not UTF-8
     * @throws DltCsvException naming each bad line when a record cannot be read or breaks a rule
     */
    public Builder loadCsv(Path csv) throws IOException {
      try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
        return loadCsv(String.valueOf(csv.getFileName()), r);
      }
    }

    /**
     * Adds the templates of a CSV export to this builder.
     *
     * <p>Format (RFC 4180): comma separated; a field may be in double quotes, and must be when it holds a comma,
     * a quote (written {@code ""}) or a line break (read as {@code \n}); a UTF-8 byte order mark is ignored;
     * blank lines are skipped. Columns, in this order when there is no header row:
     * {@code template_id,template_name,category,headers,template_text}. A first row starting with
     * {@code template_id} is a header row: then columns are found by name, in any order, and other columns
     * (e.g. a portal's status column) are ignored; {@code template_name} is optional. {@code headers} lists
     * one or more headers separated by {@code |}, {@code ;} or {@code ,}. {@code category} is as
     * {@link TemplateCategory#parse(String)} reads it. {@code template_text} is taken exactly, without trimming.
     *
     * @param csv the CSV text
     * @return this builder
     * @throws IOException when the reader fails
     * @throws DltCsvException naming each bad line (the line its record starts on) when a record cannot be read
     *     or breaks a rule; no template of the CSV is added then
     */
    public Builder loadCsv(Reader csv) throws IOException {
      return loadCsv("csv", csv);
    }

    private Builder loadCsv(String source, Reader reader) throws IOException {
      StringBuilder sb = new StringBuilder();
      char[] buf = new char[8192];
      for (int n; (n = reader.read(buf)) > 0; ) {
        sb.append(buf, 0, n);
      }
      List<Csv.Row> rows;
      try {
        rows = Csv.parse(sb.toString());
      } catch (Csv.SyntaxError e) {
        throw new DltCsvException(source, e.line(), List.of(e.getMessage()));
      }
      int id = 0;
      int name = 1;
      int category = 2;
      int hdrs = 3;
      int text = 4;
      int width = 5;
      int first = 0;
      List<String> problems = new ArrayList<>();
      int firstBadLine = 0;
      if (!rows.isEmpty() && rows.get(0).fields().get(0).strip().equalsIgnoreCase("template_id")) {
        Csv.Row head = rows.get(0);
        Map<String, Integer> cols = new HashMap<>();
        for (int i = 0; i < head.fields().size(); i++) {
          String col = head.fields().get(i).strip().toLowerCase(Locale.ROOT).replace(' ', '_');
          if (cols.put(col, i) != null) {
            throw new DltCsvException(source, head.line(), List.of("line " + head.line() + ": column '" + col + "' appears twice in the header row"));
          }
        }
        for (String required : List.of("template_id", "category", "headers", "template_text")) {
          if (!cols.containsKey(required)) {
            throw new DltCsvException(
                source, head.line(), List.of("line " + head.line() + ": the header row has no '" + required + "' column (columns: template_id, template_name, category, headers, template_text)"));
          }
        }
        id = cols.get("template_id");
        name = cols.getOrDefault("template_name", -1);
        category = cols.get("category");
        hdrs = cols.get("headers");
        text = cols.get("template_text");
        width = head.fields().size();
        first = 1;
      }
      Map<String, Integer> lineOf = new HashMap<>();
      List<DltTemplate> loaded = new ArrayList<>();
      for (int r = first; r < rows.size(); r++) {
        Csv.Row row = rows.get(r);
        List<String> f = row.fields();
        String problem = null;
        if (f.size() != width) {
          problem = "expected " + width + " fields but found " + f.size() + " (quote a field that contains a comma)";
        } else {
          try {
            List<String> headerList = new ArrayList<>();
            for (String h : f.get(hdrs).split("[|;,]")) {
              if (!h.isBlank()) {
                headerList.add(h.strip());
              }
            }
            DltTemplate t =
                DltTemplate.builder(f.get(id).strip())
                    .name(name >= 0 ? f.get(name) : null)
                    .category(TemplateCategory.parse(f.get(category)))
                    .headers(headerList)
                    .text(f.get(text))
                    .build();
            Integer earlier = lineOf.putIfAbsent(t.id(), row.line());
            if (earlier != null) {
              problem = "template id " + t.id() + " already appears on line " + earlier;
            } else if (templates.containsKey(t.id())) {
              problem = "template id " + t.id() + " was already added to the registry";
            } else {
              loaded.add(t);
            }
          } catch (ValidationException e) {
            problem = e.getMessage();
          }
        }
        if (problem != null) {
          if (problems.isEmpty()) {
            firstBadLine = row.line();
          }
          problems.add("line " + row.line() + ": " + problem);
        }
      }
      if (!problems.isEmpty()) {
        throw new DltCsvException(source, firstBadLine, problems);
      }
      for (DltTemplate t : loaded) {
        template(t);
      }
      return this;
    }

    /**
     * Validates and builds the registry.
     *
     * @return the registry
     * @throws ValidationException when a template names a header that is registered with a different letter case,
     *     or a template header breaks the header format
     */
    public DltRegistry build() {
      List<String> warnings = new ArrayList<>();
      if (principalEntityId.length() != DltIds.USUAL_LENGTH) {
        warnings.add("principal entity id " + principalEntityId + " has " + principalEntityId.length() + " digits; DLT ids are 19 digits in practice");
      }
      Map<String, DltHeader> all = new LinkedHashMap<>(headers);
      Map<String, String> lower = new HashMap<>();
      for (String h : all.keySet()) {
        lower.putIfAbsent(h.toLowerCase(Locale.ROOT), h);
      }
      for (DltTemplate t : templates.values()) {
        for (String h : t.headers()) {
          if (!all.containsKey(h)) {
            String other = lower.get(h.toLowerCase(Locale.ROOT));
            if (other != null) {
              throw new ValidationException(
                  "template[" + t.id() + "].headers", "header '" + h + "' is registered as '" + other + "' (headers are case-sensitive); write it exactly as registered");
            }
            all.put(h, DltHeader.of(h));
            lower.put(h.toLowerCase(Locale.ROOT), h);
          }
        }
      }
      for (DltHeader h : all.values()) {
        if (h.type() != DltHeader.Type.PROMOTIONAL && h.value().length() != 6) {
          warnings.add("header '" + h.value() + "' has " + h.value().length() + " letters; DLT headers are 6 letters (3 to 8 accepted by some portals)");
        }
      }
      for (DltTemplate t : templates.values()) {
        if (t.id().length() != DltIds.USUAL_LENGTH) {
          warnings.add("template id " + t.id() + " has " + t.id().length() + " digits; DLT ids are 19 digits in practice");
        }
        if (t.staticParts().stream().allMatch(String::isBlank)) {
          warnings.add("template " + t.id() + " has no static text (operators reject templates made only of variables)");
        }
        for (String h : t.headers()) {
          boolean numeric = all.get(h).type() == DltHeader.Type.PROMOTIONAL;
          if (numeric != (t.category() == TemplateCategory.PROMOTIONAL)) {
            warnings.add("template " + t.id() + " (" + t.category().label() + ") is registered for " + (numeric ? "promotional" : "non-promotional")
                + " header '" + h + "'; promotional templates go with numeric headers, others with letter headers");
          }
        }
        for (String part : t.staticParts()) {
          for (String url : Urls.find(part)) {
            if (!whitelisted(staticUrls, dynamicUrls, url)) {
              warnings.add("template " + t.id() + " contains URL '" + url + "' that is not whitelisted; messages with it will be rejected");
            }
          }
        }
      }
      if (!warnings.isEmpty()) {
        LOG.warn("DLT registry for entity {} has {} warning(s); first: {}", principalEntityId, warnings.size(), warnings.get(0));
      }
      return new DltRegistry(this, all, warnings);
    }
  }
}
