package dev.vibegrapher.review.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The coder's credit on a commit: the human who committed is its author, and the agent that wrote
 * the change is named in a {@code Co-authored-by} trailer, which GitHub and GitLab show.
 */
@ApplicationScoped
public class CoderTrailer {

  private static final Pattern TRAILER = Pattern.compile("[A-Za-z0-9-]+: .+");

  @Inject
  @ConfigProperty(name = "vibegrapher.git.coder-name")
  String name;

  @Inject
  @ConfigProperty(name = "vibegrapher.git.coder-email")
  String email;

  /** The message with the trailer, joined to a trailer block that ends it already, if any; once. */
  public String addTo(String message) {
    return withTrailer(message, "Co-authored-by: " + name + " <" + email + ">");
  }

  static String withTrailer(String message, String trailer) {
    String body = message.stripTrailing();
    if (body.lines().anyMatch(trailer::equals)) {
      return body;
    }
    List<String> paragraphs = List.of(body.split("\n\n"));
    String last = paragraphs.get(paragraphs.size() - 1);
    boolean endsWithTrailers =
        paragraphs.size() > 1 && last.lines().allMatch(line -> TRAILER.matcher(line).matches());
    return body + (endsWithTrailers ? "\n" : "\n\n") + trailer;
  }
}
