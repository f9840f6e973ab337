package dev.vibegrapher.platform.control;

/** Fired once at start-up after the migrations; {@code reset} says the data was just dropped. */
public record DatabaseReady(boolean reset) {}
