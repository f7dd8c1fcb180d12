package dev.alertkit.sendgrid.internal;

import dev.alertkit.spi.AbortSignal;
import java.io.IOException;
import java.util.function.Supplier;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.client.methods.AbstractExecutionAwareRequest;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.protocol.HttpContext;

/**
 * Wraps the HttpClient 4 the SendGrid SDK uses so that the client's {@link AbortSignal} can abort a request in flight
 * ({@code HttpRequestBase.abort()}, which shuts the connection down and makes the blocked read fail at once).
 */
public final class AbortableHttpClient extends CloseableHttpClient {
  private final CloseableHttpClient delegate;
  private final ThreadLocal<AbortSignal> signal = new ThreadLocal<>();

  /**
   * Wraps a client.
   *
   * @param delegate the client that makes the requests; closed with this one
   */
  public AbortableHttpClient(CloseableHttpClient delegate) {
    this.delegate = delegate;
  }

  /**
   * Runs SDK calls on this thread with an abort signal: each request they make registers its abort with it.
   *
   * @param abort the signal
   * @param call the calls
   * @param <T> the result
   * @return the result
   */
  public <T> T withAbort(AbortSignal abort, Supplier<T> call) {
    AbortSignal before = signal.get();
    signal.set(abort);
    try {
      return call.get();
    } finally {
      if (before == null) {
        signal.remove();
      } else {
        signal.set(before);
      }
    }
  }

  @Override
  protected CloseableHttpResponse doExecute(HttpHost target, HttpRequest request, HttpContext context) throws IOException {
    AbortSignal abort = signal.get();
    if (abort != null && request instanceof AbstractExecutionAwareRequest) {
      AbstractExecutionAwareRequest r = (AbstractExecutionAwareRequest) request;
      if (abort.isAborted()) {
        throw new IOException("the request was aborted by the client before it was sent");
      }
      abort.onAbort(r::abort);
    }
    return delegate.execute(target, request, context);
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }

  @Override
  @Deprecated
  @SuppressWarnings("deprecation")
  public org.apache.http.params.HttpParams getParams() {
    return delegate.getParams();
  }

  @Override
  @Deprecated
  @SuppressWarnings("deprecation")
  public org.apache.http.conn.ClientConnectionManager getConnectionManager() {
    return delegate.getConnectionManager();
  }
}
