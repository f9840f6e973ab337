package floor;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.Timeout;

/** One CDI bean with a JPA read, a transactional write and a fault-tolerance timeout. */
@ApplicationScoped
public class Notes {
  @PersistenceContext EntityManager em;

  @Timeout(5000)
  public List<Note> newestFirst() {
    return em.createNamedQuery("Note.newestFirst", Note.class).getResultList();
  }

  @Transactional
  public Note add(String text) {
    Note note = new Note();
    note.id = UUID.randomUUID().toString();
    note.text = text;
    note.createdAt = LocalDateTime.now();
    em.persist(note);
    return note;
  }
}
