package dev.vibegrapher.realtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vibegrapher.project.control.ProjectService;
import dev.vibegrapher.realtime.entity.EventType;
import dev.vibegrapher.realtime.entity.LoggedEvent;
import dev.vibegrapher.realtime.entity.ProjectEvent;
import dev.vibegrapher.support.ComponentDeployment;
import dev.vibegrapher.support.ComponentTest;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import javax.naming.InitialContext;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * A project's event log inside the server: numbering under concurrent publishers, and a replay that
 * catches up while events keep coming (docs/realtime.md).
 */
@ComponentTest
class EventLogComponentIT {

  private static final int PUBLISHERS = 4;
  private static final int EACH = 25;

  @Inject ProjectService projects;
  @Inject Event<ProjectEvent> events;
  @Inject EventLog log;
  @Inject ProjectChannels channels;
  @Inject RealtimeConnections connections;

  @Deployment
  static WebArchive deployment() {
    return ComponentDeployment.of(EventLogComponentIT.class);
  }

  @Test
  void concurrentPublishersToOneProjectGetStrictlyIncreasingSeqsWithoutGaps() throws Exception {
    String projectId = newProject();
    long before = log.lastSeq(projectId);
    ManagedExecutorService executor =
        InitialContext.doLookup("java:comp/DefaultManagedExecutorService");
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> publishers = new ArrayList<>();
    for (int publisher = 0; publisher < PUBLISHERS; publisher++) {
      int self = publisher;
      publishers.add(
          executor.submit(
              () -> {
                go.await();
                for (int n = 0; n < EACH; n++) {
                  publish(projectId, self, n);
                }
                return null;
              }));
    }
    go.countDown();
    for (Future<?> publisher : publishers) {
      publisher.get(60, TimeUnit.SECONDS);
    }

    List<LoggedEvent> logged = log.page(projectId, before, 10_000);
    assertEquals(range(before + 1, before + PUBLISHERS * EACH), seqs(logged));
    // Each publisher's events are numbered in the order it published them.
    for (int publisher = 0; publisher < PUBLISHERS; publisher++) {
      int self = publisher;
      assertEquals(
          IntStream.range(0, EACH).boxed().toList(),
          logged.stream()
              .map(event -> data(event.data()))
              .filter(data -> data.getInt("publisher") == self)
              .map(data -> data.getInt("n"))
              .toList(),
          "publisher " + self);
    }
  }

  @Test
  void aReplayAfterASeqGivesExactlyTheLaterEventsInOrderThenTheLiveOnes() throws Exception {
    String projectId = newProject();
    long first = log.lastSeq(projectId);
    for (int n = 0; n < 30; n++) {
      publish(projectId, 0, n);
    }
    long after = first + 10;
    assertEquals(range(after + 1, first + 30), seqs(log.page(projectId, after, 1_000)));

    Client client = new Client(connections);
    Object token = new Object();
    assertEquals(Subscriber.Claim.CLAIMED, client.claim(projectId, 1, token));
    channels.subscribe(
        client, projectId, after, token, figures -> Frame.control("subscribed", projectId, null));
    // Published while the replay reads its pages: each must reach the client once, in its place.
    for (int n = 30; n < 40; n++) {
      publish(projectId, 0, n);
    }
    // The last event: once it is there, everything before it is too, and nothing more may come.
    publish(projectId, 0, 40);
    try {
      assertEquals(range(after + 1, first + 41), client.seqsUpTo(first + 41));
      assertEquals(List.of(), client.drops());
    } finally {
      channels.unsubscribe(client, projectId);
    }
  }

  private String newProject() {
    return projects.create("Events " + UUID.randomUUID(), "main.py", "x = 1\n").project().id();
  }

  private void publish(String projectId, int publisher, int n) {
    events.fire(
        new ProjectEvent(
            projectId, EventType.TEST_COMPLETED, Map.of("publisher", publisher, "n", n)));
  }

  private static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }

  private static List<Long> seqs(List<LoggedEvent> events) {
    return events.stream().map(LoggedEvent::seq).toList();
  }

  private static JsonObject data(String json) {
    try (var reader = Json.createReader(new StringReader(json))) {
      return reader.readObject();
    }
  }

  /** A connection that takes every frame at once and keeps the seqs of the logged ones. */
  static final class Client extends Subscriber {
    private final List<Long> seqs = new ArrayList<>();
    private final List<DropReason> drops = new ArrayList<>();

    Client(RealtimeConnections connections) {
      super(connections);
    }

    @Override
    protected synchronized CompletionStage<?> transmit(Frame frame) {
      if (frame.seq() > 0) {
        seqs.add(frame.seq());
        notifyAll();
      }
      return CompletableFuture.completedFuture(null);
    }

    @Override
    protected synchronized void disconnect(DropReason reason) {
      drops.add(reason);
    }

    /** The seqs received, once {@code last} is among them (or after 60 s, as they are). */
    synchronized List<Long> seqsUpTo(long last) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!seqs.contains(last) && System.nanoTime() < deadline) {
        wait(100);
      }
      return List.copyOf(seqs);
    }

    synchronized List<DropReason> drops() {
      return List.copyOf(drops);
    }
  }
}
