package dev.vibegrapher.project.boundary;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Only for /openapi: the page is written by {@link RenderedProjects}, each project's JSON kept
 * between requests.
 */
@Schema(name = "ProjectPage")
record ProjectPageView(
    List<ProjectSummary> projects,
    @Schema(
            nullable = true,
            description = "Pass as cursor for the next, older page; null on the last page")
        String nextCursor) {}
