package dev.alertkit;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Ordered tiers of channels for one recipient: the channels of a tier are sent in parallel, and the next tier
 * runs only when every channel of the current one failed or was skipped (fallback).
 *
 * <pre>{@code
 * DeliveryPlan.of(List.of(List.of(Channel.SMS, Channel.VOICE), List.of(Channel.EMAIL)));
 * DeliveryPlan.sequential(Channel.SMS, Channel.EMAIL);   // SMS, then email if SMS failed
 * }</pre>
 */
public final class DeliveryPlan {
  private final List<List<Channel>> tiers;

  private DeliveryPlan(List<List<Channel>> tiers) {
    this.tiers = tiers;
  }

  /**
   * A plan from tiers.
   *
   * @param tiers tiers in order, each a non-empty list of distinct channels
   * @return the plan
   * @throws ValidationException when there are no tiers, a tier is empty, or a channel repeats
   */
  public static DeliveryPlan of(List<List<Channel>> tiers) {
    if (tiers == null || tiers.isEmpty()) {
      throw new ValidationException("plan.tiers", "at least one tier is required");
    }
    Set<Channel> seen = new LinkedHashSet<>();
    List<List<Channel>> copy = new ArrayList<>();
    for (int i = 0; i < tiers.size(); i++) {
      List<Channel> tier = tiers.get(i);
      if (tier == null || tier.isEmpty()) {
        throw new ValidationException("plan.tiers[" + i + "]", "a tier needs at least one channel");
      }
      for (Channel c : tier) {
        if (c == null) {
          throw new ValidationException("plan.tiers[" + i + "]", "channel must not be null");
        }
        if (!seen.add(c)) {
          throw new ValidationException("plan.tiers[" + i + "]", c + " appears in more than one place in the plan");
        }
      }
      copy.add(List.copyOf(tier));
    }
    return new DeliveryPlan(List.copyOf(copy));
  }

  /**
   * A plan with one channel per tier, tried in order.
   *
   * @param channels the channels in order
   * @return the plan
   * @throws ValidationException when empty or a channel repeats
   */
  public static DeliveryPlan sequential(Channel... channels) {
    List<List<Channel>> tiers = new ArrayList<>();
    for (Channel c : channels) {
      tiers.add(java.util.Collections.singletonList(c));
    }
    return of(tiers);
  }

  /** @return the tiers in order */
  public List<List<Channel>> tiers() {
    return tiers;
  }

  /** @return every channel of the plan in order */
  public List<Channel> channels() {
    List<Channel> all = new ArrayList<>();
    tiers.forEach(all::addAll);
    return all;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeliveryPlan && tiers.equals(((DeliveryPlan) o).tiers);
  }

  @Override
  public int hashCode() {
    return tiers.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    for (List<Channel> tier : tiers) {
      if (s.length() > 0) {
        s.append(" -> ");
      }
      s.append(tier.size() == 1 ? tier.get(0).toString() : tier.toString());
    }
    return s.toString();
  }
}
