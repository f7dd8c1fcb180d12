package dev.alertkit.event;

import java.util.List;
import java.util.Objects;

/** Shared checks for the event records. */
final class Events {
  private Events() {}

  static <T> List<T> nonEmpty(List<T> list, String name) {
    Objects.requireNonNull(list, name);
    if (list.isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
    return List.copyOf(list);
  }
}
