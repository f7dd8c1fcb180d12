package dev.alertkit;

/**
 * A per-channel override of what an alert says, e.g. a DLT-registered SMS text or a WhatsApp template. When an
 * alert has no override for a channel, the channel's text is rendered from the alert's title and body.
 */
public sealed interface ChannelContent permits SmsContent, VoiceContent, WhatsAppContent, EmailContent {
  /**
   * The channel this content is for.
   *
   * @return the channel
   */
  Channel channel();
}
