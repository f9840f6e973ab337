package floor;

import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;

/** One WebSocket endpoint, so that the WebSocket container starts as it does in the app. */
@ServerEndpoint("/ws")
public class Socket {
  @OnMessage
  public String echo(String message) {
    return message;
  }
}
