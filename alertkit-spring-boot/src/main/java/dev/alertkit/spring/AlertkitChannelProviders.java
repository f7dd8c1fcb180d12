package dev.alertkit.spring;

import dev.alertkit.spi.ChannelProvider;
import java.util.ArrayList;
import java.util.List;

/**
 * Providers that alertkit's auto-configuration made from properties (Twilio's, SendGrid's). The client takes them
 * together with every {@link ChannelProvider} bean of your own, and closes them when it closes.
 */
public final class AlertkitChannelProviders {
  private final List<ChannelProvider> providers = new ArrayList<>();

  AlertkitChannelProviders() {}

  void add(ChannelProvider provider) {
    providers.add(provider);
  }

  /** @return the providers, in order */
  public List<ChannelProvider> providers() {
    return List.copyOf(providers);
  }

  @Override
  public String toString() {
    return providers.stream().map(ChannelProvider::name).toList().toString();
  }
}
