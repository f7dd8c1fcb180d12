package dev.alertkit.oncall;

import dev.alertkit.Recipient;
import dev.alertkit.ValidationException;
import dev.alertkit.spi.support.Checks;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An on-call schedule: layers of {@link Rotation rotations}, the last layer that covers an instant wins (put the
 * business-hours layer after the 24/7 one), and overrides on top of all layers (the latest added wins). Immutable
 * and thread-safe.
 *
 * <pre>{@code
 * OnCallSchedule ops = OnCallSchedule.builder("ops")
 *     .layer(weekly)
 *     .override(carol, Instant.parse("2026-03-29T08:00:00Z"), Instant.parse("2026-03-29T20:00:00Z"))
 *     .build();
 * OnCall now = ops.onCallAt(clock.instant());  // who, and why
 * }</pre>
 */
public final class OnCallSchedule {
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm xxx '['VV']'");
  private final String name;
  private final List<Rotation> layers;
  private final List<OnCallOverride> overrides;

  private OnCallSchedule(Builder b) {
    this.name = b.name;
    this.layers = List.copyOf(b.layers);
    this.overrides = List.copyOf(b.overrides);
  }

  /**
   * @param name the schedule's name, shown in timelines
   * @return a builder
   * @throws ValidationException when name is blank
   */
  public static Builder builder(String name) {
    return new Builder(Checks.singleLine("schedule.name", name, 100));
  }

  /** @return the name */
  public String name() {
    return name;
  }

  /** @return the layers, lowest first */
  public List<Rotation> layers() {
    return layers;
  }

  /** @return the overrides, in the order added */
  public List<OnCallOverride> overrides() {
    return overrides;
  }

  /**
   * Who is on call at an instant, and why.
   *
   * @param at the instant
   * @return the answer; its recipients are empty when no layer covers the instant and no override applies
   * @throws NullPointerException when at is null
   */
  public OnCall onCallAt(Instant at) {
    Objects.requireNonNull(at, "at");
    Optional<LayerShift> layered = Optional.empty();
    for (int i = layers.size() - 1; i >= 0 && layered.isEmpty(); i--) {
      Rotation r = layers.get(i);
      int layer = i;
      layered = r.shiftAt(at).map(s -> new LayerShift(layer, r, s));
    }
    for (int i = overrides.size() - 1; i >= 0; i--) {
      OnCallOverride o = overrides.get(i);
      if (o.covers(at)) {
        String replacing = layered.map(l -> ", replacing " + l.shift.recipient().id() + " of layer '" + l.rotation.name() + "'")
            .orElse("");
        return new OnCall(name, at, List.of(o.recipient()),
            o.recipient().id() + " by override " + o.from() + " to " + o.until() + replacing);
      }
    }
    if (layered.isEmpty()) {
      return new OnCall(name, at, List.of(), "no layer covers " + at + " and no override applies");
    }
    LayerShift l = layered.get();
    Rotation.Shift s = l.shift;
    return new OnCall(name, at, List.of(s.recipient()), s.recipient().id() + " by layer '" + l.rotation.name() + "' shift "
        + (s.index() + 1) + " (" + WHEN.format(s.from()) + " to " + WHEN.format(s.until()) + ")");
  }

  @Override
  public String toString() {
    return "OnCallSchedule{" + name + ", " + layers.size() + " layers, " + overrides.size() + " overrides}";
  }

  private record LayerShift(int index, Rotation rotation, Rotation.Shift shift) {}

  /** Builds an {@link OnCallSchedule}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private final List<Rotation> layers = new ArrayList<>();
    private final List<OnCallOverride> overrides = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Adds a layer above the ones added before.
     *
     * @param rotation the layer's rotation
     * @return this builder
     * @throws ValidationException when rotation is null
     */
    public Builder layer(Rotation rotation) {
      layers.add(Checks.notNull("schedule[" + name + "].layers", rotation));
      return this;
    }

    /**
     * Adds an override: {@code recipient} is on call during {@code [from, until)}.
     *
     * @param recipient who takes over
     * @param from start, inclusive
     * @param until end, exclusive
     * @return this builder
     * @throws ValidationException when a value is missing or until is not after from
     */
    public Builder override(Recipient recipient, Instant from, Instant until) {
      overrides.add(new OnCallOverride(recipient, from, until));
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the schedule
     * @throws ValidationException when there is neither a layer nor an override
     */
    public OnCallSchedule build() {
      if (layers.isEmpty() && overrides.isEmpty()) {
        throw new ValidationException("schedule[" + name + "].layers", "at least one layer (rotation) or override is required");
      }
      return new OnCallSchedule(this);
    }
  }
}
