package dev.alertkit.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alertkit.Channel;
import dev.alertkit.ValidationException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PriceTableTest {

  @Test
  void loadsCsvWithCurrencyAndFallsBackToAnyCountry() {
    PriceTable t = PriceTable.fromCsv(new StringReader("""
        # Twilio list prices, 2025
        channel,country,price,currency
        sms,US,0.0079,USD
        sms,IN,0.0832,USD
        sms,*,0.0500,USD

        voice,US,0.0140,USD
        whatsapp,*,0.0050,USD
        email,*,0.0010,USD
        """));

    assertThat(t.currency()).isEqualTo(Currency.getInstance("USD"));
    assertThat(t.unitPrice(Channel.SMS, Optional.of("IN"))).contains(new BigDecimal("0.0832"));
    assertThat(t.unitPrice(Channel.SMS, Optional.of("DE"))).contains(new BigDecimal("0.0500"));
    assertThat(t.unitPrice(Channel.VOICE, Optional.of("IN"))).isEmpty();
    assertThat(t.unitPrice(Channel.EMAIL, Optional.empty())).contains(new BigDecimal("0.0010"));
  }

  @Test
  void csvErrorsNameTheLineAndField() {
    assertThatThrownBy(() -> PriceTable.fromCsv(new StringReader("channel,country,price,currency\nsms,US,0.0079,USD\nsms,IN,abc,USD\n")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("prices line 3 price").hasMessageContaining("'abc'");
    assertThatThrownBy(() -> PriceTable.fromCsv(new StringReader("channel,country,price,currency\nsms,US,0.0079,USD\nsms,IN,0.08,EUR\n")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("prices line 3 currency").hasMessageContaining("every line must use USD");
    assertThatThrownBy(() -> PriceTable.fromCsv(new StringReader("channel,country,price,currency\nfax,US,0.1,USD\n")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("prices line 2 channel");
    assertThatThrownBy(() -> PriceTable.fromCsv(new StringReader("channel,country,price,currency\nsms,USA,0.1,USD\n")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("prices line 2").hasMessageContaining("ISO 3166");
    assertThatThrownBy(() -> PriceTable.fromCsv(new StringReader("channel,country,price,currency\nsms,US,0.1,USD\nsms,us,0.2,USD\n")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("given twice");
    assertThatThrownBy(() -> PriceTable.fromCsv(new StringReader("country,price\n")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("prices line 1").hasMessageContaining("header");
    assertThatThrownBy(() -> PriceTable.fromCsv(new StringReader("channel,country,price,currency\nsms,US,0.1\n")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("prices line 2").hasMessageContaining("4 fields");
  }

  @Test
  void loadsJsonWithNumbersOrStrings() {
    PriceTable t = PriceTable.fromJson(new StringReader("""
        {"currency": "INR",
         "sms": {"IN": "0.25", "*": 4.10},
         "voice": {"IN": 1.05},
         "whatsapp": {"IN": 0.80},
         "email": 0.05}
        """));

    assertThat(t.currency().getCurrencyCode()).isEqualTo("INR");
    assertThat(t.unitPrice(Channel.SMS, Optional.of("IN"))).contains(new BigDecimal("0.25"));
    assertThat(t.unitPrice(Channel.SMS, Optional.of("US"))).contains(new BigDecimal("4.10"));
    assertThat(t.unitPrice(Channel.EMAIL, Optional.empty())).contains(new BigDecimal("0.05"));
  }

  @Test
  void jsonErrorsNameTheField() {
    assertThatThrownBy(() -> PriceTable.fromJson(new StringReader("{\"sms\": {\"US\": 0.01}}")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("prices.currency");
    assertThatThrownBy(() -> PriceTable.fromJson(new StringReader("{\"currency\": \"USD\", \"sms\": {\"US\": -0.01}}")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("prices.sms.US");
    assertThatThrownBy(() -> PriceTable.fromJson(new StringReader("{\"currency\": \"USD\", \"pager\": 1}")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("prices.pager");
    assertThatThrownBy(() -> PriceTable.fromJson(new StringReader("{\"currency\": \"USD\",\n \"sms\": {\"US\": 0.01,}}")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("invalid JSON").hasMessageContaining("line 2");
    assertThatThrownBy(() -> PriceTable.fromJson(new StringReader("{\"currency\": \"XYZ\"}")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("ISO 4217");
  }

  @Test
  void builderRejectsCountryPricesForEmail() {
    assertThatThrownBy(() -> PriceTable.builder("USD").set(Channel.EMAIL, "US", BigDecimal.ONE))
        .isInstanceOf(ValidationException.class).hasMessageContaining("prices.email.US");
    assertThatThrownBy(() -> PriceTable.builder("USD").email("0.1").build().toBuilder().email("0.2"))
        .isInstanceOf(ValidationException.class);
    assertThat(PriceTable.builder("USD").sms("in", "0.08").build().unitPrice(Channel.SMS, Optional.of("IN"))).contains(new BigDecimal("0.08"));
  }
}
