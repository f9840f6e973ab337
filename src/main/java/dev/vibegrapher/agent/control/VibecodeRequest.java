package dev.vibegrapher.agent.control;

/**
 * What one run works on.
 *
 * @param memoryKey the coder's memory key (the session's openai_session_key)
 * @param baseCommit HEAD of the project when the request started
 */
public record VibecodeRequest(
    String memoryKey,
    String prompt,
    String fileName,
    String code,
    String baseCommit,
    String branch) {}
