package dev.example.support;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Routes support tickets to a team by keywords, the Java port of the triage agent's rules. */
public final class TicketRouter {

  public enum Team {
    BILLING, TECHNICAL, ACCOUNT, GENERAL
  }

  public record Ticket(String customerId, String message, Team team, boolean urgent) {
  }

  private static final Set<String> URGENT_WORDS = Set.of("urgent", "immediately", "asap", "fraud");

  private final Map<Team, Set<String>> keywords = new EnumMap<>(Team.class);
  private final List<Ticket> routed = new ArrayList<>();

  public TicketRouter() {
    keywords.put(Team.BILLING, Set.of("invoice", "charge", "charged", "refund", "payment", "bill"));
    keywords.put(Team.TECHNICAL, Set.of("error", "crash", "bug", "broken", "login", "password"));
    keywords.put(Team.ACCOUNT, Set.of("account", "email", "username", "delete", "profile"));
  }

  public Ticket route(String customerId, String message) {
    if (message == null || message.isBlank()) {
      return remember(new Ticket(customerId, "", Team.GENERAL, false));
    }
    String text = message.toLowerCase(Locale.ROOT);
    Team best = Team.GENERAL;
    int bestScore = 0;
    for (Map.Entry<Team, Set<String>> entry : keywords.entrySet()) {
      int score = score(text, entry.getValue());
      if (score > bestScore) {
        best = entry.getKey();
        bestScore = score;
      }
    }
    return remember(new Ticket(customerId, message, best, isUrgent(text)));
  }

  private static int score(String text, Set<String> words) {
    int score = 0;
    for (String word : text.split("[^a-z']+")) {
      if (words.contains(word)) {
        score++;
      }
    }
    return score;
  }

  private static boolean isUrgent(String text) {
    for (String word : URGENT_WORDS) {
      if (text.contains(word)) {
        return true;
      }
    }
    return false;
  }

  private Ticket remember(Ticket ticket) {
    routed.add(ticket);
    return ticket;
  }

  public List<Ticket> routed() {
    return List.copyOf(routed);
  }

  public Map<Team, Integer> countsByTeam() {
    Map<Team, Integer> counts = new EnumMap<>(Team.class);
    for (Ticket ticket : routed) {
      counts.merge(ticket.team(), 1, Integer::sum);
    }
    return counts;
  }

  public static void main(String[] args) {
    TicketRouter router = new TicketRouter();
    for (String message : List.of(
        "I was charged twice on my last invoice",
        "The app crashes with an error when I log in",
        "Please delete my account",
        "What are your opening hours?")) {
      Ticket ticket = router.route("c-1", message);
      System.out.printf("%-9s %s%n", ticket.team(), message);
    }
    System.out.println(router.countsByTeam());
  }
}
