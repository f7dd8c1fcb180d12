/**
 * Implementation details of alert-core. Not an API: anything here may change in any release. Public only because
 * other alertkit modules use it.
 */
package dev.alertkit.internal;
