package dev.vibegrapher.platform.control;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the database is. Unset DATABASE_URL means the embedded H2 file database under the data
 * directory; otherwise PostgreSQL, given either as {@code postgres://user:pass@host:port/db} (as
 * Fly.io sets it) or as a {@code jdbc:postgresql://} URL.
 */
public record DatabaseSettings(String jdbcUrl, String user, String password) {

  public static DatabaseSettings from(Optional<String> databaseUrl, Path dataDirectory) {
    String url = databaseUrl.map(String::strip).filter(u -> !u.isEmpty()).orElse(null);
    if (url == null) {
      Path file = dataDirectory.toAbsolutePath().normalize().resolve("db").resolve("vibegrapher");
      return new DatabaseSettings("jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "");
    }
    if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
      return fromPostgresUri(url);
    }
    if (url.startsWith("jdbc:postgresql:") || url.startsWith("jdbc:h2:")) {
      return new DatabaseSettings(url, null, null);
    }
    throw new IllegalArgumentException(
        "DATABASE_URL must start with postgres://, postgresql://, jdbc:postgresql: or jdbc:h2:");
  }

  private static DatabaseSettings fromPostgresUri(String url) {
    URI uri = parse(url);
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("DATABASE_URL names no host");
    }
    String user = null;
    String password = null;
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = decode(parts[0]);
      password = parts.length > 1 ? decode(parts[1]) : null;
    }
    int port = uri.getPort() > 0 ? uri.getPort() : 5432;
    String database =
        uri.getRawPath() == null || uri.getRawPath().length() <= 1
            ? "postgres"
            : uri.getRawPath().substring(1);
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    return new DatabaseSettings(
        "jdbc:postgresql://" + uri.getHost() + ":" + port + "/" + database + query, user, password);
  }

  /**
   * The JDK's own message quotes the whole URL, password included, and start-up failures end up in
   * logs: only the reason and where it is are kept.
   */
  private static URI parse(String url) {
    try {
      return new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "DATABASE_URL cannot be parsed: "
              + e.getReason()
              + " at character "
              + (e.getIndex() + 1));
    }
  }

  private static String decode(String value) {
    try {
      return URLDecoder.decode(value, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      // The decoder's message quotes the text, which may be the password.
      throw new IllegalArgumentException(
          "DATABASE_URL's user or password holds a % that starts no escape like %40");
    }
  }

  public boolean isPostgres() {
    return jdbcUrl.startsWith("jdbc:postgresql:");
  }

  /** The URL without any password, for logs and health data. */
  public String describe() {
    return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  @Override
  public String toString() {
    return "DatabaseSettings[" + describe() + ", user=" + user + "]";
  }
}
