/**
 * The audit log: who did what and when, for every decision that changes a project, its code or who
 * may call. Features record their facts here by a method call inside their own transaction, so an
 * entry exists exactly when its change does; admins read it newest first.
 */
package dev.vibegrapher.audit;
