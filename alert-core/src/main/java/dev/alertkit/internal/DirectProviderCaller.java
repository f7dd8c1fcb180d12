package dev.alertkit.internal;

import dev.alertkit.spi.ChannelProvider;
import dev.alertkit.spi.Failure;
import dev.alertkit.spi.OutboundMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/** One request per call, on the given executor; no retries. */
public final class DirectProviderCaller implements ProviderCaller {
  private final Executor executor;

  /**
   * Creates the caller.
   *
   * @param executor where provider requests run
   */
  public DirectProviderCaller(Executor executor) {
    this.executor = executor;
  }

  @Override
  public CompletableFuture<CallResult> call(ChannelProvider provider, List<OutboundMessage> batch, Events events) {
    try {
      return CompletableFuture.supplyAsync(() -> new CallResult(ProviderInvoker.invoke(provider, batch), 1, false), executor);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.completedFuture(new CallResult(ProviderInvoker.all(batch.size(),
          Failure.retryable(Failure.Fault.PROVIDER, "the client's send executor is saturated; the request was not made").build()), 0, false));
    }
  }
}
