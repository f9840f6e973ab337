package floor;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The frame the floors send for a published event: numbered in memory, stamped, nothing stored. */
final class FloorFrames {

  private static final Pattern DATA = Pattern.compile("\"data\":(\\{.*\\})\\}\\s*$");
  private static final AtomicLong SEQ = new AtomicLong();

  private FloorFrames() {
  }

  static String of(String project, String body) {
    Matcher data = DATA.matcher(body);
    return "{\"type\":\"conversation_delta\",\"project_id\":\"" + project + "\",\"seq\":" + SEQ.incrementAndGet()
        + ",\"created_at\":\"" + Instant.now() + "\",\"data\":" + (data.find() ? data.group(1) : "{}") + "}";
  }
}
