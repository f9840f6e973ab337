package floor;

import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real-time floor: the least a WebSocket broadcast costs on the same Payara Micro. Every
 * subscribe is accepted, nothing is stored or numbered durably, and an event is sent to every
 * session from the publishing thread, the plainest way Jakarta WebSocket offers.
 */
@ServerEndpoint("/ws")
public class FloorSocket {

  static final Set<Session> SESSIONS = ConcurrentHashMap.newKeySet();

  @OnMessage
  public void message(String text, Session session) {
    if (text.contains("\"subscribe\"")) {
      SESSIONS.add(session);
      session.getAsyncRemote().sendText("{\"type\":\"subscribed\",\"data\":{\"last_seq\":0}}");
    }
  }

  @OnClose
  public void close(Session session) {
    SESSIONS.remove(session);
  }
}
