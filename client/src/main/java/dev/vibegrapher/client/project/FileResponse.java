package dev.vibegrapher.client.project;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "FileContent")
public record FileResponse(String path, String content) {}
