package dev.alertkit.testkit.emulator.internal.sendgrid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a {@code /v3/mail/send} body against SendGrid's documented rules and returns SendGrid-style errors.
 * Thread-safe.
 */
public final class MailValidator {
  /** Most personalizations, and most recipients (to + cc + bcc) in total, per request. */
  public static final int MAX_PERSONALIZATIONS = 1000;
  /** Most categories per mail. */
  public static final int MAX_CATEGORIES = 10;
  /** Longest category. */
  public static final int MAX_CATEGORY_LENGTH = 255;
  /** Largest custom_args (personalization plus mail level), JSON bytes. */
  public static final int MAX_CUSTOM_ARGS_BYTES = 10_000;

  private static final Pattern EMAIL = Pattern.compile("^[^@\\s\"<>,;]+@[^@\\s\"<>,;]+\\.[^@\\s\"<>,;]+$");

  /**
   * One error as SendGrid reports it.
   *
   * @param field the JSON path of the offending field, or null
   * @param message what is wrong
   */
  public record Error(String field, String message) {}

  private final ObjectMapper mapper;

  /**
   * Creates a validator.
   *
   * @param mapper the JSON mapper
   */
  public MailValidator(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /**
   * Validates a parsed body.
   *
   * @param root the request body
   * @return the errors, empty when the mail is valid
   */
  public List<Error> validate(JsonNode root) {
    List<Error> errors = new ArrayList<>();
    if (!root.isObject()) {
      errors.add(new Error(null, "The request body must be a JSON object."));
      return errors;
    }
    boolean template = text(root.get("template_id")) != null;
    JsonNode mailArgs = root.get("custom_args");
    JsonNode ps = root.get("personalizations");
    boolean everyPersonalizationHasSubject = true;
    if (ps == null || !ps.isArray() || ps.isEmpty()) {
      errors.add(new Error("personalizations",
          "The personalizations field is required and must have at least one personalization."));
      everyPersonalizationHasSubject = false;
    } else {
      if (ps.size() > MAX_PERSONALIZATIONS) {
        errors.add(new Error("personalizations", "The personalizations field must have no more than "
            + MAX_PERSONALIZATIONS + " personalizations (was " + ps.size() + ")."));
      }
      int recipients = 0;
      for (int i = 0; i < ps.size(); i++) {
        JsonNode p = ps.get(i);
        String at = "personalizations." + i;
        JsonNode to = p.get("to");
        if (to == null || !to.isArray() || to.isEmpty()) {
          errors.add(new Error(at + ".to", "The to array is required for all personalization objects, and must have at "
              + "least one email object with a valid email address."));
        }
        for (String kind : List.of("to", "cc", "bcc")) {
          JsonNode list = p.get(kind);
          if (list != null && list.isArray()) {
            for (int j = 0; j < list.size(); j++) {
              recipients++;
              if (!isEmail(text(list.get(j).get("email")))) {
                errors.add(new Error(at + "." + kind + "." + j + ".email", "Does not contain a valid address."));
              }
            }
          }
        }
        if (text(p.get("subject")) == null) {
          everyPersonalizationHasSubject = false;
        }
        JsonNode args = p.get("custom_args");
        if (args != null) {
          if (!args.isObject()) {
            errors.add(new Error(at + ".custom_args", "The custom_args must be an object."));
          } else {
            args.properties().forEach(e -> {
              if (!e.getValue().isTextual()) {
                errors.add(new Error(at + ".custom_args." + e.getKey(), "Custom args values must be strings."));
              }
            });
          }
        }
        int bytes = bytes(args) + bytes(mailArgs);
        if (bytes > MAX_CUSTOM_ARGS_BYTES) {
          errors.add(new Error(at + ".custom_args", "The custom arguments of this personalization are " + bytes
              + " bytes, over the limit of " + MAX_CUSTOM_ARGS_BYTES + " bytes."));
        }
      }
      if (recipients > MAX_PERSONALIZATIONS) {
        errors.add(new Error("personalizations", "The total number of recipients must be no more than "
            + MAX_PERSONALIZATIONS + " (was " + recipients + ")."));
      }
    }
    JsonNode from = root.get("from");
    if (from == null || !from.isObject() || text(from.get("email")) == null) {
      errors.add(new Error("from.email", "The from object must be provided for every email send. It is an object that "
          + "requires the email parameter, but may also contain a name parameter."));
    } else if (!isEmail(text(from.get("email")))) {
      errors.add(new Error("from.email", "The from email does not contain a valid address."));
    }
    JsonNode replyTo = root.get("reply_to");
    if (replyTo != null && !isEmail(text(replyTo.get("email")))) {
      errors.add(new Error("reply_to.email", "The reply_to email does not contain a valid address."));
    }
    if (!template && !everyPersonalizationHasSubject && text(root.get("subject")) == null) {
      errors.add(new Error("subject", "The subject is required. You can get around this requirement if you use a "
          + "template with a subject defined or if every personalization has a subject defined."));
    }
    JsonNode content = root.get("content");
    if (content == null || !content.isArray() || content.isEmpty()) {
      if (!template) {
        errors.add(new Error("content", "Unless a valid template_id is provided, the content parameter is required. "
            + "There must be at least one defined content block."));
      }
    } else {
      for (int i = 0; i < content.size(); i++) {
        JsonNode c = content.get(i);
        if (text(c.get("type")) == null) {
          errors.add(new Error("content." + i + ".type", "The content type must be a string at least one character in length."));
        }
        if (text(c.get("value")) == null) {
          errors.add(new Error("content." + i + ".value", "The content value must be a string at least one character in length."));
        }
        if (i > 0 && "text/plain".equals(text(c.get("type")))) {
          errors.add(new Error("content", "If present, text/plain content must be first, followed by any other content."));
        }
      }
    }
    JsonNode categories = root.get("categories");
    if (categories != null) {
      if (!categories.isArray()) {
        errors.add(new Error("categories", "The categories must be an array of strings."));
      } else {
        if (categories.size() > MAX_CATEGORIES) {
          errors.add(new Error("categories", "You cannot have more than " + MAX_CATEGORIES + " categories per request."));
        }
        for (int i = 0; i < categories.size(); i++) {
          String c = text(categories.get(i));
          if (c == null) {
            errors.add(new Error("categories." + i, "A category must be a non-empty string."));
          } else if (c.length() > MAX_CATEGORY_LENGTH) {
            errors.add(new Error("categories." + i, "A category cannot have more than " + MAX_CATEGORY_LENGTH + " characters."));
          }
        }
      }
    }
    JsonNode asm = root.get("asm");
    if (asm != null && !(asm.isObject() && asm.path("group_id").isIntegralNumber())) {
      errors.add(new Error("asm.group_id", "The asm.group_id must be an integer."));
    }
    return errors;
  }

  private int bytes(JsonNode node) {
    if (node == null || node.isNull()) {
      return 0;
    }
    try {
      return mapper.writeValueAsString(node).getBytes(StandardCharsets.UTF_8).length;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return Integer.MAX_VALUE / 2;
    }
  }

  private static boolean isEmail(String s) {
    return s != null && s.length() <= 320 && EMAIL.matcher(s).matches();
  }

  static String text(JsonNode node) {
    return node == null || !node.isTextual() || node.asText().isEmpty() ? null : node.asText();
  }
}
