/** The one door to git: every repository operation of the product goes through JGit here. */
package dev.vibegrapher.git;
