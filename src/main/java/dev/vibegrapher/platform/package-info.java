/**
 * What every feature stands on: configuration, the database and its migrations, the JSON wire
 * format, problem+json errors, body limits and health.
 */
package dev.vibegrapher.platform;
