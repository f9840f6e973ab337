/**
 * Projects: a named git repository with one main file, and the test cases that check it. Creating,
 * reading, listing files and deleting, with the sample project seeded on first start.
 */
package dev.vibegrapher.project;
