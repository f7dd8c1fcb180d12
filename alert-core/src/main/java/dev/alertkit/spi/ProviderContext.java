package dev.alertkit.spi;

import dev.alertkit.DeliveryEvent;
import java.time.Clock;

/**
 * What the client gives each provider when it is built (see {@link ChannelProvider#attach}): the client's clock
 * and the way to report delivery events (status callbacks, acknowledgements) back into the client, which
 * correlates them, moves statuses forward and tells the listeners.
 */
public interface ProviderContext {

  /** @return the client's clock */
  Clock clock();

  /**
   * Reports a delivery event to the client.
   *
   * @param event the event
   */
  void deliveryEvent(DeliveryEvent event);
}
