package dev.vibegrapher.platform.boundary;

import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * A failure with facts a client can act on, written as RFC 9457 extension members next to the
 * standard ones (e.g. the run_id of the run that keeps a session busy).
 */
public class ProblemException extends RuntimeException {

  private final Response.Status status;
  private final String kind;
  private final Map<String, Object> extensions;

  public ProblemException(
      Response.Status status, String kind, String detail, Map<String, Object> extensions) {
    super(detail, null, false, false);
    this.status = status;
    this.kind = kind;
    this.extensions = Map.copyOf(extensions);
  }

  public Response.Status status() {
    return status;
  }

  String kind() {
    return kind;
  }

  Map<String, Object> extensions() {
    return extensions;
  }
}
