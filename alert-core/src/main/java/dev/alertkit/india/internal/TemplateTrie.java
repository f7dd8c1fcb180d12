package dev.alertkit.india.internal;

import dev.alertkit.india.DltTemplate;
import dev.alertkit.india.PlaceholderType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * An index of DLT templates for exact matching: a radix trie over the templates' static text in which a
 * placeholder is an edge of its own. Matching walks the trie along the message text; a placeholder edge tries
 * the value extents its type allows (at most 30 code points) and continues only where the next static text can
 * follow. The work depends on the text and on how many templates share its beginning, not on how many templates
 * the index holds; a memo of dead (node, position) pairs bounds backtracking.
 *
 * <p>Built by one thread, then only read: safe to share once published through a final field.
 */
public final class TemplateTrie {

  /** Whole-value rules that depend on the registry (URL whitelist, call-back numbers, email syntax). */
  public interface ValueRules {
    /**
     * Whether a placeholder may take a value.
     *
     * @param type the placeholder type
     * @param value the value
     * @return true when allowed
     */
    boolean accepts(PlaceholderType type, String value);
  }

  /** A template whose structure the text follows, with each placeholder's extent in the text. */
  public static final class Hit {
    private final DltTemplate template;
    private final int[] bounds;

    Hit(DltTemplate template, int[] bounds) {
      this.template = template;
      this.bounds = bounds;
    }

    /** @return the template */
    public DltTemplate template() {
      return template;
    }

    /**
     * The placeholder values.
     *
     * @param text the text that was matched
     * @return one value per placeholder
     */
    public List<String> values(String text) {
      List<String> v = new ArrayList<>(bounds.length / 2);
      for (int i = 0; i < bounds.length; i += 2) {
        v.add(text.substring(bounds[i], bounds[i + 1]));
      }
      return v;
    }
  }

  /**
   * Where a text parts from the template it comes closest to.
   *
   * @param template the closest template
   * @param index the index in the text of the first difference
   * @param expected the static text the template expects from there ("" for the end of the message)
   */
  public record Miss(DltTemplate template, int index, String expected) {}

  private static final char[] NO_KEYS = new char[0];
  private static final Node[] NO_KIDS = new Node[0];
  private static final PlaceholderType[] TYPES = PlaceholderType.values();
  private static final int MEMO_AFTER_STEPS = 64;

  private final Node root;
  private int nodes;
  private int size;
  private int maxPlaceholders;

  private static final class Node {
    final int id;
    String label;
    final int depth;
    char[] keys = NO_KEYS;
    Node[] kids = NO_KIDS;
    Node[] ph;
    List<DltTemplate> terminals;
    DltTemplate rep;

    Node(int id, String label, int depth) {
      this.id = id;
      this.label = label;
      this.depth = depth;
    }

    int find(char c) {
      return Arrays.binarySearch(keys, c);
    }

    void put(Node kid) {
      char c = kid.label.charAt(0);
      int i = find(c);
      if (i >= 0) {
        kids[i] = kid;
        return;
      }
      int at = -i - 1;
      char[] k = new char[keys.length + 1];
      Node[] n = new Node[kids.length + 1];
      System.arraycopy(keys, 0, k, 0, at);
      System.arraycopy(kids, 0, n, 0, at);
      k[at] = c;
      n[at] = kid;
      System.arraycopy(keys, at, k, at + 1, keys.length - at);
      System.arraycopy(kids, at, n, at + 1, kids.length - at);
      keys = k;
      kids = n;
    }
  }

  /** Creates an empty index. */
  public TemplateTrie() {
    root = new Node(nodes++, "", 0);
  }

  /**
   * An index of one template, for checking a text against a given template.
   *
   * @param template the template
   * @return the index
   */
  public static TemplateTrie of(DltTemplate template) {
    TemplateTrie t = new TemplateTrie();
    t.add(template);
    return t;
  }

  /** @return the number of templates added */
  public int size() {
    return size;
  }

  /** @return the number of trie nodes (for tests of the index shape) */
  public int nodeCount() {
    return nodes;
  }

  /**
   * Adds a template.
   *
   * @param template the template
   */
  public void add(DltTemplate template) {
    List<String> statics = template.staticParts();
    List<PlaceholderType> phs = template.placeholders();
    Node n = root;
    if (n.rep == null) {
      n.rep = template;
    }
    for (int i = 0; i < statics.size(); i++) {
      n = addStatic(n, statics.get(i), template);
      if (i < phs.size()) {
        if (n.ph == null) {
          n.ph = new Node[TYPES.length];
        }
        int t = phs.get(i).ordinal();
        if (n.ph[t] == null) {
          n.ph[t] = new Node(nodes++, "", n.depth);
        }
        n = n.ph[t];
        if (n.rep == null) {
          n.rep = template;
        }
      }
    }
    if (n.terminals == null) {
      n.terminals = new ArrayList<>(1);
    }
    n.terminals.add(template);
    size++;
    maxPlaceholders = Math.max(maxPlaceholders, phs.size());
  }

  private Node addStatic(Node n, String s, DltTemplate template) {
    int p = 0;
    while (p < s.length()) {
      int i = n.find(s.charAt(p));
      if (i < 0) {
        Node kid = new Node(nodes++, s.substring(p), n.depth + s.length() - p);
        kid.rep = template;
        n.put(kid);
        return kid;
      }
      Node kid = n.kids[i];
      int common = lcp(kid.label, 0, s, p);
      if (common < kid.label.length()) {
        Node mid = new Node(nodes++, kid.label.substring(0, common), n.depth + common);
        mid.rep = kid.rep;
        kid.label = kid.label.substring(common);
        mid.put(kid);
        n.kids[i] = mid;
        kid = mid;
      }
      p += common;
      n = kid;
    }
    return n;
  }

  /**
   * Finds templates whose structure the text follows.
   *
   * @param text the message text
   * @param strict true: placeholder values must obey their type, the length limit and the value rules; false:
   *     any value of any length (to tell "wrong value" from "wrong text")
   * @param rules the value rules (used when strict)
   * @param accept which templates count
   * @param limit stop after this many hits
   * @return the hits, most specific first (static text is preferred over placeholders, short values over long)
   */
  public List<Hit> search(String text, boolean strict, ValueRules rules, Predicate<DltTemplate> accept, int limit) {
    Walker w = new Walker(text, strict, false, rules, accept, limit);
    w.walk(root, 0);
    return w.hits;
  }

  /**
   * Finds the template the text comes closest to (most static text matched in order) and where it first
   * differs, with placeholders taking only the values matching allows: characters of their type, at least one
   * for typed placeholders, at most {@link PlaceholderType#MAX_LENGTH} code points, and the registry's value rules.
   * So a leading {@code {#numeric#}} cannot swallow words to line up a template's later text with the message.
   * When no template's text can even begin under these rules (every template starts with a placeholder the text
   * does not fit), the search falls back to placeholders that take any value.
   *
   * @param text the message text
   * @param rules the registry's value rules
   * @return the miss, or null when the index is empty or the text matches a template
   */
  public Miss closest(String text, ValueRules rules) {
    Walker typed = new Walker(text, true, true, rules, t -> true, 1);
    typed.walk(root, 0);
    if (!typed.hits.isEmpty()) {
      return null;
    }
    if (typed.bestNode != null) {
      return new Miss(typed.bestNode.rep, typed.bestPos, typed.bestExpected);
    }
    Walker loose = new Walker(text, false, true, null, t -> true, 1);
    loose.walk(root, 0);
    if (!loose.hits.isEmpty() || root.rep == null) {
      return null;
    }
    return loose.bestNode == null ? new Miss(root.rep, 0, "") : new Miss(loose.bestNode.rep, loose.bestPos, loose.bestExpected);
  }

  private final class Walker {
    final String text;
    final int len;
    final boolean strict;
    final boolean track;
    final ValueRules rules;
    final Predicate<DltTemplate> accept;
    final int limit;
    final int[] bounds;
    int depth;
    final List<Hit> hits = new ArrayList<>(2);
    int steps;
    LongSet dead;
    int bestScore = -1;
    int bestMatched = -1;
    Node bestNode;
    int bestPos;
    String bestExpected;

    Walker(String text, boolean strict, boolean track, ValueRules rules, Predicate<DltTemplate> accept, int limit) {
      this.text = text;
      this.len = text.length();
      this.strict = strict;
      this.track = track;
      this.rules = rules;
      this.accept = accept;
      this.limit = limit;
      this.bounds = new int[maxPlaceholders * 2];
    }

    void walk(Node n, int pos) {
      if (hits.size() >= limit) {
        return;
      }
      long key = ((long) n.id << 32) | pos;
      if (dead != null && dead.contains(key)) {
        return;
      }
      if (++steps > MEMO_AFTER_STEPS && dead == null) {
        dead = new LongSet();
      }
      int before = hits.size();
      if (pos == len) {
        if (n.terminals != null) {
          for (DltTemplate t : n.terminals) {
            if (accept.test(t) && hits.size() < limit) {
              hits.add(new Hit(t, Arrays.copyOf(bounds, depth)));
            }
          }
        }
        if (track) {
          noteKids(n, pos);
        }
      } else {
        int k = n.find(text.charAt(pos));
        if (k >= 0) {
          Node c = n.kids[k];
          int m = lcp(c.label, 0, text, pos);
          if (m == c.label.length()) {
            walk(c, pos + m);
          } else if (track) {
            note(c, c.label, m, pos + m);
          }
        } else if (track) {
          noteKids(n, pos);
        }
      }
      if (n.ph != null) {
        for (int t = 0; t < n.ph.length && hits.size() < limit; t++) {
          if (n.ph[t] != null) {
            extents(n.ph[t], TYPES[t], pos);
          }
        }
      }
      if (dead != null && hits.size() == before) {
        dead.add(key);
      }
    }

    private void extents(Node c, PlaceholderType type, int pos) {
      int min = strict && type != PlaceholderType.VAR ? 1 : 0;
      int max = strict ? PlaceholderType.MAX_LENGTH : Integer.MAX_VALUE;
      int e = pos;
      int count = 0;
      while (true) {
        if (count >= min) {
          if (canContinue(c, e)) {
            if (!strict || !needsRule(type) || rules.accepts(type, text.substring(pos, e))) {
              bounds[depth++] = pos;
              bounds[depth++] = e;
              walk(c, e);
              depth -= 2;
              if (hits.size() >= limit) {
                return;
              }
            }
          } else if (track) {
            noteKids(c, e);
          }
        }
        if (e >= len || count >= max) {
          return;
        }
        int cp = text.codePointAt(e);
        if (strict && !allowed(type, cp)) {
          return;
        }
        e += Character.charCount(cp);
        count++;
      }
    }

    private boolean canContinue(Node c, int e) {
      if (c.ph != null) {
        return true;
      }
      if (e == len) {
        return c.terminals != null;
      }
      return c.find(text.charAt(e)) >= 0;
    }

    /** The text at pos matches none of n's static kids (or ends, or goes on past a template's end). */
    private void noteKids(Node n, int pos) {
      if (n.kids.length == 0) {
        if (pos < len && n.terminals != null && n.ph == null) {
          note(n, "", 0, pos);
        }
        return;
      }
      for (Node kid : n.kids) {
        note(kid, kid.label, 0, pos);
      }
    }

    /**
     * How many static characters match from offset {@code m} of {@code node}'s label at text position {@code pos},
     * going on into the child whose label continues the text (static text only: a placeholder stops it). A label
     * split by other templates (e.g. "D" then "isk" and "ear") thus still counts its whole text.
     */
    private int ahead(Node node, int m, int pos) {
      int total = 0;
      Node n = node;
      int at = m;
      int p = pos;
      while (p <= len) {
        int k = at >= n.label.length() ? 0 : lcp(n.label, at, text, p);
        total += k;
        p += k;
        if (at + k < n.label.length() || p >= len) {
          return total;
        }
        int i = n.find(text.charAt(p));
        if (i < 0) {
          return total;
        }
        n = n.kids[i];
        at = 0;
      }
      return total;
    }

    private boolean boundary(int pos) {
      return pos >= len || !Character.isLetterOrDigit(text.codePointAt(pos));
    }

    /**
     * Records a place where the text parts from the static text {@code expected} (at offset {@code m}). The best
     * place explains the most static characters: those matched before it plus those that match after it when one
     * character is taken as substituted, inserted or missing.
     */
    private void note(Node node, String expected, int m, int pos) {
      int matched = expected.isEmpty() ? node.depth : node.depth - node.label.length() + m;
      int look = 0;
      if (pos < len && m < expected.length()) {
        look = Math.max(ahead(node, m + 1, pos + 1), Math.max(ahead(node, m, pos + 1), ahead(node, m + 1, pos)));
      }
      int score = matched + look;
      // On a tie, more static text matched before the difference wins; then a difference at punctuation, space or
      // the end reads better than one inside a word or number (where the placeholder value more likely goes on).
      if (score > bestScore
          || (score == bestScore && matched > bestMatched)
          || (score == bestScore && matched == bestMatched && boundary(pos) && !boundary(bestPos))) {
        bestScore = score;
        bestMatched = matched;
        bestNode = node;
        bestPos = pos;
        bestExpected = expected.substring(Math.min(m, expected.length()));
      }
    }
  }

  /**
   * Whether a code point may appear in a value of a placeholder type (before whole-value rules).
   *
   * @param type the type
   * @param cp the code point
   * @return true when allowed
   */
  public static boolean allowed(PlaceholderType type, int cp) {
    switch (type) {
      case VAR:
        return true;
      case NUMERIC:
        return cp >= '0' && cp <= '9';
      case ALPHANUMERIC:
        if (Character.isLetterOrDigit(cp)) {
          return true;
        }
        int t = Character.getType(cp);
        return t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK || t == Character.ENCLOSING_MARK;
      case CBN:
        return (cp >= '0' && cp <= '9') || cp == '+' || cp == '-' || cp == ' ' || cp == '(' || cp == ')' || cp == '.';
      default:
        return !Character.isWhitespace(cp) && !Character.isSpaceChar(cp);
    }
  }

  private static boolean needsRule(PlaceholderType type) {
    return type == PlaceholderType.URL || type == PlaceholderType.URLOTT || type == PlaceholderType.CBN || type == PlaceholderType.EMAIL;
  }

  /** An open-addressing set of longs (dead walker states); no boxing. */
  private static final class LongSet {
    private long[] slots = new long[64];
    private boolean[] used = new boolean[64];
    private int size;

    boolean contains(long key) {
      int mask = slots.length - 1;
      for (int i = mix(key) & mask; used[i]; i = (i + 1) & mask) {
        if (slots[i] == key) {
          return true;
        }
      }
      return false;
    }

    void add(long key) {
      if (2 * (size + 1) > slots.length) {
        long[] oldSlots = slots;
        boolean[] oldUsed = used;
        slots = new long[oldSlots.length * 2];
        used = new boolean[oldSlots.length * 2];
        size = 0;
        for (int i = 0; i < oldSlots.length; i++) {
          if (oldUsed[i]) {
            add(oldSlots[i]);
          }
        }
      }
      int mask = slots.length - 1;
      int i = mix(key) & mask;
      while (used[i]) {
        if (slots[i] == key) {
          return;
        }
        i = (i + 1) & mask;
      }
      used[i] = true;
      slots[i] = key;
      size++;
    }

    private static int mix(long key) {
      long h = key * 0x9E3779B97F4A7C15L;
      return (int) (h ^ (h >>> 29));
    }
  }

  private static int lcp(String a, int ai, String b, int bi) {
    int n = Math.min(a.length() - ai, b.length() - bi);
    int i = 0;
    while (i < n && a.charAt(ai + i) == b.charAt(bi + i)) {
      i++;
    }
    return Math.max(i, 0);
  }
}
