/**
 * The one door to git: every repository operation of the product goes through JGit here, and clones
 * and fetches over git's smart HTTP (read-only) are served here too.
 */
package dev.vibegrapher.git;
