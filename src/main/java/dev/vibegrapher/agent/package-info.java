/**
 * Agents: the VibeCoder and the Evaluator on the OpenAI Responses API, their persisted memory, and
 * the one door to the LLM ({@link dev.vibegrapher.agent.control.LlmGateway}).
 */
package dev.vibegrapher.agent;
