package dev.vibegrapher.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vibegrapher.client.Vibegrapher;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/** A plain HTTP client of the public API, as any script would use it. */
public final class Api {

  public static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private final URI base;
  private final String bearer;

  Api(URI base, String bearer) {
    this.base = base;
    this.bearer = bearer;
  }

  /** The same server, called with this bearer token instead. */
  public Api withBearer(String token) {
    return new Api(base, token);
  }

  /** The typed client (client/) of the same server, with the same bearer. */
  public Vibegrapher client() {
    return Vibegrapher.at(base, bearer);
  }

  /** The same server, called without any credentials, as anyone who reaches the port. */
  public Api anonymous() {
    return new Api(base, null);
  }

  public record Reply(int status, HttpResponse<String> response) {
    public JsonNode json() {
      try {
        return JSON.readTree(response.body());
      } catch (IOException e) {
        throw new UncheckedIOException("Not JSON (" + status + "): " + response.body(), e);
      }
    }

    public String contentType() {
      return response.headers().firstValue("Content-Type").orElse("");
    }

    public String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }

    public String body() {
      return response.body();
    }
  }

  public Reply get(String path) {
    return send(request(path).GET());
  }

  /** Every project, newest first, read page by page as a client would. */
  public java.util.List<JsonNode> allProjects() {
    java.util.List<JsonNode> all = new java.util.ArrayList<>();
    String path = "/api/projects?limit=200";
    while (true) {
      Reply page = get(path);
      if (page.status() != 200) {
        throw new AssertionError("GET " + path + ": " + page.status() + " " + page.body());
      }
      page.json().get("projects").forEach(all::add);
      JsonNode next = page.json().get("next_cursor");
      if (next.isNull()) {
        return all;
      }
      path = "/api/projects?limit=200&cursor=" + next.asText();
    }
  }

  public Reply delete(String path) {
    return send(request(path).DELETE());
  }

  public Reply post(String path, Object body) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json(body))));
  }

  public Reply put(String path, Object body) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json(body))));
  }

  public Reply send(String method, String path, String contentType, String body) {
    HttpRequest.Builder request =
        request(path)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return send(request);
  }

  /** A body sent with chunked transfer encoding: no Content-Length for the server to check. */
  public Reply postChunked(String path, byte[] body) {
    Supplier<java.io.InputStream> stream = () -> new ByteArrayInputStream(body);
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofInputStream(stream)));
  }

  /** A GET of a path sent exactly as written: doubled slashes, dot segments and escapes left in. */
  public Reply getRaw(String rawPath) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/+$", "") + rawPath))
            .timeout(Duration.ofSeconds(60));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return send(request.GET());
  }

  public Reply get(String path, Map<String, String> headers) {
    HttpRequest.Builder request = request(path).GET();
    headers.forEach(request::header);
    return send(request);
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return request;
  }

  private static Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Reply(response.statusCode(), response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sends two requests at the same moment, each from its own thread; their replies in the same
   * order.
   */
  public static Reply[] atOnce(Callable<Reply> first, Callable<Reply> second) throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(2);
    try {
      CyclicBarrier together = new CyclicBarrier(2);
      Future<Reply> a =
          clients.submit(
              () -> {
                together.await();
                return first.call();
              });
      Future<Reply> b =
          clients.submit(
              () -> {
                together.await();
                return second.call();
              });
      return new Reply[] {a.get(), b.get()};
    } finally {
      clients.shutdownNow();
    }
  }

  /**
   * How a race's two requests are sent: one only after the other has been answered, or both at
   * once.
   */
  public enum Order {
    FIRST_THEN_SECOND,
    SECOND_THEN_FIRST,
    AT_ONCE;

    /**
     * Round 0 sends the first request first and round 1 the second, so each outcome of a race is
     * seen whatever the machine's timing favours; every later round is a true race.
     */
    public static Order ofRound(int round) {
      return round == 0 ? FIRST_THEN_SECOND : round == 1 ? SECOND_THEN_FIRST : AT_ONCE;
    }
  }

  /** Sends two requests in the given order; their replies in the order of the arguments. */
  public static Reply[] inOrder(Order order, Callable<Reply> first, Callable<Reply> second)
      throws Exception {
    return switch (order) {
      case AT_ONCE -> atOnce(first, second);
      case FIRST_THEN_SECOND -> {
        Reply a = first.call();
        yield new Reply[] {a, second.call()};
      }
      case SECOND_THEN_FIRST -> {
        Reply b = second.call();
        yield new Reply[] {first.call(), b};
      }
    };
  }

  public static String json(Object body) {
    if (body instanceof String text) {
      return text;
    }
    try {
      return JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
