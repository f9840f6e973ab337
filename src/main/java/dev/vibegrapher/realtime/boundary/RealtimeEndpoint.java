package dev.vibegrapher.realtime.boundary;

import dev.vibegrapher.realtime.control.RealtimeConnections;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.security.Principal;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * /ws: JSON text frames. Clients send subscribe/unsubscribe/ping; the server sends project events,
 * replies and heartbeats. Messages over VIBEGRAPHER_WS_MAX_MESSAGE_BYTES close the connection with
 * 1009. The caller was authenticated on the upgrade request
 * (identity.boundary.BearerAuthentication); the connection ends when their token expires, and
 * counts against their cap of connections. Everything else is delegated.
 */
@ApplicationScoped
@ServerEndpoint(value = "/ws", subprotocols = RealtimeEndpoint.SUBPROTOCOL)
public class RealtimeEndpoint {

  /**
   * The subprotocol the dashboard speaks; a browser sends its bearer beside it as "bearer.TOKEN"
   * (identity.boundary.BearerAuthentication reads it there).
   */
  public static final String SUBPROTOCOL = "vibegrapher.v1";

  private static final Logger LOG = Logger.getLogger(RealtimeEndpoint.class.getName());
  private static final String SUBSCRIBER = "vibegrapher.subscriber";

  @Inject RealtimeConnections connections;
  @Inject IdleTimerScheduler idleTimers;
  @Inject CredentialExpiry expiry;
  @Resource ManagedExecutorService executor;

  @Inject
  @ConfigProperty(name = "vibegrapher.ws.max-message-bytes")
  int maxMessageBytes;

  @OnOpen
  public void open(Session session) {
    session.setMaxTextMessageBufferSize(maxMessageBytes);
    // No idle timeout: the heartbeat keeps every live connection busy, and dead ones are found by
    // failed sends and TCP. Tyrus still restarts its (now empty) idle timer on every frame:
    // cheaply,
    // once the session has a scheduler of its own.
    idleTimers.adopt(session);
    session.setMaxIdleTimeout(0);
    WebSocketSubscriber subscriber = new WebSocketSubscriber(session, connections, executor);
    session.getUserProperties().put(SUBSCRIBER, subscriber);
    if (!connections.opened(subscriber, RealtimeConnections.Kind.WEBSOCKET, callerOf(session))) {
      // Upgrades that raced each other past ConnectionCap: the count taken here decides.
      subscriber.refuse(
          new CloseReason(
              CloseReason.CloseCodes.VIOLATED_POLICY,
              "too many connections: at most "
                  + connections.maxConnectionsPerCaller()
                  + " per caller"));
      return;
    }
    expiry.watch(subscriber, session.getUserPrincipal());
  }

  @OnMessage
  public void message(String text, Session session) {
    connections.handle(subscriber(session), text);
  }

  @OnClose
  public void close(Session session) {
    connections.closed(subscriber(session));
  }

  @OnError
  public void error(Session session, Throwable failure) {
    LOG.log(Level.FINE, "WebSocket failure", failure);
  }

  // Every /ws session has a caller (the upgrade needs one); the name is the caller's subject.
  private static String callerOf(Session session) {
    Principal caller = session.getUserPrincipal();
    return caller == null ? "" : caller.getName();
  }

  private static WebSocketSubscriber subscriber(Session session) {
    return (WebSocketSubscriber) session.getUserProperties().get(SUBSCRIBER);
  }
}
