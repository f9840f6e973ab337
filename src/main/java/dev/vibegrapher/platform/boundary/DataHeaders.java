package dev.vibegrapher.platform.boundary;

import jakarta.servlet.http.HttpServletResponse;

/**
 * What browsers may do with an answer that is data, never a page (the API, scripts, styles,
 * errors): nothing may run or be framed there, and its content type is not to be guessed. Every
 * answer of that kind carries these, also one written before or outside the filters that add them.
 */
public final class DataHeaders {

  private static final String DATA_POLICY =
      "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

  private DataHeaders() {}

  public static void set(HttpServletResponse response) {
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "no-referrer");
    response.setHeader("Content-Security-Policy", DATA_POLICY);
    response.setHeader("X-Frame-Options", "DENY");
  }
}
