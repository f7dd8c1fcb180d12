package dev.alertkit;

/**
 * How an SMS text is encoded and how many billable segments it takes.
 *
 * @param charset the encoding the whole message needs
 * @param units characters counted in the charset's units (GSM-7 septets, with extension characters counting
 *     two; UTF-16 code units for UCS-2)
 * @param segments billable segments: GSM-7 160 single / 153 per part, UCS-2 70 single / 67 per part
 */
public record SmsEncoding(Charset charset, int units, int segments) {
  /** The SMS character set. */
  public enum Charset {
    /** The GSM 03.38 7-bit default alphabet with its extension table. */
    GSM_7,
    /** UCS-2 (UTF-16 code units): any character outside GSM-7 forces it. */
    UCS_2
  }
}
