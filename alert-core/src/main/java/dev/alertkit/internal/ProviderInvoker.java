package dev.alertkit.internal;

import dev.alertkit.spi.ChannelProvider;
import dev.alertkit.Failure;
import dev.alertkit.spi.OutboundMessage;
import dev.alertkit.spi.SendResult;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Makes exactly one provider request for a batch, on the calling thread, with the MDC keys set, turning anything
 * a provider throws into an {@link Failure.Kind#AMBIGUOUS} failure (we cannot know whether it sent).
 */
public final class ProviderInvoker {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderInvoker.class);

  /** MDC key holding the alert id while a provider is called. */
  public static final String MDC_ALERT_ID = "alert.id";
  /** MDC key holding the channel while a provider is called. */
  public static final String MDC_CHANNEL = "alert.channel";
  /** MDC key holding the provider name while a provider is called. */
  public static final String MDC_PROVIDER = "alert.provider";

  private ProviderInvoker() {}

  /**
   * Calls the provider once.
   *
   * @param provider the provider
   * @param batch the messages
   * @param abort where the client may abort the request
   * @return one result per message
   */
  public static List<SendResult> invoke(ChannelProvider provider, List<OutboundMessage> batch, dev.alertkit.spi.AbortSignal abort) {
    OutboundMessage first = batch.get(0);
    MDC.put(MDC_ALERT_ID, first.alert().id());
    MDC.put(MDC_CHANNEL, first.channel().name());
    MDC.put(MDC_PROVIDER, provider.name());
    try {
      List<SendResult> results = batch.size() == 1 ? List.of(provider.send(first, abort)) : provider.sendBatch(batch, abort);
      if (results == null || results.size() != batch.size()) {
        return all(batch.size(), Failure.ambiguous(Failure.Fault.PROVIDER,
            "provider " + provider.name() + " returned " + (results == null ? "no" : results.size()) + " results for "
                + batch.size() + " messages (a provider bug); the messages may have been sent").build());
      }
      for (SendResult r : results) {
        if (r == null) {
          return all(batch.size(), Failure.ambiguous(Failure.Fault.PROVIDER,
              "provider " + provider.name() + " returned a null result (a provider bug); the message may have been sent").build());
        }
      }
      return results;
    } catch (RuntimeException | Error e) {
      if (e instanceof VirtualMachineError) {
        throw e;
      }
      LOG.warn("provider {} threw {} instead of returning a failure; recording it as ambiguous", provider.name(), e.getClass().getName(), e);
      return all(batch.size(), Failure.ambiguous(Failure.Fault.PROVIDER,
          "provider " + provider.name() + " threw " + e.getClass().getSimpleName() + "; the message may have been sent").build());
    } finally {
      MDC.remove(MDC_ALERT_ID);
      MDC.remove(MDC_CHANNEL);
      MDC.remove(MDC_PROVIDER);
    }
  }

  /**
   * The same failure for every message of a batch.
   *
   * @param n the batch size
   * @param failure the failure
   * @return n rejected results
   */
  public static List<SendResult> all(int n, Failure failure) {
    List<SendResult> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(SendResult.rejected(failure));
    }
    return out;
  }
}
