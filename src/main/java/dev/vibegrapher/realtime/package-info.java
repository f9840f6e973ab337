/**
 * Real time: every event about a project reaches every client watching it, over WebSocket (/ws) or
 * Server-Sent Events, in the order of its per-project sequence number, and is kept in an event log
 * so that a client that reconnects gets exactly what it missed. Domain code only fires {@link
 * dev.vibegrapher.realtime.entity.ProjectEvent}; it never sees a socket.
 */
package dev.vibegrapher.realtime;
