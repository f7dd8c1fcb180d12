package dev.alertkit.benchmarks;

import com.sendgrid.SendGrid;
import com.twilio.http.TwilioRestClient;
import dev.alertkit.AlertClient;
import dev.alertkit.DispatchReport;
import dev.alertkit.Outcome;
import dev.alertkit.Recipient;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One send over loopback HTTP, single-threaded: the raw SDK call against alertkit's {@code AlertClient.send} of the
 * same message, both against the same stub in the same fork. The ratio alertkit/raw is the library's overhead.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SendOverheadBenchmark {
  private StubServer stub;
  private TwilioRestClient twilio;
  private SendGrid sendgrid;
  private final List<String> oneAddress = List.of("oncall@example.com");
  private AlertClient smsClient;
  private AlertClient emailClient;
  private AlertClient smsDirect;
  private AlertClient emailDirect;
  private List<Recipient> smsRecipient;
  private List<Recipient> emailRecipient;

  /**
   * Starts the stub and the clients.
   *
   * @throws IOException if the stub cannot start
   */
  @Setup
  public void setUp() throws IOException {
    stub = StubServer.start(16);
    twilio = RawSdks.twilio(stub.baseUrl());
    sendgrid = RawSdks.sendgrid(stub.port());
    smsClient = Alertkit.smsClient(stub, b -> b);
    emailClient = Alertkit.emailClient(stub);
    smsDirect = Alertkit.smsClient(stub, b -> b.executor(Runnable::run));
    emailDirect = AlertClient.builder().executor(Runnable::run)
        .provider(dev.alertkit.sendgrid.SendGridProviders.email(Alertkit.sendgrid(stub))).build();
    smsRecipient = List.of(Recipient.builder("oncall").phone("+14155550100").build());
    emailRecipient = List.of(Recipient.builder("oncall").email("oncall@example.com").build());
    check(smsClient.send(Alertkit.alert(smsRecipient)));
    check(emailClient.send(Alertkit.alert(emailRecipient)));
  }

  private static void check(DispatchReport r) {
    if (r.outcome("oncall") != Outcome.ACCEPTED) {
      throw new IllegalStateException("alertkit did not get the message accepted by the stub: " + r.describe());
    }
  }

  /** Stops everything. */
  @TearDown
  public void tearDown() {
    smsClient.close();
    emailClient.close();
    smsDirect.close();
    emailDirect.close();
    stub.close();
  }

  /** @return the SID: raw {@code Message.creator(...).create(client)} */
  @Benchmark
  public String rawTwilioSms() {
    return RawSdks.sendSms(twilio, "+14155550100");
  }

  /** @return the message id: raw sendgrid-java {@code api(request)}, mail built per call */
  @Benchmark
  public String rawSendGridEmail() {
    return RawSdks.sendEmail(sendgrid, oneAddress);
  }

  /** @return the report: {@code AlertClient.send} of a new alert to one SMS recipient through alert-twilio */
  @Benchmark
  public DispatchReport alertkitTwilioSms() {
    return smsClient.send(Alertkit.alert(smsRecipient));
  }

  /** @return the report: {@code AlertClient.send} of a new alert to one email recipient through alert-sendgrid */
  @Benchmark
  public DispatchReport alertkitSendGridEmail() {
    return emailClient.send(Alertkit.alert(emailRecipient));
  }

  /**
   * Diagnostic: as {@link #alertkitTwilioSms()} with {@code executor(Runnable::run)}, i.e. without the two thread
   * hand-offs of the default executor.
   *
   * @return the report
   */
  @Benchmark
  public DispatchReport alertkitTwilioSmsOnCallerThread() {
    return smsDirect.send(Alertkit.alert(smsRecipient));
  }

  /**
   * Diagnostic: as {@link #alertkitSendGridEmail()} with {@code executor(Runnable::run)}.
   *
   * @return the report
   */
  @Benchmark
  public DispatchReport alertkitSendGridEmailOnCallerThread() {
    return emailDirect.send(Alertkit.alert(emailRecipient));
  }
}
