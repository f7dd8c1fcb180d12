package com.example.alerts;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The application: alertkit's starter configures the {@code AlertClient} from application.yaml. */
@SpringBootApplication
public class PagerApplication {
  /**
   * Runs the application.
   *
   * @param args command-line arguments
   */
  public static void main(String[] args) {
    SpringApplication.run(PagerApplication.class, args);
  }
}
