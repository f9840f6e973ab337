package dev.vibegrapher.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BearerTokenTest {

  @Test
  void eachCallCarriesTheTokenOfTheMoment() {
    AtomicReference<String> token = new AtomicReference<>("vgp_first");
    BearerToken cut = new BearerToken(token::get);
    MultivaluedMap<String, String> outgoing = new MultivaluedHashMap<>();
    outgoing.putSingle("X-Trace", "t1");
    MultivaluedMap<String, String> sent = cut.update(new MultivaluedHashMap<>(), outgoing);
    assertEquals(List.of("Bearer vgp_first"), sent.get("Authorization"));
    assertEquals(List.of("t1"), sent.get("X-Trace"), "the other headers stay");
    token.set("vgp_renewed");
    assertEquals(
        List.of("Bearer vgp_renewed"),
        cut.update(new MultivaluedHashMap<>(), new MultivaluedHashMap<>()).get("Authorization"));
  }

  @Test
  void anAuthorizationOfTheCallItselfIsKeptAndNoTokenSendsNone() {
    MultivaluedMap<String, String> outgoing = new MultivaluedHashMap<>();
    outgoing.putSingle("Authorization", "Basic abc");
    assertEquals(
        List.of("Basic abc"),
        new BearerToken(() -> "vgp_x")
            .update(new MultivaluedHashMap<>(), outgoing)
            .get("Authorization"));
    assertNull(
        new BearerToken(() -> " ")
            .update(new MultivaluedHashMap<>(), new MultivaluedHashMap<>())
            .get("Authorization"));
  }
}
