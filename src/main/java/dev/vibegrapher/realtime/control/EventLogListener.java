package dev.vibegrapher.realtime.control;

import dev.vibegrapher.platform.control.DatabaseReady;
import dev.vibegrapher.platform.control.DedicatedConnections;
import dev.vibegrapher.platform.control.InstanceIdentity;
import dev.vibegrapher.platform.entity.ChangedElsewhere;
import dev.vibegrapher.project.entity.ProjectDeleted;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * On PostgreSQL, listens for the events other instances append to the shared log (EventLog's
 * NOTIFY) and has their subscribers here catch up from the log. The notification only wakes this
 * instance: what it offers is read from the log, in seq order, so a notification that is late,
 * repeated or lost (a dropped connection) costs no event: after every (re)connection, every project
 * watched here catches up from its last offered seq. It also hears which projects other instances
 * deleted, and tells this instance's features (ProjectDeleted, elsewhere) and which projects they
 * logged events of (ChangedElsewhere), so what they keep in memory follows the database; after a
 * (re)connection, when notices may have been missed, of every project. On H2, which one instance
 * only can open, there is nobody to listen to.
 */
@ApplicationScoped
public class EventLogListener {

  private static final Logger LOG = Logger.getLogger(EventLogListener.class.getName());
  static final String APPLICATION_NAME = "vibegrapher-event-log-listener";

  @Resource ManagedThreadFactory threads;
  @Inject DedicatedConnections connections;
  @Inject ProjectChannels channels;
  @Inject InstanceIdentity instance;
  @Inject Event<ProjectDeleted> deleted;
  @Inject Event<ChangedElsewhere> changed;

  /**
   * How long a wait for notifications lasts; after one with none, the connection is checked, so a
   * connection lost without a word is noticed within about twice this.
   */
  @Inject
  @ConfigProperty(name = "vibegrapher.events.listen-check-ms")
  int checkMillis;

  private volatile boolean stopping;
  private volatile Thread listening;
  private volatile Connection current;

  void start(@Observes DatabaseReady ready) {
    if (!connections.mayBePostgres()) {
      return; // H2: one instance only, nobody else to hear from
    }
    Thread thread = threads.newThread(this::listen);
    thread.setName("vibegrapher-event-log-listener");
    listening = thread;
    thread.start();
  }

  private void listen() {
    while (!stopping) {
      try (Connection connection = connections.open()) {
        current = connection;
        if (!connection.isWrapperFor(PGConnection.class)) {
          warnIfPostgresUnknown(connection);
          return;
        }
        PGConnection postgres = connection.unwrap(PGConnection.class);
        // Names it among the database's sessions (pg_stat_activity), for operators and tests.
        connection.setClientInfo("ApplicationName", APPLICATION_NAME);
        try (Statement statement = connection.createStatement()) {
          statement.execute("LISTEN " + EventLog.CHANNEL);
        }
        // Whatever was appended before LISTEN took effect (or while a lost connection was down),
        // and whatever else was announced meanwhile: deletions, changes to what is kept here.
        channels.catchUpAll();
        channels.forgetDeleted();
        changed.fire(ChangedElsewhere.anyProject());
        while (!stopping) {
          PGNotification[] notifications = postgres.getNotifications(checkMillis);
          if (notifications == null || notifications.length == 0) {
            if (!connection.isValid(Math.max(1, checkMillis / 1000))) {
              throw new SQLException("The listen connection no longer answers");
            }
            // A quiet moment: what a failed read of the log left behind is read again.
            channels.retryFailedCatchUps();
            continue;
          }
          for (PGNotification notification : notifications) {
            received(notification.getParameter());
          }
        }
      } catch (Exception | LinkageError failure) {
        if (stopping) {
          return;
        }
        // The driver's messages name the host at most, never the password.
        LOG.log(
            Level.WARNING,
            "Listening for other instances' events failed; listening again shortly",
            failure);
        pause();
      } finally {
        current = null;
      }
    }
  }

  /**
   * A server's pool may load its own PostgreSQL driver, which this application's cannot unwrap:
   * this instance then works alone, and says so.
   */
  private static void warnIfPostgresUnknown(Connection connection) throws SQLException {
    String product = connection.getMetaData().getDatabaseProductName();
    if (product.toLowerCase(Locale.ROOT).contains("postgres")) {
      LOG.warning(
          "The database is PostgreSQL, but its connections are not the driver's this application"
              + " carries: events logged by other instances reach subscribers here only when they"
              + " subscribe again. Run one instance, or let the pool load the application's driver.");
    }
  }

  private void received(String payload) {
    String[] words = payload.split(" ");
    if (words.length < 3 || words[0].equals(instance.id())) {
      return;
    }
    String projectId = words[1];
    if (words.length == 4 && words[2].equals(EventLog.DELETED)) {
      deleted.fire(new ProjectDeleted(projectId, words[3], true));
      return;
    }
    long seq;
    try {
      seq = Long.parseLong(words[2]);
    } catch (NumberFormatException notOurs) {
      return; // someone else's notification on the same channel name: nothing of ours to read
    }
    channels.loggedElsewhere(projectId, seq);
    changed.fire(new ChangedElsewhere(projectId));
  }

  private void pause() {
    try {
      Thread.sleep(checkMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping = true;
    }
  }

  @PreDestroy
  void stop() {
    stopping = true;
    Connection connection = current;
    if (connection != null) {
      try {
        // Unblocks the driver's read, which an interrupt does not.
        connection.close();
      } catch (SQLException ignored) {
        // Closing is all that was wanted.
      }
    }
    Thread thread = listening;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
