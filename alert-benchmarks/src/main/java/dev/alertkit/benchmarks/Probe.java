package dev.alertkit.benchmarks;

import com.sendgrid.SendGrid;
import com.twilio.http.TwilioRestClient;
import dev.alertkit.AlertClient;
import dev.alertkit.Recipient;
import java.util.Arrays;
import java.util.List;

/**
 * Diagnostic, not part of the run: single-threaded latency of each send path against the stub, with the number of TCP
 * connections the stub saw. {@code java -cp benchmarks.jar dev.alertkit.benchmarks.Probe [calls]}
 */
public final class Probe {
  private Probe() {}

  /**
   * Entry point.
   *
   * @param args optional number of calls per path
   * @throws Exception if the stub cannot start
   */
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    try (StubServer stub = StubServer.start(16)) {
      TwilioRestClient twilio = RawSdks.twilio(stub.baseUrl());
      SendGrid sg = RawSdks.sendgrid(stub.port());
      List<Recipient> phone = List.of(Recipient.builder("oncall").phone("+14155550100").build());
      List<Recipient> email = List.of(Recipient.builder("oncall").email("oncall@example.com").build());
      try (AlertClient sms = Alertkit.smsClient(stub, b -> b);
          AlertClient mail = Alertkit.emailClient(stub);
          AlertClient smsDirect = Alertkit.smsClient(stub, b -> b.executor(Runnable::run));
          AlertClient mailDirect = AlertClient.builder().executor(Runnable::run)
              .provider(dev.alertkit.sendgrid.SendGridProviders.email(Alertkit.sendgrid(stub))).build()) {
        for (int round = 0; round < 2; round++) {
          time(stub, "raw twilio", n, () -> RawSdks.sendSms(twilio, "+14155550100"));
          time(stub, "alertkit twilio", n, () -> sms.send(Alertkit.alert(phone)));
          time(stub, "alertkit twilio, caller thread", n, () -> smsDirect.send(Alertkit.alert(phone)));
          time(stub, "raw sendgrid", n, () -> RawSdks.sendEmail(sg, List.of("oncall@example.com")));
          time(stub, "alertkit sendgrid", n, () -> mail.send(Alertkit.alert(email)));
          time(stub, "alertkit sendgrid, caller thread", n, () -> mailDirect.send(Alertkit.alert(email)));
        }
      }
    }
  }

  private static void time(StubServer stub, String what, int n, Runnable call) {
    stub.resetCounters();
    long[] t = new long[n];
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      call.run();
      t[i] = System.nanoTime() - t0;
    }
    Arrays.sort(t);
    System.out.printf("%-34s p50 %7.1f us  p90 %7.1f us  connections %d%n", what, t[n / 2] / 1e3, t[n * 9 / 10] / 1e3, stub.connections());
  }
}
