package dev.alertkit.twilio;

import dev.alertkit.Failure;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A message ready to go to Twilio (the SDK call to make, plus what to add to the accepted result's details), or a
 * failure found before sending.
 */
final class Prepared {
  final Supplier<?> call;
  final Failure failure;
  final Map<String, String> extraDetails;

  private Prepared(Supplier<?> call, Failure failure, Map<String, String> extraDetails) {
    this.call = call;
    this.failure = failure;
    this.extraDetails = extraDetails;
  }

  static Prepared call(Supplier<?> call) {
    return new Prepared(call, null, Map.of());
  }

  static Prepared call(Supplier<?> call, Map<String, String> extraDetails) {
    return new Prepared(call, null, extraDetails);
  }

  static Prepared fail(Failure failure) {
    return new Prepared(null, failure, Map.of());
  }
}
