/**
 * Sources of the Java snippets in README.md and docs/: each snippet is a region between {@code // tag::name[]} and
 * {@code // end::name[]} lines, compiled by the build and checked against the Markdown by {@code DocSnippetsTest}.
 * Snippets that need the testkit live in the same package under {@code src/test}.
 */
package dev.alertkit.examples.snippets;
