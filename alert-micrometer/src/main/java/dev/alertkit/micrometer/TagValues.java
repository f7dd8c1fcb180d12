package dev.alertkit.micrometer;

import dev.alertkit.Attempt;
import dev.alertkit.DispatchReport;
import dev.alertkit.Outcome;
import dev.alertkit.RecipientReport;
import dev.alertkit.Failure;
import java.util.Locale;

/** Bounded tag values: lower-case enum names, computed once per enum constant. */
final class TagValues {
  /** The value of a tag whose subject is absent (no failure, no channel on an uncorrelated report). */
  static final String NONE = "none";
  /** The value of a tag not known yet (an outcome before dispatch completed). */
  static final String UNKNOWN = "unknown";
  /** The outcome of a dispatch whose recipients ended differently. */
  static final String MIXED = "mixed";
  static final String ACCEPTED = "accepted";
  static final String FAILED = "failed";

  private static final ClassValue<String[]> NAMES = new ClassValue<>() {
    @Override
    protected String[] computeValue(Class<?> type) {
      Object[] constants = type.getEnumConstants();
      String[] out = new String[constants.length];
      for (int i = 0; i < constants.length; i++) {
        out[i] = ((Enum<?>) constants[i]).name().toLowerCase(Locale.ROOT);
      }
      return out;
    }
  };

  private TagValues() {}

  /**
   * @param e an enum constant, or null
   * @return its lower-case name, or {@value #NONE} for null
   */
  static String of(Enum<?> e) {
    return e == null ? NONE : NAMES.get(e.getDeclaringClass())[e.ordinal()];
  }

  static String result(Attempt a) {
    return a.accepted() ? ACCEPTED : FAILED;
  }

  static String kind(Attempt a) {
    return of(a.failure().map(Failure::kind).orElse(null));
  }

  static String fault(Attempt a) {
    return of(a.failure().map(Failure::fault).orElse(null));
  }

  /** @return the recipients' common outcome, {@value #MIXED} when they differ, {@value #NONE} without recipients */
  static String outcome(DispatchReport report) {
    Outcome common = null;
    for (RecipientReport r : report.recipients()) {
      if (common == null) {
        common = r.outcome();
      } else if (common != r.outcome()) {
        return MIXED;
      }
    }
    return of(common);
  }
}
