package dev.vibegrapher.review.boundary;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "CommitInput")
public record CommitRequest(@Schema(description = "Overrides the evaluator's commit message") String commitMessage) {
}
