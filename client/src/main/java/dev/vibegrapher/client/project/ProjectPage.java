package dev.vibegrapher.client.project;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A page of projects, newest first, and the cursor of the next (older) page. The server writes it
 * from each project's JSON kept between requests; this record is how it reads.
 */
@Schema(name = "ProjectPage")
public record ProjectPage(
    List<ProjectSummary> projects,
    @Schema(
            nullable = true,
            description = "Pass as cursor for the next, older page; null on the last page")
        String nextCursor) {}
