/**
 * Sessions and messages: a conversation with the agents about a project, whose runs work in the
 * background while every step is stored and then published to the project's room.
 */
package dev.vibegrapher.session;
