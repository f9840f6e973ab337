package dev.vibegrapher.realtime.boundary;

import dev.vibegrapher.realtime.control.Frame;
import dev.vibegrapher.realtime.control.RealtimeConnections;
import dev.vibegrapher.realtime.control.Subscriber;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/** A WebSocket session as a subscriber: frames go out as text, asynchronously. */
class WebSocketSubscriber extends Subscriber {

  private final Session session;
  private final Executor closer;

  WebSocketSubscriber(Session session, RealtimeConnections connections, Executor closer) {
    super(connections);
    this.session = session;
    this.closer = closer;
  }

  @Override
  protected CompletionStage<?> transmit(Frame frame) {
    CompletableFuture<Void> sent = new CompletableFuture<>();
    try {
      session
          .getAsyncRemote()
          .sendText(
              frame.json(),
              result -> {
                if (result.isOK()) {
                  sent.complete(null);
                } else {
                  sent.completeExceptionally(result.getException());
                }
              });
    } catch (RuntimeException e) {
      sent.completeExceptionally(e);
    }
    return sent;
  }

  @Override
  protected void disconnect(DropReason reason) {
    if (reason == DropReason.SHUTDOWN) {
      close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "server shutting down"));
      return;
    }
    CloseReason close =
        switch (reason) {
          case TOO_SLOW ->
              new CloseReason(
                  CloseReason.CloseCodes.VIOLATED_POLICY, "too slow: outgoing queue full");
          case OVER_BUDGET ->
              new CloseReason(
                  CloseReason.CloseCodes.VIOLATED_POLICY,
                  "too slow: outgoing queue over its byte budget");
          case CREDENTIAL_EXPIRED ->
              new CloseReason(
                  CloseReason.CloseCodes.VIOLATED_POLICY,
                  "token expired: connect again with a fresh one");
          default -> new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "send failed");
        };
    // Closing may wait on the very client that is not reading: never on the publisher's thread.
    closer.execute(() -> close(close));
  }

  /** Closes a connection that was never admitted: nothing was queued for it yet. */
  void refuse(CloseReason reason) {
    closed();
    closer.execute(() -> close(reason));
  }

  private void close(CloseReason reason) {
    try {
      session.close(reason);
    } catch (IOException | RuntimeException e) {
      // The connection is gone already; the registry has forgotten it.
    }
  }
}
