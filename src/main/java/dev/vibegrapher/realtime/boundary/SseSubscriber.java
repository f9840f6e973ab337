package dev.vibegrapher.realtime.boundary;

import dev.vibegrapher.realtime.control.Frame;
import dev.vibegrapher.realtime.control.RealtimeConnections;
import dev.vibegrapher.realtime.control.Subscriber;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** An SSE stream as a subscriber: event = the frame's type, id = its seq, data = the frame. */
class SseSubscriber extends Subscriber {

  private final SseEventSink sink;
  private final Sse sse;

  SseSubscriber(SseEventSink sink, Sse sse, RealtimeConnections connections) {
    super(connections);
    this.sink = sink;
    this.sse = sse;
  }

  @Override
  protected CompletionStage<?> transmit(Frame frame) {
    if (sink.isClosed()) {
      return CompletableFuture.failedFuture(new IllegalStateException("stream closed"));
    }
    OutboundSseEvent.Builder event = sse.newEventBuilder().name(frame.type()).data(frame.json());
    if (frame.seq() > 0) {
      event.id(String.valueOf(frame.seq()));
    }
    return sink.send(event.build());
  }

  @Override
  protected void disconnect(DropReason reason) {
    sink.close();
  }
}
