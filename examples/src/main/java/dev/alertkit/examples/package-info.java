/** Runnable, task-named example programs; {@link dev.alertkit.examples.Demo} is the README demo. */
package dev.alertkit.examples;
