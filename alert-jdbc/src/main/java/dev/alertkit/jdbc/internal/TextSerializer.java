package dev.alertkit.jdbc.internal;

import com.github.kagkarlsson.scheduler.serializer.Serializer;
import java.nio.charset.StandardCharsets;

/**
 * Task data as UTF-8 text (a timer's payload), not Java serialization: readable with {@code convert_from(task_data,
 * 'UTF8')}, stable across class changes, and safe to deserialize.
 */
public final class TextSerializer implements Serializer {

  @Override
  public byte[] serialize(Object data) {
    if (data == null) {
      return null;
    }
    if (!(data instanceof String s)) {
      throw new IllegalArgumentException("alertkit timer data must be text, not " + data.getClass().getName());
    }
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public <T> T deserialize(Class<T> clazz, byte[] serializedData) {
    if (serializedData == null) {
      return null;
    }
    if (!clazz.isAssignableFrom(String.class)) {
      throw new IllegalArgumentException("alertkit timer data is text; cannot read it as " + clazz.getName());
    }
    return clazz.cast(new String(serializedData, StandardCharsets.UTF_8));
  }
}
