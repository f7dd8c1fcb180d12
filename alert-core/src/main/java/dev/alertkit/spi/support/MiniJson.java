package dev.alertkit.spi.support;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON reader and writer for configuration files and stored JSON columns (core has no JSON library,
 * and a store module need not add one). Reading: objects become
 * {@code LinkedHashMap<String, Object>} (duplicate keys are an error), arrays {@code List<Object>}, numbers
 * {@link BigDecimal} (exact, as written), strings, booleans and {@code null} (as {@link #NULL}); the typed accessors
 * ({@link #object}, {@link #array}, {@link #string}, {@link #optionalString}, {@link #integer}) read what a parse
 * returned. Writing: {@link #write} turns strings, numbers, booleans, nulls, maps and lists into JSON text.
 */
public final class MiniJson {
  /** Stands for a JSON {@code null}. */
  public static final Object NULL = new Object() {
    @Override
    public String toString() {
      return "null";
    }
  };

  private static final int MAX_DEPTH = 64;
  private final String s;
  private int i;

  private MiniJson(String s) {
    this.s = s;
  }

  /**
   * Writes strings, integers, longs, booleans, {@code null}, maps with string keys and lists as JSON text.
   *
   * @param value the value
   * @return its JSON text
   * @throws IllegalArgumentException when a value of another type, or a map key that is not a string, is found
   */
  public static String write(Object value) {
    StringBuilder b = new StringBuilder();
    write(b, value);
    return b.toString();
  }

  private static void write(StringBuilder b, Object v) {
    if (v == null || v == NULL) {
      b.append("null");
    } else if (v instanceof String str) {
      quote(b, str);
    } else if (v instanceof Integer || v instanceof Long || v instanceof Boolean) {
      b.append(v);
    } else if (v instanceof Map<?, ?> m) {
      b.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          throw new IllegalArgumentException("JSON object keys must be strings");
        }
        if (!first) {
          b.append(',');
        }
        first = false;
        quote(b, key);
        b.append(':');
        write(b, e.getValue());
      }
      b.append('}');
    } else if (v instanceof List<?> l) {
      b.append('[');
      for (int k = 0; k < l.size(); k++) {
        if (k > 0) {
          b.append(',');
        }
        write(b, l.get(k));
      }
      b.append(']');
    } else {
      throw new IllegalArgumentException("cannot write " + v.getClass().getName() + " as JSON");
    }
  }

  private static void quote(StringBuilder b, String str) {
    b.append('"');
    for (int k = 0; k < str.length(); k++) {
      char c = str.charAt(k);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }

  /**
   * Reads a parsed value as an object.
   *
   * @param value what {@link #parse} returned (or a part of it)
   * @return the object's members
   * @throws IllegalArgumentException when it is not an object
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(Object value) {
    if (!(value instanceof Map)) {
      throw new IllegalArgumentException("expected a JSON object");
    }
    return (Map<String, Object>) value;
  }

  /**
   * Reads a parsed value as an array.
   *
   * @param value what {@link #parse} returned (or a part of it)
   * @return the array's elements
   * @throws IllegalArgumentException when it is not an array
   */
  @SuppressWarnings("unchecked")
  public static List<Object> array(Object value) {
    if (!(value instanceof List)) {
      throw new IllegalArgumentException("expected a JSON array");
    }
    return (List<Object>) value;
  }

  /**
   * Reads a required string member.
   *
   * @param object an object's members
   * @param key the member's name
   * @return its value
   * @throws IllegalArgumentException naming the key when it is missing, null or not a string
   */
  public static String string(Map<String, Object> object, String key) {
    return optionalString(object, key).orElseThrow(() -> new IllegalArgumentException("missing " + key));
  }

  /**
   * Reads an optional string member.
   *
   * @param object an object's members
   * @param key the member's name
   * @return its value; empty when it is missing, null or not a string
   */
  public static java.util.Optional<String> optionalString(Map<String, Object> object, String key) {
    Object v = object.get(key);
    return v instanceof String str ? java.util.Optional.of(str) : java.util.Optional.empty();
  }

  /**
   * Reads a required integer member.
   *
   * @param object an object's members
   * @param key the member's name
   * @return its value
   * @throws IllegalArgumentException naming the key when it is missing or not a number
   * @throws ArithmeticException when it is not an integer that fits an int
   */
  public static int integer(Map<String, Object> object, String key) {
    if (!(object.get(key) instanceof BigDecimal d)) {
      throw new IllegalArgumentException("missing " + key);
    }
    return d.intValueExact();
  }

  /**
   * Parses one JSON value.
   *
   * @param text the JSON text, not null
   * @return the value: a {@code Map<String, Object>}, {@code List<Object>}, {@link BigDecimal}, {@link String},
   *     {@link Boolean} or {@link #NULL}
   * @throws IllegalArgumentException naming the line and character offset when the text is not valid JSON, has a
   *     duplicate key or is nested more than 64 levels deep
   * @throws NullPointerException when text is null
   */
  public static Object parse(String text) {
    MiniJson p = new MiniJson(text);
    Object v = p.value(0);
    p.ws();
    if (p.i != text.length()) {
      throw p.error("unexpected text after the JSON value");
    }
    return v;
  }

  private Object value(int depth) {
    if (depth > MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH);
    }
    ws();
    if (i >= s.length()) {
      throw error("unexpected end");
    }
    char c = s.charAt(i);
    switch (c) {
      case '{':
        return object(depth);
      case '[':
        return array(depth);
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", NULL);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw error("unexpected character '" + c + "'");
    }
  }

  private Map<String, Object> object(int depth) {
    Map<String, Object> m = new LinkedHashMap<>();
    i++;
    ws();
    if (peek() == '}') {
      i++;
      return m;
    }
    while (true) {
      ws();
      if (peek() != '"') {
        throw error("expected a string key");
      }
      String key = string();
      ws();
      expect(':');
      Object v = value(depth + 1);
      if (m.put(key, v) != null) {
        throw error("duplicate key \"" + key + "\"");
      }
      ws();
      char c = next();
      if (c == '}') {
        return m;
      }
      if (c != ',') {
        throw error("expected ',' or '}'");
      }
    }
  }

  private List<Object> array(int depth) {
    List<Object> l = new ArrayList<>();
    i++;
    ws();
    if (peek() == ']') {
      i++;
      return l;
    }
    while (true) {
      l.add(value(depth + 1));
      ws();
      char c = next();
      if (c == ']') {
        return l;
      }
      if (c != ',') {
        throw error("expected ',' or ']'");
      }
    }
  }

  private String string() {
    i++;
    StringBuilder b = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return b.toString();
      }
      if (c < 0x20) {
        throw error("control character in string");
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      char e = next();
      switch (e) {
        case '"': case '\\': case '/': b.append(e); break;
        case 'b': b.append('\b'); break;
        case 'f': b.append('\f'); break;
        case 'n': b.append('\n'); break;
        case 'r': b.append('\r'); break;
        case 't': b.append('\t'); break;
        case 'u':
          if (i + 4 > s.length()) {
            throw error("short \\u escape");
          }
          try {
            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
          } catch (NumberFormatException x) {
            throw error("bad \\u escape");
          }
          i += 4;
          break;
        default:
          throw error("bad escape \\" + e);
      }
    }
  }

  private BigDecimal number() {
    int start = i;
    if (peek() == '-') {
      i++;
    }
    while (i < s.length() && "0123456789.eE+-".indexOf(s.charAt(i)) >= 0) {
      i++;
    }
    String t = s.substring(start, i);
    if (!t.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
      i = start;
      throw error("bad number '" + t + "'");
    }
    return new BigDecimal(t);
  }

  private Object literal(String word, Object v) {
    if (!s.startsWith(word, i)) {
      throw error("unexpected character '" + s.charAt(i) + "'");
    }
    i += word.length();
    return v;
  }

  private void ws() {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\n' || s.charAt(i) == '\r')) {
      i++;
    }
  }

  private char peek() {
    return i < s.length() ? s.charAt(i) : '\0';
  }

  private char next() {
    if (i >= s.length()) {
      throw error("unexpected end");
    }
    return s.charAt(i++);
  }

  private void expect(char c) {
    if (next() != c) {
      i--;
      throw error("expected '" + c + "'");
    }
  }

  private IllegalArgumentException error(String why) {
    int line = 1;
    for (int k = 0; k < Math.min(i, s.length()); k++) {
      if (s.charAt(k) == '\n') {
        line++;
      }
    }
    return new IllegalArgumentException(why + " at line " + line + " (offset " + i + ")");
  }
}
