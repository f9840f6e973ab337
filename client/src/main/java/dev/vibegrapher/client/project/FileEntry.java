package dev.vibegrapher.client.project;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "FileEntry")
public record FileEntry(String path, @Schema(description = "Size in bytes") long size) {}
