/**
 * Implementation details of alert-core. Not an API: anything here may change in any release. Public only because
 * alert-core's other packages use it; other modules, alertkit's own included, do not (alertkit-architecture-tests
 * checks it). Helpers a provider module or a store needs live in {@link dev.alertkit.spi.support}.
 */
package dev.alertkit.internal;
