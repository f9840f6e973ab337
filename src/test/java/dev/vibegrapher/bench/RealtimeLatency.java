package dev.vibegrapher.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Publish-to-receipt latency of project events over WebSocket, for several numbers of subscribers
 * of one project (each event published once every client has the previous one), and the sustained
 * event rate. Runs in its own process against a running app started with
 * VIBEGRAPHER_DIAGNOSTICS=true (events are published through its HTTP API).
 *
 * <p>Usage: RealtimeLatency BASE_URL [subscriber counts...], e.g. http://127.0.0.1:8080 1 50 100
 * 1000; with -Dbench.subscribe-url=URL the subscribers connect to that instance instead.
 */
public final class RealtimeLatency {

  private static final Pattern SENT = Pattern.compile("\"sent\":(\\d+)");
  private static final Pattern CREATED = Pattern.compile("\"created_at\":\"([^\"]+)\"");
  private static final int EVENTS = 200;
  private static volatile CountDownLatch current = new CountDownLatch(0);

  /**
   * Where the subscribers connect (system property bench.subscribe-url): another instance sharing
   * the publishing one's database, for the fan-out across instances; by default the same one.
   */
  private static final java.util.Optional<String> SUBSCRIBE_BASE =
      java.util.Optional.ofNullable(System.getProperty("bench.subscribe-url"))
          .filter(url -> !url.isBlank());

  /** The app's admin token (system property bench.token); the floors need none. */
  private static final String TOKEN = System.getProperty("bench.token", "");

  public static void main(String[] args) throws Exception {
    String base = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
    int[] counts =
        args.length > 1
            ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
            : new int[] {1, 50, 100, 1000};
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String project = createProject(http, base);
    // Warm-up: the JIT compiles the publish and fan-out paths before anything is measured.
    List<WebSocket> warm = connect(base, project, 10, text -> {});
    for (int i = 0; i < 2000; i++) {
      publish(http, base, project, "{\"warm\":" + i + "}");
    }
    warm.forEach(s -> s.sendClose(WebSocket.NORMAL_CLOSURE, "warm"));
    System.out.println(
        "Milliseconds. From the publishing HTTP call: per client (p50, p99) and until all clients have it;");
    System.out.println(
        "from the server numbering the event (created_at, same clock) to each client's receipt.");
    System.out.printf(
        "%-12s %10s %10s %12s %12s %14s %14s%n",
        "subscribers", "p50", "p99", "all p50", "all p99", "server p50", "server p99");
    for (int count : counts) {
      measure(http, base, project, count);
    }
    sustained(http, base, project, 50);
    System.exit(0);
  }

  private static void measure(HttpClient http, String base, String project, int count)
      throws Exception {
    List<Long> perClient = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Long> fromServer = java.util.Collections.synchronizedList(new ArrayList<>());
    ConcurrentHashMap<Long, AtomicLong> lastArrival = new ConcurrentHashMap<>();
    ConcurrentHashMap<Long, AtomicLong> arrivals = new ConcurrentHashMap<>();
    CountDownLatch done = new CountDownLatch(count * EVENTS);
    List<WebSocket> sockets =
        connect(
            base,
            project,
            count,
            text -> {
              Matcher sent = SENT.matcher(text);
              if (sent.find()) {
                long now = System.nanoTime();
                Matcher created = CREATED.matcher(text);
                if (created.find()) {
                  java.time.Instant at = java.time.Instant.parse(created.group(1));
                  fromServer.add(java.time.Duration.between(at, java.time.Instant.now()).toNanos());
                }
                long t0 = Long.parseLong(sent.group(1));
                perClient.add(now - t0);
                lastArrival
                    .computeIfAbsent(t0, k -> new AtomicLong())
                    .accumulateAndGet(now, Math::max);
                arrivals.computeIfAbsent(t0, k -> new AtomicLong()).incrementAndGet();
                done.countDown();
                current.countDown();
              }
            });
    // One event at a time: the next is published once every client has the previous one, so
    // this measures latency, not queueing (the sustained rate is measured separately).
    boolean complete = true;
    for (int i = 0; i < EVENTS && complete; i++) {
      current = new CountDownLatch(count);
      publish(http, base, project, "{\"sent\":" + System.nanoTime() + "}");
      complete = current.await(10, TimeUnit.SECONDS);
    }
    long[] client = perClient.stream().mapToLong(Long::longValue).sorted().toArray();
    long[] all =
        lastArrival.entrySet().stream()
            .filter(e -> arrivals.get(e.getKey()).get() == count)
            .mapToLong(e -> e.getValue().get() - e.getKey())
            .sorted()
            .toArray();
    long[] server = fromServer.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf(
        "%-12d %10.2f %10.2f %12.2f %12.2f %14.2f %14.2f%s%n",
        count,
        ms(percentile(client, 50)),
        ms(percentile(client, 99)),
        ms(percentile(all, 50)),
        ms(percentile(all, 99)),
        ms(percentile(server, 50)),
        ms(percentile(server, 99)),
        complete ? "" : "  (incomplete: " + done.getCount() + " frames missing)");
    sockets.forEach(s -> s.sendClose(WebSocket.NORMAL_CLOSURE, "done"));
    Thread.sleep(500);
  }

  private static void sustained(HttpClient http, String base, String project, int count)
      throws Exception {
    AtomicLong received = new AtomicLong();
    List<WebSocket> sockets =
        connect(
            base,
            project,
            count,
            text -> {
              if (text.contains("\"seq\"")) {
                received.incrementAndGet();
              }
            });
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    AtomicLong published = new AtomicLong();
    List<Thread> publishers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread publisher =
          new Thread(
              () -> {
                while (System.nanoTime() < end) {
                  publish(http, base, project, "{\"sent\":" + System.nanoTime() + "}");
                  published.incrementAndGet();
                }
              });
      publishers.add(publisher);
      publisher.start();
    }
    for (Thread publisher : publishers) {
      publisher.join();
    }
    Thread.sleep(2000);
    System.out.printf(
        "sustained: %d subscribers, 4 publishing threads for 10 s: %.0f events/s published, %.0f frames/s delivered (%.0f%% of %d x published)%n",
        count,
        published.get() / 10.0,
        received.get() / 10.0,
        100.0 * received.get() / (published.get() * (double) count),
        count);
    sockets.forEach(s -> s.sendClose(WebSocket.NORMAL_CLOSURE, "done"));
  }

  private static List<WebSocket> connect(
      String base, String project, int count, java.util.function.Consumer<String> onFrame)
      throws Exception {
    // Several clients, so that no one selector thread of this process is what is being measured.
    HttpClient[] clients = new HttpClient[4];
    for (int i = 0; i < clients.length; i++) {
      clients[i] = HttpClient.newHttpClient();
    }
    CountDownLatch subscribed = new CountDownLatch(count);
    List<WebSocket> sockets = new ArrayList<>();
    URI ws = URI.create(SUBSCRIBE_BASE.orElse(base).replaceFirst("^http", "ws") + "/ws");
    for (int i = 0; i < count; i++) {
      WebSocket socket =
          clients[i % clients.length]
              .newWebSocketBuilder()
              .header("Authorization", "Bearer " + TOKEN)
              .buildAsync(
                  ws,
                  new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(
                        WebSocket webSocket, CharSequence data, boolean last) {
                      partial.append(data);
                      if (last) {
                        String text = partial.toString();
                        partial.setLength(0);
                        if (text.startsWith("{\"type\":\"subscribed\"")) {
                          subscribed.countDown();
                        } else {
                          onFrame.accept(text);
                        }
                      }
                      webSocket.request(1);
                      return null;
                    }
                  })
              .join();
      socket.sendText("{\"type\":\"subscribe\",\"project_id\":\"" + project + "\"}", true).join();
      sockets.add(socket);
    }
    if (!subscribed.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("not every client got subscribed");
    }
    return sockets;
  }

  private static String createProject(HttpClient http, String base) throws Exception {
    HttpResponse<String> created =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/projects"))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"latency bench\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(created.body());
    if (!id.find()) {
      throw new IllegalStateException("could not create a project: " + created.body());
    }
    return id.group(1);
  }

  private static void publish(HttpClient http, String base, String project, String data) {
    try {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/api/projects/" + project + "/events"))
                  .header("Authorization", "Bearer " + TOKEN)
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"type\":\"conversation_delta\",\"data\":" + data + "}"))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() != 202) {
        throw new IllegalStateException(
            "publish answered "
                + response.statusCode()
                + ": start the app with VIBEGRAPHER_DIAGNOSTICS=true");
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static long percentile(long[] sorted, int p) {
    return sorted.length == 0
        ? 0
        : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }

  private static double ms(long nanos) {
    return nanos / 1_000_000.0;
  }
}
