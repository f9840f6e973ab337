package floor;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** One JAX-RS resource over the bean, with JSON-B writing records. */
@ApplicationPath("api")
@Path("notes")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class NotesResource extends Application {
  public record NoteView(String id, String text) {}

  @Inject Notes notes;

  @GET
  public List<NoteView> list() {
    return notes.newestFirst().stream().map(n -> new NoteView(n.id, n.text)).toList();
  }

  @POST
  public NoteView add(String text) {
    Note note = notes.add(text);
    return new NoteView(note.id, note.text);
  }
}
