package dev.vibegrapher.client.agent;

/**
 * What a dashboard shows about the agents: their models, how many rounds a run may take, whether
 * runs can start.
 */
public record AgentsOverview(
    String coderModel, String evaluatorModel, int maxIterations, boolean llmConfigured) {}
